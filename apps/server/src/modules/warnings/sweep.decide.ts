import {
  colourReminderText,
  dayNumber,
  deadlineReminderDue,
  deadlineReminderText,
  evaluateColour,
  fromDayNumber,
  isCovered,
  isRepeatDay,
  isWorse,
  nextColourChangeDay,
  nextDeadlineReminderDay,
  nextRepeatDay,
  reportDueDay,
  reportDueText,
  rollUpColour,
  shanghaiDayNumber,
  type ReminderMatter,
  type WarningColour,
} from '@duban/shared';
import type { ColourUpdate, HistoryRow, SweepRow } from './sweep.repository';
import type { TenantRules } from './tenant-rules';

/** Who a reminder climbs to: yellow → handlers and liaisons; blue → + unit heads; red → + lead leader and 督查办. */
export type Audience = 'unit' | 'unit_head' | 'all';

/** What a reminder's text names of its matter besides the facts: read only for reminders still owed. */
export type ReminderNames = { title: string; unitName: string };

/** A reminder the sweep owes, before its recipients are looked up and its text is written. */
export type OwedReminder = {
  tenantId: number;
  matterId: number;
  kind: string;
  eventKey: string;
  text: (names: ReminderNames) => { title: string; body: string };
  audience: Audience;
  leadLeaderId: number | null;
};

export type Decision = {
  update: ColourUpdate;
  /** The stored colour row must be rewritten: colour, reasons or provisional flags differ. */
  rewrite: boolean;
  /** The next day to look again (YYYY-MM-DD), null for never without a write. */
  due: string | null;
  history: HistoryRow | null;
  reminders: OwedReminder[];
  from: WarningColour | null;
  to: WarningColour | null;
};

const AUDIENCE: Record<Exclude<WarningColour, 'green'>, Audience> = { yellow: 'unit', blue: 'unit_head', red: 'all' };

/** A parent's colour from its open children: the worst, with that child's reasons, named (rollUpColour). */
export const rollUp = rollUpColour;

function reminderMatter(n: ReminderNames, deadline: string, provisional: boolean): ReminderMatter {
  return { title: n.title, unitName: n.unitName, deadline, provisional };
}

function owe(reminders: OwedReminder[], row: SweepRow, kind: string, eventKey: string, text: OwedReminder['text'], audience: Audience): void {
  reminders.push({ tenantId: row.tenant_id, matterId: row.id, kind, eventKey, text, audience, leadLeaderId: row.lead_leader_id });
}

/**
 * Decides one matter at `at`: its colour and reasons (or, for a parent, those rolled up from its
 * children), the history row when the colour changed, the reminders it owes, and the next day to
 * look at it again.
 */
export function decide(row: SweepRow, at: Date, rules: TenantRules, rolled: ReturnType<typeof rollUp> | null): Decision {
  const { cal } = rules;
  const thresholds = rules.thresholdsFor(row.category_id);
  const facts = row.facts;
  const own = evaluateColour(facts, at, cal, thresholds);
  const useRoll = rolled !== null && rolled.colour !== null && own.colour !== null;
  const colour = useRoll ? rolled.colour : own.colour;
  const reasons = useRoll ? rolled.reasons : own.reasons;
  const today = shanghaiDayNumber(at);
  const todayIso = fromDayNumber(today); // = shanghaiDate(at), from the memo table instead of a Date per matter
  const changed = colour !== row.colour;
  const since = changed ? (colour === null ? null : at) : row.colour_since;
  const sinceDay = since ? shanghaiDayNumber(since) : today;
  const deadlineDay = dayNumber(facts.deadline);
  const deadlineProvisional = !isCovered(cal, facts.deadline);
  const reminders: OwedReminder[] = [];
  // Module functions, not named closures: under tsx each named closure costs a keepNames call per matter.

  const checks: (number | null)[] = [useRoll ? null : nextColourChangeDay(facts, colour, at, cal, thresholds)];
  if (colour !== null && colour !== 'green') {
    const every = rules.repeat[colour];
    if (changed && isWorse(colour, row.colour)) {
      owe(reminders, row, `warning.${colour}`, `colour:${row.id}:${colour}:${at.toISOString()}`, (n) => colourReminderText(colour, reminderMatter(n, facts.deadline, deadlineProvisional), reasons), AUDIENCE[colour]);
    } else if (!changed && isRepeatDay(cal, sinceDay, today, every)) {
      owe(reminders, row, `warning.${colour}.repeat`, `repeat:${row.id}:${colour}:${todayIso}`, (n) => colourReminderText(colour, reminderMatter(n, facts.deadline, deadlineProvisional), reasons, true), AUDIENCE[colour]);
    }
    checks.push(nextRepeatDay(cal, sinceDay, today, every));
  }

  const working = colour !== null && facts.status !== 'completion_requested' && facts.progress < 100;
  if (working) {
    const due = deadlineReminderDue(cal, today, deadlineDay);
    if (due) owe(reminders, row, `deadline.${due.kind}`, `due:${row.id}:${facts.deadline}:${due.kind}`, (n) => deadlineReminderText(reminderMatter(n, facts.deadline, deadlineProvisional), due.remaining, facts.progress), 'unit');
    checks.push(nextDeadlineReminderDay(cal, today, deadlineDay));
    const reportDue = reportDueDay(cal, facts);
    if (reportDue !== null && reportDue === today) {
      owe(reminders, row, 'report.due', `report:${row.id}:${todayIso}`, (n) => reportDueText(reminderMatter(n, facts.deadline, deadlineProvisional), facts.reportCadence, todayIso), 'unit');
    }
    if (reportDue !== null && reportDue > today) checks.push(reportDue);
  }

  let next: number | null = null;
  for (const c of checks) if (c !== null && c > today && (next === null || c < next)) next = c;
  const stored = row.reason_texts ?? [];
  const sameTexts = stored.length === reasons.length && reasons.every((r, i) => r.text === stored[i]);
  return {
    update: { id: row.id, colour, reasons, since: since ? since.toISOString() : null, provisional: own.provisional, deadline_provisional: deadlineProvisional },
    rewrite: changed || !sameTexts || own.provisional !== row.colour_provisional || deadlineProvisional !== row.deadline_provisional,
    due: next === null ? null : fromDayNumber(next),
    history: changed ? { tenant_id: row.tenant_id, matter_id: row.id, from_colour: row.colour, to_colour: colour, reasons } : null,
    reminders,
    from: row.colour,
    to: colour,
  };
}

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
  shanghaiDayNumber,
  worstColour,
  type MatterFacts,
  type ReminderMatter,
  type WarningColour,
  type WarningReason,
} from '@duban/shared';
import type { ColourUpdate, HistoryRow, SweepRow } from './sweep.repository';
import type { TenantRules } from './tenant-rules';

/** Who a reminder climbs to: yellow → handlers and liaisons; blue → + unit heads; red → + lead leader and 督查办. */
export type Audience = 'unit' | 'unit_head' | 'all';

/** A reminder the sweep owes, before its recipients are looked up. */
export type OwedReminder = {
  tenantId: number;
  matterId: number;
  kind: string;
  eventKey: string;
  title: string;
  body: string;
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

function factsOf(row: SweepRow): MatterFacts {
  return {
    status: row.status,
    startDate: row.start_date,
    deadline: row.deadline,
    progress: row.progress,
    milestones: (row.milestones ?? []).map((m) => ({ date: m.date, plannedProgress: Number(m.plannedProgress), description: m.description || null })),
    lastReportAt: row.last_report_at,
    lastProgressIncreaseAt: row.last_progress_at,
    assignedAt: row.assigned_at,
    reportCadence: row.report_cadence,
  };
}

/** A parent's colour from its open children: the worst, with that child's reasons, named. */
export function rollUp(children: readonly { title: string; colour: WarningColour | null; colour_reasons: WarningReason[] | null }[]) {
  const colour = worstColour(children.map((c) => c.colour));
  const worst = children.find((c) => c.colour === colour);
  const reasons = (worst?.colour_reasons ?? []).map((r) => ({ ...r, text: `子事项“${worst?.title ?? ''}”：${r.text}` }));
  return { colour, reasons };
}

/**
 * Decides one matter at `at`: its colour and reasons (or, for a parent, those rolled up from its
 * children), the history row when the colour changed, the reminders it owes, and the next day to
 * look at it again.
 */
export function decide(row: SweepRow, at: Date, rules: TenantRules, rolled: ReturnType<typeof rollUp> | null): Decision {
  const { cal } = rules;
  const thresholds = rules.thresholdsFor(row.category_id);
  const facts = factsOf(row);
  const own = evaluateColour(facts, at, cal, thresholds);
  const useRoll = rolled !== null && rolled.colour !== null && own.colour !== null;
  const colour = useRoll ? rolled.colour : own.colour;
  const reasons = useRoll ? rolled.reasons : own.reasons;
  const today = shanghaiDayNumber(at);
  const todayIso = fromDayNumber(today); // = shanghaiDate(at), from the memo table instead of a Date per matter
  const changed = colour !== row.colour;
  const since = changed ? (colour === null ? null : at) : row.colour_since;
  const sinceDay = since ? shanghaiDayNumber(since) : today;
  const deadlineDay = dayNumber(row.deadline);
  const m: ReminderMatter = { title: row.title, unitName: row.unit_name, deadline: row.deadline, provisional: !isCovered(cal, row.deadline) };
  const reminders: OwedReminder[] = [];
  const owe = (kind: string, eventKey: string, text: { title: string; body: string }, audience: Audience) =>
    reminders.push({ tenantId: row.tenant_id, matterId: row.id, kind, eventKey, ...text, audience, leadLeaderId: row.lead_leader_id });

  const checks: (number | null)[] = [useRoll ? null : nextColourChangeDay(facts, colour, at, cal, thresholds)];
  if (colour !== null && colour !== 'green') {
    const every = rules.repeat[colour];
    if (changed && isWorse(colour, row.colour)) {
      owe(`warning.${colour}`, `colour:${row.id}:${colour}:${at.toISOString()}`, colourReminderText(colour, m, reasons), AUDIENCE[colour]);
    } else if (!changed && isRepeatDay(cal, sinceDay, today, every)) {
      owe(`warning.${colour}.repeat`, `repeat:${row.id}:${colour}:${todayIso}`, colourReminderText(colour, m, reasons, true), AUDIENCE[colour]);
    }
    checks.push(nextRepeatDay(cal, sinceDay, today, every));
  }

  const working = colour !== null && row.status !== 'completion_requested' && row.progress < 100;
  if (working) {
    const due = deadlineReminderDue(cal, today, deadlineDay);
    if (due) owe(`deadline.${due.kind}`, `due:${row.id}:${row.deadline}:${due.kind}`, deadlineReminderText(m, due.remaining, row.progress), 'unit');
    checks.push(nextDeadlineReminderDay(cal, today, deadlineDay));
    const reportDue = reportDueDay(cal, facts);
    if (reportDue !== null && reportDue === today) {
      owe('report.due', `report:${row.id}:${todayIso}`, reportDueText(m, row.report_cadence, todayIso), 'unit');
    }
    if (reportDue !== null && reportDue > today) checks.push(reportDue);
  }

  let next: number | null = null;
  for (const c of checks) if (c !== null && c > today && (next === null || c < next)) next = c;
  const deadlineProvisional = !isCovered(cal, row.deadline);
  const sameTexts = (row.colour_reasons ?? []).map((r) => r.text).join('\n') === reasons.map((r) => r.text).join('\n');
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

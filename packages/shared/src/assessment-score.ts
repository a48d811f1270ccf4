import type { RuleBook } from './assessment-rules';
import { workdaysBetween, type WorkCalendar } from './calendar';
import type { MatterSource } from './matter-enums';
import { closedOnTime, closingDate, isClosedMatter, isOpenMatter, isOverdue, type MatterStatus } from './matter-facts';
import { addDays, type IsoDate } from './time';

/**
 * Points are derived, never typed in: a matter's outcomes (closure against its effective deadline,
 * red warnings on its own account, returned completions, the leader's rating) and the rule book
 * version in force give its score lines. Recomputing from the same history gives the same lines,
 * so a stored figure can always be checked and a past period replayed.
 */

/** One thing that happened to a matter and counts (from the trace / colour history), with its trace sequence. */
export type OutcomeEvent =
  | { seq: number; kind: 'turned_red'; on: IsoDate; own: boolean }
  | { seq: number; kind: 'returned'; on: IsoDate }
  | { seq: number; kind: 'rated'; on: IsoDate; stars: number }
  /** A scheduled report not made by its due day (`on`), derived from the cadence and the reports made; seq 0. */
  | { seq: number; kind: 'missed_report'; on: IsoDate }
  /** A field inspection whose finding disputed the reports; seq is the inspection's id. */
  | { seq: number; kind: 'disputed_inspection'; on: IsoDate };

/** What scoring needs to know of a matter for one unit. */
export type MatterOutcome = {
  matterId: number;
  /** Its document number, e.g. 二七督〔2026〕1006号, quoted in the explanation. */
  number: string;
  source: MatterSource;
  difficulty: number;
  workload: number;
  /** The effective deadline: after approved extensions. */
  deadline: IsoDate;
  /** Its status now: open and closed are told by matter-facts' one definition; 立项 and 撤销 never score. */
  status: MatterStatus;
  /** When it was closed (counts only in a closed status, by its Asia/Shanghai date: matter-facts' closingDate). */
  closedAt: Date | null;
  events: readonly OutcomeEvent[];
};

export type ScoreRule = 'on_time' | 'overdue' | 'red_warning' | 'returned' | 'rating' | 'missed_report' | 'disputed_inspection' | 'praise' | 'commend' | 'criticise' | 'satisfaction' | 'correction';
/**
 * `asOf`: the day the figures are read (today, for a period still running). An open matter's lateness counts up to
 * it and no further, as matter-facts' isOverdue(m, asOf) says; absent, the period's end.
 */
export type Period = { from: IsoDate; to: IsoDate; asOf?: IsoDate };
export type VersionedRuleBook = { version: number; rules: RuleBook };

/** One explainable score line: the rule, the matter, the evidence and the arithmetic. */
export type ScoreLine = {
  /** Stable within a matter's history: what a 容错 application names. */
  key: string;
  /** null for a line of no matter (通报表扬 of a unit, 满意率, an appeal's correction). */
  matterId: number | null;
  rule: ScoreRule;
  on: IsoDate;
  quantity: number;
  unitPoints: number;
  points: number;
  clause: string;
  /** Trace sequence of the event behind the line (null for the deadline arithmetic). */
  eventSeq: number | null;
  text: string;
};

const round2 = (x: number) => Math.round(x * 100) / 100;
const fmt = (x: number) => (x < 0 ? `−${Math.abs(x)}` : String(x));
const dayBefore = (d: IsoDate) => addDays(d, -1);
const inPeriod = (d: IsoDate, p: Period) => d >= p.from && d <= p.to;

/** The score lines of one matter falling in `period`, under one rule book version. */
export function scoreMatter(m: MatterOutcome, book: VersionedRuleBook, cal: WorkCalendar, period: Period): ScoreLine[] {
  const r = book.rules;
  const cite = (clause: string) => `依据《${r.name}》${clause}（第 ${book.version} 版）`;
  const line = (rule: ScoreRule, on: IsoDate, ref: string, quantity: number, unitPoints: number, clause: string, eventSeq: number | null, what: string): ScoreLine => {
    const points = round2(quantity * unitPoints);
    return { key: `${m.matterId}:${rule}:${ref}`, matterId: m.matterId, rule, on, quantity, unitPoints, points, clause, eventSeq, text: `${m.number} ${what} = ${fmt(points)}，${cite(clause)}` };
  };
  const lines: ScoreLine[] = [];
  if (!isOpenMatter(m.status) && !isClosedMatter(m.status)) return lines;
  const closedOn = closingDate(m);
  if (closedOn && inPeriod(closedOn, period) && closedOnTime(m)) {
    const unit = round2((r.base[m.source] ?? 0) * m.difficulty * m.workload * r.onTime.factor);
    lines.push(line('on_time', closedOn, 'closed', 1, unit, r.onTime.clause, null, `按期办结，基础分 ${r.base[m.source] ?? 0} × 难度 ${m.difficulty} × 工作量 ${m.workload} × ${r.onTime.factor}`));
  }
  // Late until: the closing day when closed late (closedOnTime false), or — open — the day read, when isOverdue then.
  // Overdue working days inside the period only, so consecutive periods never count a day twice;
  // the per-matter cap spans the matter's whole life (−5 at −0.5 a day: at most 10 days in all).
  const asOf = period.asOf && period.asOf < period.to ? period.asOf : period.to;
  const lateUntil = closedOn !== null ? (closedOnTime(m) ? null : closedOn) : isOverdue(m, asOf) ? asOf : null;
  const end = lateUntil !== null && lateUntil < period.to ? lateUntil : period.to;
  const start = m.deadline > dayBefore(period.from) ? m.deadline : dayBefore(period.from);
  const days = lateUntil !== null && end > start ? workdaysBetween(cal, start, end) : 0;
  const unit = r.overdueDay.points;
  if (days > 0 && unit !== 0) {
    const capDays = unit < 0 && r.overdueDay.capPerMatter <= 0 ? r.overdueDay.capPerMatter / unit : Infinity;
    const before = start > m.deadline ? workdaysBetween(cal, m.deadline, start) : 0;
    const counted = Math.min(days, Math.max(0, capDays - before));
    const note = counted < days ? `（单项封顶 ${fmt(r.overdueDay.capPerMatter)}，计 ${round2(counted)} 日）` : '';
    if (counted > 0) lines.push(line('overdue', end, period.from, round2(counted), unit, r.overdueDay.clause, null, `逾期 ${days} 个工作日${note} × ${fmt(unit)}`));
  }
  // Missed reports and disputed inspections: each a line, the matter's total of each kind in the period capped.
  const used = { missed_report: 0, disputed_inspection: 0 };
  const capped = (kind: 'missed_report' | 'disputed_inspection', e: OutcomeEvent, ref: string, what: string) => {
    const rule = kind === 'missed_report' ? r.items.missedReport : r.items.disputedInspection;
    if (rule.points === 0) return;
    const room = rule.points < 0 ? Math.min(0, rule.capPerMatter - used[kind]) : Infinity;
    const pts = rule.points < 0 ? Math.max(rule.points, room) : rule.points;
    if (pts === 0) return;
    used[kind] = round2(used[kind] + pts);
    const l = line(kind, e.on, ref, 1, rule.points, rule.clause, e.seq || null, `${what} 1 次 × ${fmt(rule.points)}`);
    lines.push(pts === l.points ? l : { ...l, points: round2(pts), text: `${l.text}（单项封顶 ${fmt(rule.capPerMatter)}，计 ${fmt(round2(pts))}）` });
  };
  for (const e of m.events) {
    if (!inPeriod(e.on, period)) continue;
    if (e.kind === 'missed_report') capped('missed_report', e, e.on, `应于 ${e.on} 前汇报进展未汇报`);
    if (e.kind === 'disputed_inspection') capped('disputed_inspection', e, String(e.seq), '现场督查发现汇报不实');
    if (e.kind === 'turned_red' && e.own) lines.push(line('red_warning', e.on, String(e.seq), 1, r.redWarning.points, r.redWarning.clause, e.seq, `红色预警 1 次 × ${fmt(r.redWarning.points)}`));
    if (e.kind === 'returned') lines.push(line('returned', e.on, String(e.seq), 1, r.returned.points, r.returned.clause, e.seq, `办结申请被退回 1 次 × ${fmt(r.returned.points)}`));
    if (e.kind === 'rated') {
      const stars = Math.min(5, Math.max(1, Math.round(e.stars)));
      const unit = r.rating.byStars[stars - 1] ?? 0;
      if (unit !== 0) lines.push(line('rating', e.on, String(e.seq), 1, unit, r.rating.clause, e.seq, `领导评价 ${stars} 星 × ${fmt(unit)}`));
    }
  }
  return lines;
}

/** A line as shown after 容错 decisions: an exempted line stays visible, struck through, and counts 0. */
export type DecidedLine = ScoreLine & { exempt: boolean };

/** Marks the lines whose keys an approved 容错 application names; every other line is unchanged. */
export function applyExemptions(lines: readonly ScoreLine[], exemptKeys: ReadonlySet<string>): DecidedLine[] {
  return lines.map((l) => ({ ...l, exempt: exemptKeys.has(l.key) }));
}

/** A period total within the rule book's caps: the raw sum of counting lines and the capped figure. */
export function periodTotal(lines: readonly Pick<DecidedLine, 'points' | 'exempt'>[], cap: RuleBook['periodCap']): { raw: number; total: number } {
  return cappedTotal(
    lines.reduce((s, l) => (l.exempt ? s : s + l.points), 0),
    cap,
  );
}

/** periodTotal of a running sum (the counting lines' points added in line order, from 0): what a streamed recompute keeps per subject. */
export function cappedTotal(sum: number, cap: RuleBook['periodCap']): { raw: number; total: number } {
  const raw = round2(sum);
  return { raw, total: Math.min(cap.max, Math.max(cap.min, raw)) };
}

/** 问责: the matters whose deadline a unit missed in the period, and whether they reach the rule book's threshold. */
export function accountability(lines: readonly DecidedLine[], threshold: number): { flagged: boolean; matterIds: number[] } {
  return accountabilityOf(
    lines.flatMap((l) => (countsForAccountability(l) && l.matterId !== null ? [l.matterId] : [])),
    threshold,
  );
}

/** accountability over the ids of the matters of a unit's counting overdue lines (repeats allowed). */
export function accountabilityOf(overdueMatterIds: Iterable<number>, threshold: number): { flagged: boolean; matterIds: number[] } {
  const matterIds = [...new Set(overdueMatterIds)].sort((a, b) => a - b);
  return { flagged: matterIds.length >= threshold, matterIds };
}

/** Whether a line counts towards a unit's 问责 (a deadline missed, not exempted). */
export const countsForAccountability = (l: Pick<DecidedLine, 'rule' | 'exempt' | 'matterId'>): boolean => l.rule === 'overdue' && !l.exempt && l.matterId !== null;

import { carriersOf, shareLines, type Carrier, type MatterPeople } from './assessment-period';
import { rankWithinGroups } from './assessment-rank';
import { accountability, applyExemptions, periodTotal, scoreMatter, type DecidedLine, type MatterOutcome, type OutcomeEvent, type Period, type VersionedRuleBook } from './assessment-score';
import type { WorkCalendar } from './calendar';

/**
 * A whole period: every matter's lines for each of its carriers (units, and cadres at their share),
 * 容错 exemptions applied, totals within the caps, 问责 flags for units and ranks within peer groups.
 * Pure: the server reads the facts, stores what this returns, and a recompute gives the same.
 */

export type PeriodMatter = {
  outcome: Omit<MatterOutcome, 'events'>;
  /** Events of the matter as a whole (red warnings, the rating). */
  shared: readonly OutcomeEvent[];
  /** Returned completions by unit; null: the return named no unit and counts for all. */
  returns: readonly { unitId: number | null; event: OutcomeEvent }[];
  people: MatterPeople;
};

export type SubjectKey = `${'unit' | 'person'}:${number}`;
/** A line as one subject carries it; `item` / `satisfaction` / `correction` lines belong to their subject alone. */
export type CarriedLine = DecidedLine & { subject: SubjectKey; share: number; role: Carrier['role'] | 'item' | 'satisfaction' | 'correction' };
export type SubjectTotal = { subject: SubjectKey; group: string; raw: number; total: number; matters: number; rank: number; groupSize: number; flagged: boolean; flaggedMatterIds: number[] };

/** Which peer group a subject is in; a subject without one (no archive rank) gets lines but no total. */
export type GroupOf = (subject: SubjectKey) => string | null;

/**
 * `extra`: lines that are not carried through a matter's split (documented 加扣分 items, 满意率, appeal
 * corrections; see assessment-items.ts) — they count for their subject, 容错 applies to them as to any line.
 */
export function assessPeriod(
  matters: readonly PeriodMatter[],
  book: VersionedRuleBook,
  cal: WorkCalendar,
  period: Period,
  exempt: ReadonlySet<string>,
  groupOf: GroupOf,
  extra: readonly Omit<CarriedLine, 'exempt'>[] = [],
): { lines: CarriedLine[]; totals: SubjectTotal[] } {
  const lines: CarriedLine[] = [];
  const carried = new Map<SubjectKey, Set<number>>();
  for (const m of matters) {
    // A person carries a matter once, at their largest share (a head who is also its handler is not paid twice).
    const best = new Map<SubjectKey, { c: Carrier; unitId: number | null }>();
    for (const u of m.people.units) {
      for (const c of carriersOf({ units: [u], leaderId: null }, book.rules.split)) {
        const key: SubjectKey = `${c.type}:${c.id}`;
        const had = best.get(key);
        if (!had || had.c.share < c.share) best.set(key, { c, unitId: u.unitId });
      }
    }
    if (m.people.leaderId !== null) {
      const [leader] = carriersOf({ units: [], leaderId: m.people.leaderId }, book.rules.split);
      const key: SubjectKey = `person:${m.people.leaderId}`;
      if (leader && (!best.has(key) || (best.get(key)?.c.share ?? 0) < leader.share)) best.set(key, { c: leader, unitId: null });
    }
    // Scored once per unit (its returns differ) and once for the leader, not once per person carrying it.
    const scored = new Map<number | null, ReturnType<typeof scoreMatter>>();
    const scoreFor = (unitId: number | null) => {
      let own = scored.get(unitId);
      if (!own) {
        // A unit (and its people) loses points for its own returns; the lead leader for every return.
        const returns = m.returns.filter((r) => unitId === null || r.unitId === null || r.unitId === unitId).map((r) => r.event);
        own = scoreMatter({ ...m.outcome, events: [...m.shared, ...returns] }, book, cal, period);
        scored.set(unitId, own);
      }
      return own;
    };
    for (const [subject, { c, unitId }] of best) {
      const own = scoreFor(unitId);
      if (!carried.has(subject)) carried.set(subject, new Set());
      carried.get(subject)?.add(m.outcome.matterId);
      for (const l of applyExemptions(shareLines(own, c.share), exempt)) lines.push({ ...l, subject, share: c.share, role: c.role });
    }
  }
  for (const l of extra) {
    if (!carried.has(l.subject)) carried.set(l.subject, new Set());
    if (l.matterId !== null) carried.get(l.subject)?.add(l.matterId);
    lines.push({ ...l, exempt: exempt.has(l.key) });
  }
  const entries: { id: number; group: string; score: number; subject: SubjectKey; raw: number; flagged: boolean; flaggedMatterIds: number[] }[] = [];
  const linesOf = new Map<SubjectKey, CarriedLine[]>();
  for (const l of lines) {
    const list = linesOf.get(l.subject);
    if (list) list.push(l);
    else linesOf.set(l.subject, [l]);
  }
  let i = 0;
  for (const subject of carried.keys()) {
    const group = groupOf(subject);
    if (group === null) continue;
    const own = linesOf.get(subject) ?? [];
    const { raw, total } = periodTotal(own, book.rules.periodCap);
    const acc = subject.startsWith('unit:') ? accountability(own, book.rules.accountabilityMisses) : { flagged: false, matterIds: [] };
    entries.push({ id: i++, group, score: total, subject, raw, flagged: acc.flagged, flaggedMatterIds: acc.flagged ? acc.matterIds : [] });
  }
  const totals = rankWithinGroups(entries).map((r) => {
    const e = entries[r.id]!;
    return { subject: e.subject, group: e.group, raw: e.raw, total: e.score, matters: carried.get(e.subject)?.size ?? 0, rank: r.rank, groupSize: r.groupSize, flagged: e.flagged, flaggedMatterIds: e.flaggedMatterIds };
  });
  return { lines, totals };
}

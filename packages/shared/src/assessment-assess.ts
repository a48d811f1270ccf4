import { carriersOf, sharedPoints, shareLines, type Carrier, type MatterPeople } from './assessment-period';
import { rankWithinGroups } from './assessment-rank';
import { accountabilityOf, applyExemptions, cappedTotal, countsForAccountability, scoreMatter, type DecidedLine, type MatterOutcome, type OutcomeEvent, type Period, type ScoreLine, type VersionedRuleBook } from './assessment-score';
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
  const acc = periodAccumulator(book, cal, period, exempt, groupOf, extra);
  const lines: CarriedLine[] = [];
  for (const m of matters) for (const l of acc.add(m)) lines.push(l);
  const done = acc.finish();
  return { lines: [...lines, ...done.lines], totals: done.totals };
}

/**
 * The version of how `lines` builds a scored matter's lines (shareLines, applyExemptions, the line's fields): bump it
 * with any change there, since stored lines are kept while what they are built from is unchanged (the server's
 * scored digest includes this number).
 */
export const LINES_FORMAT = 1;

/** A matter scored for a period: who carries it (in assessPeriod's order), at which share, with its lines before sharing. */
export type ScoredMatter = {
  matterId: number;
  /** Carriers scored alike (same returns) share one `own` array. */
  carriers: readonly { subject: SubjectKey; c: Carrier; own: readonly ScoreLine[] }[];
  /** How many lines `lines` gives for it: one per carrier and own line. */
  lineCount: number;
};

/** assessPeriod in steps; see periodAccumulator. */
export type PeriodAccumulator = {
  /** Scores a matter and counts it towards the totals (matters in assessPeriod's order, in any chunks). */
  score(m: PeriodMatter): ScoredMatter;
  /**
   * The explained lines a scored matter gives its carriers (counted by `score` already): a pure function of the
   * ScoredMatter and the 容错 decisions, so a caller that knows them unchanged may skip building them.
   */
  lines(s: ScoredMatter): CarriedLine[];
  /** score, then lines. */
  add(m: PeriodMatter): CarriedLine[];
  finish(): { lines: CarriedLine[]; totals: SubjectTotal[] };
};

/**
 * assessPeriod a matter at a time, for a period too large to hold (a million-matter tenant's quarter): `add` the
 * matters in the order assessPeriod would get them (any chunks) and store each one's lines as they come; `finish`
 * gives the extra lines and the totals. Only a running sum, a matter count and the overdue matters per subject are
 * kept, so the totals are assessPeriod's exactly (the same additions in the same order) in bounded memory.
 */
export function periodAccumulator(
  book: VersionedRuleBook,
  cal: WorkCalendar,
  period: Period,
  exempt: ReadonlySet<string>,
  groupOf: GroupOf,
  extra: readonly Omit<CarriedLine, 'exempt'>[] = [],
): PeriodAccumulator {
  type Acc = { sum: number; matters: number; overdue: number[] };
  // Insertion order is assessPeriod's: subjects as matters first carry them, then the extra lines' subjects.
  const subjects = new Map<SubjectKey, Acc>();
  const accOf = (s: SubjectKey) => {
    let a = subjects.get(s);
    if (!a) subjects.set(s, (a = { sum: 0, matters: 0, overdue: [] }));
    return a;
  };
  const count = (a: Acc, subject: SubjectKey, l: Pick<DecidedLine, 'rule' | 'exempt' | 'matterId' | 'points'>) => {
    if (!l.exempt) a.sum += l.points;
    if (subject.startsWith('unit:') && countsForAccountability(l) && l.matterId !== null) a.overdue.push(l.matterId);
  };
  // An extra line naming a matter its subject also carried does not count that matter twice.
  const extraPairs = new Set(extra.flatMap((l) => (l.matterId === null ? [] : [`${l.subject}|${l.matterId}`])));
  const carriedPairs = new Set<string>();
  let finished = false;
  const acc: PeriodAccumulator = {
    score(m) {
      if (finished) throw new Error('periodAccumulator: add after finish');
      const carriers: ScoredMatter['carriers'][number][] = [];
      let lineCount = 0;
      for (const [subject, { c, own }] of carriedBy(m, book, cal, period)) {
        const a = accOf(subject);
        a.matters++;
        const pair = `${subject}|${m.outcome.matterId}`;
        if (extraPairs.has(pair)) carriedPairs.add(pair);
        carriers.push({ subject, c, own });
        lineCount += own.length;
        // The points and 容错 flag each line of `lines` will have (sharedPoints is shareLines' arithmetic), counted
        // in the same order as the lines, so the totals do not depend on whether the lines are ever built. (count's
        // work written out: this runs for every carrier of every line of a quarter, millions of times.)
        const unit = subject.startsWith('unit:');
        for (const l of own) {
          const lineExempt = exempt.has(l.key);
          if (!lineExempt) a.sum += sharedPoints(l.points, c.share);
          if (unit && l.matterId !== null && countsForAccountability({ rule: l.rule, exempt: lineExempt, matterId: l.matterId })) a.overdue.push(l.matterId);
        }
      }
      return { matterId: m.outcome.matterId, carriers, lineCount };
    },
    lines(s) {
      const lines: CarriedLine[] = [];
      // Handlers of one unit share the same scored lines at the same share: shared out once.
      const decided = new Map<readonly ScoreLine[], Map<number, DecidedLine[]>>();
      for (const { subject, c, own } of s.carriers) {
        let byShare = decided.get(own);
        if (!byShare) decided.set(own, (byShare = new Map()));
        let mine = byShare.get(c.share);
        if (!mine) byShare.set(c.share, (mine = applyExemptions(shareLines(own, c.share), exempt)));
        for (const l of mine) {
          // Written out rather than spread: one object shape for every line of a quarter (millions of them).
          lines.push({ key: l.key, matterId: l.matterId, rule: l.rule, on: l.on, quantity: l.quantity, unitPoints: l.unitPoints, points: l.points, clause: l.clause, eventSeq: l.eventSeq, text: l.text, exempt: l.exempt, subject, share: c.share, role: c.role });
        }
      }
      return lines;
    },
    add(m) {
      return acc.lines(acc.score(m));
    },
    finish() {
      finished = true;
      const lines: CarriedLine[] = [];
      for (const l of extra) {
        const a = accOf(l.subject);
        if (l.matterId !== null) {
          const pair = `${l.subject}|${l.matterId}`;
          if (!carriedPairs.has(pair)) {
            carriedPairs.add(pair);
            a.matters++;
          }
        }
        const line: CarriedLine = { ...l, exempt: exempt.has(l.key) };
        count(a, l.subject, line);
        lines.push(line);
      }
      const entries: { id: number; group: string; score: number; subject: SubjectKey; raw: number; flagged: boolean; flaggedMatterIds: number[]; matters: number }[] = [];
      for (const [subject, a] of subjects) {
        const group = groupOf(subject);
        if (group === null) continue;
        const { raw, total } = cappedTotal(a.sum, book.rules.periodCap);
        const flag = subject.startsWith('unit:') ? accountabilityOf(a.overdue, book.rules.accountabilityMisses) : { flagged: false, matterIds: [] };
        entries.push({ id: entries.length, group, score: total, subject, raw, flagged: flag.flagged, flaggedMatterIds: flag.flagged ? flag.matterIds : [], matters: a.matters });
      }
      const totals = rankWithinGroups(entries).map((r) => {
        const e = entries[r.id]!;
        return { subject: e.subject, group: e.group, raw: e.raw, total: e.score, matters: e.matters, rank: r.rank, groupSize: r.groupSize, flagged: e.flagged, flaggedMatterIds: e.flaggedMatterIds };
      });
      return { lines, totals };
    },
  };
  return acc;
}

/** Who carries a matter (each person once, at their largest share) and the lines scored for them (unshared). */
function carriedBy(m: PeriodMatter, book: VersionedRuleBook, cal: WorkCalendar, period: Period): Map<SubjectKey, { c: Carrier; own: ScoreLine[] }> {
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
  // Scored once per set of returns that counts (a unit's own, all of them for the leader), not once per person
  // carrying it: a matter with no return (most) is scored once.
  const scored = new Map<string, ScoreLine[]>();
  const scoreFor = (unitId: number | null) => {
    // A unit (and its people) loses points for its own returns; the lead leader for every return.
    const returns = m.returns.filter((r) => unitId === null || r.unitId === null || r.unitId === unitId);
    const key = returns.map((r) => r.event.seq).join(',');
    let own = scored.get(key);
    if (!own) {
      own = scoreMatter({ ...m.outcome, events: [...m.shared, ...returns.map((r) => r.event)] }, book, cal, period);
      scored.set(key, own);
    }
    return own;
  };
  const out = new Map<SubjectKey, { c: Carrier; own: ScoreLine[] }>();
  for (const [subject, { c, unitId }] of best) out.set(subject, { c, own: scoreFor(unitId) });
  return out;
}

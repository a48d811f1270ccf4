import { z } from 'zod';
import type { RuleBook } from './assessment-rules';
import type { DecidedLine, Period, ScoreLine } from './assessment-score';
import type { Rank, UnitKind } from './org';
import type { IsoDate } from './time';

/**
 * Assessment periods, peer groups and who carries a matter's points: the pure parts of recomputing
 * a period (the server reads the database, these decide).
 */

/** A quarter (2026Q4) or a year (2026). */
export type PeriodCode = string;
export type AssessmentPeriod = Period & { code: PeriodCode; kind: 'quarter' | 'year'; label: string };

export const periodCodeSchema = z
  .string({ error: '请填写考核期间' })
  .trim()
  .regex(/^(20\d{2})(Q[1-4])?$/, { error: '考核期间格式应为 2026Q4（季度）或 2026（年度）' });

const QUARTER_START = ['01-01', '04-01', '07-01', '10-01'] as const;
const QUARTER_END = ['03-31', '06-30', '09-30', '12-31'] as const;
const QUARTER_LABEL = ['第一季度', '第二季度', '第三季度', '第四季度'] as const;

/** The dates of a period code, or null when it is not one (2026Q5, 26Q1). */
export function parsePeriod(code: string): AssessmentPeriod | null {
  const m = /^(20\d{2})(?:Q([1-4]))?$/.exec(code.trim());
  if (!m) return null;
  const year = m[1]!;
  if (!m[2]) return { code: year, kind: 'year', from: `${year}-01-01`, to: `${year}-12-31`, label: `${year}年度` };
  const q = Number(m[2]) - 1;
  return { code: `${year}Q${q + 1}`, kind: 'quarter', from: `${year}-${QUARTER_START[q]}`, to: `${year}-${QUARTER_END[q]}`, label: `${year}年${QUARTER_LABEL[q]}` };
}

/** The period before (2027Q1 → 2026Q4, 2026 → 2025): the league table's movement compares with it. */
export function previousPeriod(code: string): PeriodCode | null {
  const p = parsePeriod(code);
  if (!p) return null;
  const year = Number(p.code.slice(0, 4));
  if (p.kind === 'year') return String(year - 1);
  const q = Number(p.code.slice(5));
  return q === 1 ? `${year - 1}Q4` : `${year}Q${q - 1}`;
}

/** The period a date falls in, by kind. */
export function periodOf(date: IsoDate, kind: 'quarter' | 'year'): PeriodCode {
  const year = date.slice(0, 4);
  return kind === 'year' ? year : `${year}Q${Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1}`;
}

/**
 * 同类同考: 街道 and 乡镇 are assessed together, every other unit as 区直单位. A division (处室) is
 * in its parent's group. Cadres are grouped by their unit's group and their rank.
 */
export type PeerGroup = 'street' | 'district';
export const PEER_GROUP_LABELS: Record<PeerGroup, string> = { street: '街道（乡镇）', district: '区直单位' };

export function unitPeerGroup(kind: UnitKind, parentKind: UnitKind | null = null): PeerGroup {
  const k = kind === 'division' && parentKind ? parentKind : kind;
  return k === 'street' || k === 'town' ? 'street' : 'district';
}

/** Ranks that have an archive (科级干部 and up). */
export const ARCHIVE_RANKS: readonly Rank[] = ['county_principal', 'county_deputy', 'section_principal', 'section_deputy'];

export function cadrePeerGroup(unitGroup: PeerGroup, rank: Rank): string {
  return `${unitGroup}:${rank}`;
}

/** Who carries a matter's points and at which share; a person may appear in several roles (shares add up). */
export type Carrier = { type: 'unit' | 'person'; id: number; share: number; role: 'lead' | 'co' | 'leader' | 'unit_head' | 'handler' };

export type MatterPeople = {
  units: readonly { unitId: number; role: 'lead' | 'co'; headIds: readonly number[]; handlerIds: readonly number[] }[];
  leaderId: number | null;
};

/** The carriers of one matter under the rule book's split (a zero share carries nothing). */
export function carriersOf(m: MatterPeople, split: RuleBook['split']): Carrier[] {
  const out: Carrier[] = [];
  for (const u of m.units) {
    const unitShare = u.role === 'lead' ? split.lead : split.co;
    out.push({ type: 'unit', id: u.unitId, share: unitShare, role: u.role });
    for (const h of u.headIds) out.push({ type: 'person', id: h, share: unitShare * split.unitHead, role: 'unit_head' });
    for (const h of u.handlerIds) out.push({ type: 'person', id: h, share: unitShare * split.handler, role: 'handler' });
  }
  if (m.leaderId !== null) out.push({ type: 'person', id: m.leaderId, share: split.leader, role: 'leader' });
  return out.filter((c) => c.share > 0);
}

const round2 = (x: number) => Math.round(x * 100) / 100;
const fmt = (x: number) => (x < 0 ? `−${Math.abs(x)}` : String(x));

/** A line's points at a carrier's share (what shareLines writes; a full share keeps the points). */
export const sharedPoints = (points: number, share: number): number => (share === 1 ? points : round2(points * share));

/** A carrier's lines: points × share, the share said in the text (a full share reads as before). */
export function shareLines(lines: readonly ScoreLine[], share: number): ScoreLine[] {
  if (share === 1) return [...lines];
  return lines.map((l) => {
    const points = sharedPoints(l.points, share);
    return { ...l, points, text: `${l.text}；按 ${round2(share * 100)}% 计 ${fmt(points)}` };
  });
}

/** What-if for 容错: a subject's total with and without exempting the named lines. */
export function withAndWithout(lines: readonly DecidedLine[], keys: ReadonlySet<string>, cap: RuleBook['periodCap']): { without: number; with: number } {
  const sum = (ls: readonly DecidedLine[]) => Math.min(cap.max, Math.max(cap.min, round2(ls.reduce((s, l) => (l.exempt ? s : s + l.points), 0))));
  return { without: sum(lines), with: sum(lines.map((l) => (keys.has(l.key) ? { ...l, exempt: true } : l))) };
}

/**
 * League tables within peer groups (同类同考: 街道 with 街道, 区直单位 with 区直单位, cadres by rank),
 * grade bands with an enforced 优秀 quota, and the cadre composite for personnel selection.
 */

export type Scored = { id: number; group: string; score: number };
export type Ranked = Scored & { rank: number; groupSize: number };

/**
 * Ranks within each peer group, highest score first, with standard competition ranking for ties
 * (two units on 95 are both 1st, the next is 3rd); ties keep id order for a stable listing.
 */
export function rankWithinGroups(entries: readonly Scored[]): Ranked[] {
  const groups = new Map<string, Scored[]>();
  for (const e of entries) groups.set(e.group, [...(groups.get(e.group) ?? []), e]);
  const out: Ranked[] = [];
  for (const members of groups.values()) {
    const sorted = [...members].sort((a, b) => b.score - a.score || a.id - b.id);
    sorted.forEach((e, i) => {
      const rank = i > 0 && sorted[i - 1]!.score === e.score ? out[out.length - 1]!.rank : i + 1;
      out.push({ ...e, rank, groupSize: sorted.length });
    });
  }
  return out;
}

export const GRADES = ['excellent', 'competent', 'basic', 'incompetent'] as const;
export type Grade = (typeof GRADES)[number];
export const GRADE_LABELS: Record<Grade, string> = { excellent: '优秀', competent: '称职', basic: '基本称职', incompetent: '不称职' };

/**
 * How many of a group of n may be 优秀: ⌊n × quota⌋ (rounded down, so 20% of 12 is 2, not 3).
 * A group of fewer than 1 / quota people gets none by this rule; that is the stated rounding.
 */
export function excellentSeats(n: number, quota: number): number {
  return Math.floor(n * quota + 1e-9);
}

/**
 * Proposed grades: 优秀 for those ranked within the seats, where a tie straddling the last seat
 * leaves all tied people out (the quota is never exceeded; the organisation department decides
 * between them); everyone else 称职. 基本称职 / 不称职 are decisions of people, never proposed here.
 */
export function proposeGrades(ranked: readonly Ranked[], quota: number): Map<number, Grade> {
  const grades = new Map<number, Grade>();
  for (const r of ranked) {
    const seats = excellentSeats(r.groupSize, quota);
    const tiedAtOrAbove = ranked.filter((o) => o.group === r.group && o.score >= r.score).length;
    grades.set(r.id, tiedAtOrAbove <= seats ? 'excellent' : 'competent');
  }
  return grades;
}

/**
 * The cadre composite (default 40% quantified, 60% the organisation department's part, both on
 * 0–100): the quantified score is put on 60–100 within the peer group (lowest 60, highest 100, all
 * 100 when everyone scores the same) so a small difference in points is not a 100-point gap.
 */
export function composite(score: number, groupScores: readonly number[], orgPart: number, quantifiedWeight: number): number {
  const lo = Math.min(...groupScores);
  const hi = Math.max(...groupScores);
  const index = hi === lo ? 100 : 60 + (40 * (score - lo)) / (hi - lo);
  return Math.round((quantifiedWeight * index + (1 - quantifiedWeight) * orgPart) * 100) / 100;
}

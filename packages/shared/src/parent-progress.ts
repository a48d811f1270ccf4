/** A sub-matter as the parent's progress reads it. */
export type ChildProgress = { progress: number; weight: number; cancelled?: boolean };

/** The weight of a parent's own part beside its children: that of one ordinary sub-matter (the default weight). */
export const OWN_PART_WEIGHT = 1;

/** A parent's progress and the two parts it is made of (for the matter page). */
export type ParentProgress = { progress: number; own: number | null; children: number | null };

const clamp = (p: number) => Math.min(100, Math.max(0, p));
const round2 = (p: number) => Math.round(p * 100) / 100;

/**
 * A decomposed matter's progress (上级事项进度): the weighted average of its live sub-matters
 * (each by its weight; cancelled ones left out) and, once its own units have reported, its own
 * reported progress counting as one more part of weight OWN_PART_WEIGHT. Without children it is its
 * own progress. The one figure the matter page, the chart and the colour rules all use.
 */
export function parentProgress(own: number | null, children: readonly ChildProgress[]): ParentProgress {
  const live = children.filter((c) => !c.cancelled);
  const weightOf = (c: ChildProgress) => (c.weight > 0 ? c.weight : 1);
  const childWeight = live.reduce((s, c) => s + weightOf(c), 0);
  const childSum = live.reduce((s, c) => s + clamp(c.progress) * weightOf(c), 0);
  const childPart = childWeight > 0 ? round2(childSum / childWeight) : null;
  const ownPart = own === null ? null : round2(clamp(own));
  const weight = childWeight + (ownPart === null ? 0 : OWN_PART_WEIGHT);
  const sum = childSum + (ownPart === null ? 0 : ownPart * OWN_PART_WEIGHT);
  return { progress: weight > 0 ? round2(sum / weight) : 0, own: ownPart, children: childPart };
}

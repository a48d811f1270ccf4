/** The four warning colours (四色预警), from best to worst. */
export const COLOUR_ORDER = ['green', 'yellow', 'blue', 'red'] as const;
export type WarningColour = (typeof COLOUR_ORDER)[number];

export const COLOUR_LABELS: Record<WarningColour, { label: string; meaning: string }> = {
  green: { label: '绿色', meaning: '正常推进' },
  yellow: { label: '黄色', meaning: '进度滞后' },
  blue: { label: '蓝色', meaning: '进度停滞' },
  red: { label: '红色', meaning: '逾期未办' },
};

/** 0 (green) … 3 (red); null — a matter with no colour — ranks below green at −1. */
export function colourRank(colour: WarningColour | null): number {
  return colour === null ? -1 : COLOUR_ORDER.indexOf(colour);
}

/** True when `a` is strictly worse than `b` (any colour is worse than none). */
export function isWorse(a: WarningColour | null, b: WarningColour | null): boolean {
  return colourRank(a) > colourRank(b);
}

/** The worst colour among open children (nulls — closed ones — are skipped); null when there is none. */
export function worstColour(colours: Iterable<WarningColour | null>): WarningColour | null {
  let worst: WarningColour | null = null;
  for (const c of colours) if (isWorse(c, worst)) worst = c;
  return worst;
}

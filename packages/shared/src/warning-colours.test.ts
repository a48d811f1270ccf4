import { describe, expect, it } from 'vitest';
import { COLOUR_LABELS, COLOUR_ORDER, colourRank, isWorse, worstColour } from './warning-colours';

describe('warning colours', () => {
  it('orders green < yellow < blue < red, with no colour below green', () => {
    expect(COLOUR_ORDER).toEqual(['green', 'yellow', 'blue', 'red']);
    expect(COLOUR_ORDER.map(colourRank)).toEqual([0, 1, 2, 3]);
    expect(colourRank(null)).toBe(-1);
    expect(isWorse('blue', 'yellow')).toBe(true);
    expect(isWorse('yellow', 'blue')).toBe(false);
    expect(isWorse('red', 'red')).toBe(false);
    expect(isWorse('green', null)).toBe(true);
  });

  it('labels them as the seeds do', () => {
    expect(COLOUR_ORDER.map((c) => `${COLOUR_LABELS[c].label}${COLOUR_LABELS[c].meaning}`)).toEqual([
      '绿色正常推进',
      '黄色进度滞后',
      '蓝色进度停滞',
      '红色逾期未办',
    ]);
  });

  it('rolls a parent up to its worst open child, none when all are closed', () => {
    expect(worstColour(['green', 'blue', null, 'yellow'])).toBe('blue');
    expect(worstColour([null, null])).toBeNull();
    expect(worstColour([])).toBeNull();
    expect(worstColour(new Set(['green' as const]))).toBe('green');
  });
});

import { describe, expect, it } from 'vitest';
import { chineseDate, chineseDateRange } from './time';

describe('chinese dates', () => {
  it('writes dates and periods as 公文 do, repeating only what changes', () => {
    expect(chineseDate('2026-03-05')).toBe('2026年3月5日');
    expect(chineseDateRange('2026-11-30', '2026-12-06')).toBe('2026年11月30日至12月6日');
    expect(chineseDateRange('2026-12-01', '2026-12-07')).toBe('2026年12月1日至7日');
    expect(chineseDateRange('2026-12-28', '2027-01-03')).toBe('2026年12月28日至2027年1月3日');
  });
});

import { describe, expect, it } from 'vitest';
import { citizenLookupSchema, citizenReportSchema, clusterReached, lastFourMatches, publicText, redactText, REDACTED_MARK } from './citizens';

describe('the citizens’ rules', () => {
  it('hides every hidden sentence, the longest first', () => {
    expect(redactText('井盖缺失。张三家乱倒垃圾。张三', ['张三', '张三家乱倒垃圾。'])).toBe(`井盖缺失。${REDACTED_MARK}${REDACTED_MARK}`);
    expect(redactText(null, ['x'])).toBeNull();
  });

  it('matches the last 4 digits only, digit for digit', () => {
    expect(lastFourMatches('13800001234', '1234')).toBe(true);
    expect(lastFourMatches('13800001234', '1233')).toBe(false);
    expect(lastFourMatches(null, '1234')).toBe(false);
    expect(lastFourMatches('13800001234', '12a4')).toBe(false);
  });

  it('flags a cluster at the threshold', () => {
    expect(clusterReached(4, 5)).toBe(false);
    expect(clusterReached(5, 5)).toBe(true);
  });

  it('takes an anonymous report with a place, and refuses one without, in Chinese', () => {
    expect(citizenReportSchema.parse({ categoryId: 3, description: '井盖缺失', lat: 34.7, lon: 113.6, mobile: '' })).toMatchObject({ mobile: undefined, photos: [] });
    const bad = citizenReportSchema.safeParse({ categoryId: 3, description: '井盖缺失' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toBe('请定位、在地图上点选位置或填写地址');
    expect(citizenLookupSchema.parse({ ticket: ' wg20261118000001 ', last4: '1234' }).ticket).toBe('WG20261118000001');
  });
});

describe('publicText', () => {
  it('hides what staff hid, then masks personal data, and keeps null as null', () => {
    expect(publicText('张三家门口井盖坏了，电话13812345678', ['张三家'])).toBe('【该内容已隐去】门口井盖坏了，电话138****5678');
    expect(publicText(null)).toBeNull();
  });
});

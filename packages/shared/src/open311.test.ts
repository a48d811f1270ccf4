import { describe, expect, it } from 'vitest';
import { parseHotlineRating, parseHotlineUrgency, parseW3Datetime, redactPersonalText, w3Datetime } from './open311';

describe('Open311 datetimes', () => {
  it('writes Beijing time with the +08:00 offset', () => {
    expect(w3Datetime(new Date('2026-12-07T01:30:05.123Z'))).toBe('2026-12-07T09:30:05+08:00');
    expect(w3Datetime(new Date('2026-12-31T16:00:00Z'))).toBe('2027-01-01T00:00:00+08:00');
  });

  it('reads the spec\'s forms: Z, an offset, no offset (Beijing), a date alone', () => {
    expect(parseW3Datetime('2010-05-24T00:00:00Z')?.toISOString()).toBe('2010-05-24T00:00:00.000Z');
    expect(parseW3Datetime('1994-11-05T08:15:30-05:00')?.toISOString()).toBe('1994-11-05T13:15:30.000Z');
    expect(parseW3Datetime('2026-12-07T08:00:00')?.toISOString()).toBe('2026-12-07T00:00:00.000Z');
    expect(parseW3Datetime('2026-12-07')?.toISOString()).toBe('2026-12-06T16:00:00.000Z');
    expect(parseW3Datetime('2026-02-30T00:00:00Z')).toBeNull();
    expect(parseW3Datetime('yesterday')).toBeNull();
  });
});

describe('personal data in published text', () => {
  it('masks mobiles, ID numbers, landlines and e-mail addresses, and leaves the rest', () => {
    expect(redactPersonalText('请联系张先生13812345678或+86 139-1234-5678')).toBe('请联系张先生138****5678或139****5678');
    expect(redactPersonalText('身份证410103199001011234')).toBe('身份证410103********1234');
    expect(redactPersonalText('电话0371-66661234，邮箱zhang.san@example.com')).toBe('电话0371-****1234，邮箱z***@example.com');
    expect(redactPersonalText('工人路 12 号井盖缺失，约 3 平方米')).toBe('工人路 12 号井盖缺失，约 3 平方米');
  });
});

describe('hotline values', () => {
  it('reads ratings and urgencies as the sheet writes them', () => {
    expect(parseHotlineRating('基本满意')).toBe('basic');
    expect(parseHotlineRating('')).toBeNull();
    expect(parseHotlineUrgency('紧急')).toBe('urgent');
    expect(parseHotlineUrgency('critical')).toBe('critical');
    expect(parseHotlineUrgency('很急')).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { mobileSearchHash, normaliseMobile, openPii, sealMobile, sealPii } from './pii';

describe('personal data at rest (SM4 + HMAC-SM3)', () => {
  const key = 'k'.repeat(48);

  it('round-trips, with a fresh IV each time, and refuses another key or an altered text', () => {
    const a = sealPii(key, '13812341234');
    const b = sealPii(key, '13812341234');
    expect(a).not.toBe(b);
    expect(a.startsWith('s4:')).toBe(true);
    expect(openPii(key, a)).toBe('13812341234');
    expect(() => openPii('other'.repeat(10), a)).toThrow();
    const raw = Buffer.from(a.slice(3), 'base64url');
    raw[20] = (raw[20] ?? 0) ^ 1;
    expect(() => openPii(key, `s4:${raw.toString('base64url')}`)).toThrow(/integrity/);
  });

  it('hashes a number the same way whatever its spelling, and differently under another key', () => {
    expect(normaliseMobile('+86 138-1234-1234')).toBe('13812341234');
    expect(mobileSearchHash(key, '+86 138 1234 1234')).toBe(mobileSearchHash(key, '13812341234'));
    expect(mobileSearchHash('x'.repeat(48), '13812341234')).not.toBe(mobileSearchHash(key, '13812341234'));
    expect(sealMobile(key, null)).toEqual({ enc: null, hash: null });
    const { enc, hash } = sealMobile(key, '13812341234');
    expect(openPii(key, enc ?? '')).toBe('13812341234');
    expect(hash).toBe(mobileSearchHash(key, '13812341234'));
  });
});

import { describe, expect, it } from 'vitest';
import { megabytes } from './uploadLimit';

describe('megabytes', () => {
  it('says sizes as people read them', () => {
    expect(megabytes(20 * 1024 * 1024)).toBe('20');
    expect(megabytes(30 * 1000 * 1000)).toBe('29');
    expect(megabytes(400 * 1024)).toBe('0.4');
    expect(megabytes(1.25 * 1024 * 1024)).toBe('1.3');
  });
});

import { describe, expect, it } from 'vitest';
import { leadingZeroBits, proofHolds, searchProof } from './pow';

describe('proof of work', () => {
  it('counts the leading zero bits of a digest', () => {
    expect(leadingZeroBits(new Uint8Array([0x80]))).toBe(0);
    expect(leadingZeroBits(new Uint8Array([0x00, 0x01]))).toBe(15);
    expect(leadingZeroBits(new Uint8Array([0x00, 0x00]))).toBe(16);
  });

  it('finds a nonce that holds at the difficulty, and it does not hold for another challenge', () => {
    const nonce = searchProof('t.1.12.abc.sig', 12, 0, 1_000_000);
    expect(nonce).not.toBeNull();
    expect(proofHolds('t.1.12.abc.sig', nonce ?? -1, 12)).toBe(true);
    // Any nonce before it does not hold.
    expect(searchProof('t.1.12.abc.sig', 12, 0, nonce ?? 0)).toBeNull();
  });
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openRuntime } from '../bootstrap';
import { testConfig } from '../config';
import type * as Crypto from './crypto';
import type * as Pii from './pii';
import { assertCryptoSelfTest, CryptoSelfTestError } from './crypto-selftest';

// A stand-in for a broken or substituted primitive: SM3 answers with SHA-256 while `broken` is set; the personal-data
// seal returns its input unencrypted while `broken.pii` is set.
const broken = vi.hoisted(() => ({ sm3: false, pii: false }));
vi.mock('./crypto', async (importOriginal) => {
  const real = await importOriginal<typeof Crypto>();
  return { ...real, sm3: (text: string) => (broken.sm3 ? real.sha256(text) : real.sm3(text)) };
});
vi.mock('./pii', async (importOriginal) => {
  const real = await importOriginal<typeof Pii>();
  return { ...real, sealPii: (key: string, text: string) => (broken.pii ? `s4:${Buffer.from(text).toString('base64url')}` : real.sealPii(key, text)) };
});

describe('cryptographic self-test (SM3, SM4, HMAC-SM3 known answers, personal data)', () => {
  afterEach(() => {
    broken.sm3 = false;
    broken.pii = false;
  });

  it('passes with the primitives Node provides', () => {
    expect(() => assertCryptoSelfTest()).not.toThrow();
  });

  it('refuses to start when a primitive gives a wrong answer, naming it', async () => {
    broken.sm3 = true;
    expect(() => assertCryptoSelfTest()).toThrow(CryptoSelfTestError);
    expect(() => assertCryptoSelfTest()).toThrow(/SM3 "abc" \(GB\/T 32905-2016 A\.1\): wrong answer/);
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'duban-selftest-'));
    try {
      await expect(openRuntime(testConfig(dataDir), { inMemory: true })).rejects.toThrow(/Cryptographic self-test failed, refusing to start/);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('refuses to start when the personal-data seal does not round-trip', () => {
    broken.pii = true;
    expect(() => assertCryptoSelfTest()).toThrow(/personal data: seal and open again/);
  });
});

import { createCipheriv } from 'node:crypto';
import { hmacSm3, sm3 } from './crypto';
import { mobileSearchHash, openPii, sealPii } from './pii';

/** The server refuses to start: a cryptographic primitive gave a wrong answer to a published test vector. */
export class CryptoSelfTestError extends Error {
  constructor(readonly failures: string[]) {
    super(`Cryptographic self-test failed, refusing to start: ${failures.join('; ')}`);
  }
}

const bytes = (from: number, to: number) => String.fromCharCode(...Array.from({ length: to - from + 1 }, (_, i) => from + i));
const ABCD = 'abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq';

// Personal data at rest (lib/pii.ts): a number sealed under this key once, and its search hash. Both were checked
// independently with the OpenSSL command line (HMAC-SM3 key derivation, `openssl enc -d -sm4-cbc`, the MAC and the
// hash), so a change of the format or of a primitive that would leave stored numbers unreadable stops the start.
const PII_KEY = 'duban crypto self-test key';
const PII_SEALED = 's4:VJ975-yfTueys0hugRADDH25I-lhpvN_C3CRMlfJ8I_FRx2yuJXpO-WaV1S5vzuq';

/**
 * Known answers, each from its standard: [what, computed by our code, published answer]. The HMAC cases are those
 * whose key and message are ASCII, as our wrapper takes text (case 2's 0xcd bytes are not). The personal-data cases
 * are our own format's answers (above).
 */
function knownAnswers(): [string, () => string, string][] {
  return [
    ['SM3 "abc" (GB/T 32905-2016 A.1)', () => sm3('abc'), '66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0'],
    ['SM3 "abcd"×16 (GB/T 32905-2016 A.2)', () => sm3('abcd'.repeat(16)), 'debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732'],
    ['HMAC-SM3 (GM/T 0042-2015 D.3, case 1)', () => hmacSm3(bytes(1, 32), ABCD + ABCD), 'ca05e144ed05d1857840d1f318a4a8669e559fc8391f414485bfdf7bb408963a'],
    ['HMAC-SM3 (GM/T 0042-2015 D.3, case 3)', () => hmacSm3('\x0b'.repeat(32), 'Hi There'), 'c0ba18c68b90c88bc07de794bfc7d2c8d19ec31ed8773bc2b390c9604e0be11e'],
    ['HMAC-SM3 (GM/T 0042-2015 D.3, case 4)', () => hmacSm3('Jefe', 'what do ya want for nothing?'), '2e87f1d16862e6d964b50a5200bf2b10b764faa9680a296a2405f24bec39f882'],
    ['SM4 (GB/T 32907-2016 A.1)', () => sm4Block('0123456789abcdeffedcba9876543210', '0123456789abcdeffedcba9876543210'), '681edf34d206965e86b3e94f536e4246'],
    ['personal data: open a stored number (SM4-CBC, HMAC-SM3)', () => openPii(PII_KEY, PII_SEALED), '13800138000'],
    ['personal data: seal and open again', () => openPii(PII_KEY, sealPii(PII_KEY, '13800138000')), '13800138000'],
    ['personal data: search hash (HMAC-SM3)', () => mobileSearchHash(PII_KEY, '13800138000'), 'a7eb7250039adbe798ce2f494e40343f6ccaddff1b2d74ac8b3b99174a9459be'],
  ];
}

function sm4Block(keyHex: string, blockHex: string): string {
  const cipher = createCipheriv('sm4-ecb', Buffer.from(keyHex, 'hex'), null).setAutoPadding(false);
  return Buffer.concat([cipher.update(Buffer.from(blockHex, 'hex')), cipher.final()]).toString('hex');
}

/** Runs every known-answer test; throws CryptoSelfTestError naming each mismatch (or a primitive that is missing). */
export function assertCryptoSelfTest(): void {
  const failures: string[] = [];
  for (const [name, compute, expected] of knownAnswers()) {
    try {
      if (compute() !== expected) failures.push(`${name}: wrong answer`);
    } catch (err) {
      failures.push(`${name}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  if (failures.length) throw new CryptoSelfTestError(failures);
}

import { createCipheriv, createDecipheriv, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Personal data at rest (等保 L3, issue 14; citizens' numbers, issue 17): SM4 (GB/T 32907) in CBC mode with a
 * random IV, then HMAC-SM3 over IV and ciphertext (encrypt-then-MAC), under keys derived from the server key,
 * which the database never sees. A search hash (HMAC-SM3 of the normalised value under a third derived key) finds
 * a number by equality without decrypting every row. Format: "s4:" + base64url(iv ‖ ciphertext ‖ mac[0..16]).
 */
const PREFIX = 's4:';
const MAC_BYTES = 16;

function derive(serverKey: string, purpose: string, bytes: number): Buffer {
  return createHmac('sm3', serverKey).update(`duban-pii:${purpose}`, 'utf8').digest().subarray(0, bytes);
}

/** Encrypts a short personal value (a mobile number) for storage. */
export function sealPii(serverKey: string, plaintext: string): string {
  const iv = randomBytes(16);
  const cipher = createCipheriv('sm4-cbc', derive(serverKey, 'enc', 16), iv);
  const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const mac = createHmac('sm3', derive(serverKey, 'mac', 32)).update(iv).update(data).digest().subarray(0, MAC_BYTES);
  return PREFIX + Buffer.concat([iv, data, mac]).toString('base64url');
}

/** Decrypts what sealPii wrote; throws when the server key changed or the stored text was altered. */
export function openPii(serverKey: string, sealed: string): string {
  if (!sealed.startsWith(PREFIX)) throw new Error('unknown personal-data format');
  const raw = Buffer.from(sealed.slice(PREFIX.length), 'base64url');
  if (raw.length < 16 + 16 + MAC_BYTES) throw new Error('malformed personal data');
  const iv = raw.subarray(0, 16);
  const data = raw.subarray(16, raw.length - MAC_BYTES);
  const mac = raw.subarray(raw.length - MAC_BYTES);
  const expected = createHmac('sm3', derive(serverKey, 'mac', 32)).update(iv).update(data).digest().subarray(0, MAC_BYTES);
  if (!timingSafeEqual(mac, expected)) throw new Error('personal data failed its integrity check');
  const decipher = createDecipheriv('sm4-cbc', derive(serverKey, 'enc', 16), iv);
  return Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8');
}

/** Digits only, without a leading +86/86 country code: the form numbers are compared and hashed in. */
export function normaliseMobile(mobile: string): string {
  const digits = mobile.replace(/\D/g, '');
  return digits.length === 13 && digits.startsWith('86') ? digits.slice(2) : digits;
}

/** The equality search hash of a mobile number (hex HMAC-SM3 of its normalised digits). */
export function mobileSearchHash(serverKey: string, mobile: string): string {
  return createHmac('sm3', derive(serverKey, 'search', 32)).update(normaliseMobile(mobile), 'utf8').digest('hex');
}

/** Both columns for a mobile number, or nulls for none. */
export function sealMobile(serverKey: string, mobile: string | null | undefined): { enc: string | null; hash: string | null } {
  if (!mobile) return { enc: null, hash: null };
  const m = normaliseMobile(mobile);
  return { enc: sealPii(serverKey, m), hash: mobileSearchHash(serverKey, m) };
}

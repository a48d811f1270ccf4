import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { randomToken } from './crypto';

/**
 * The server key (HMAC of the trace anchor, encryption of channel secrets): SECRET_KEY when set,
 * else a random key kept in DATA_DIR/secret.key (created on first start, readable by the owner only).
 * Several instances on one PostgreSQL must share SECRET_KEY.
 */
export function resolveSecretKey(configured: string | null, dataDir: string): string {
  if (configured) return configured;
  const file = path.join(dataDir, 'secret.key');
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch (err) {
    if (!(err instanceof Error && 'code' in err && err.code === 'ENOENT')) throw err;
  }
  fs.mkdirSync(dataDir, { recursive: true });
  const key = randomToken(48);
  fs.writeFileSync(file, `${key}\n`, { mode: 0o600, flag: 'wx' });
  return key;
}

const SEALED_PREFIX = 'v1:';

function sealKey(serverKey: string): Buffer {
  return createHash('sha256').update(`duban-secret-box:${serverKey}`, 'utf8').digest();
}

/** Encrypts a secret for storage (AES-256-GCM under a key derived from the server key): "v1:iv.tag.data" base64url. */
export function sealSecret(serverKey: string, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', sealKey(serverKey), iv);
  const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return `${SEALED_PREFIX}${[iv, cipher.getAuthTag(), data].map((b) => b.toString('base64url')).join('.')}`;
}

/** Decrypts what sealSecret wrote; throws when the server key changed or the text was altered. */
export function openSecret(serverKey: string, sealed: string): string {
  if (!sealed.startsWith(SEALED_PREFIX)) throw new Error('unknown secret format');
  const [iv, tag, data] = sealed.slice(SEALED_PREFIX.length).split('.').map((p) => Buffer.from(p, 'base64url'));
  if (!iv || !tag || !data) throw new Error('malformed secret');
  const decipher = createDecipheriv('aes-256-gcm', sealKey(serverKey), iv);
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8');
}

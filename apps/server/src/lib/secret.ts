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

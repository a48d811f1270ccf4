import fs from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import { hmacSm3, safeEqual } from '../../lib/crypto';
import { heads } from './trace.repository';

/** One tenant's checkpoint of the chain, signed with HMAC-SM3 under the server key. */
export type AnchorEntry = { seq: number; hash: string; at: string; mac: string };
export type AnchorFile = { version: 1; tenants: Record<string, AnchorEntry> };

function macOf(key: string, tenantId: string, seq: number, hash: string): string {
  return hmacSm3(key, `duban-trace-anchor\n${tenantId}\n${seq}\n${hash}`);
}

/**
 * Keeps the chain's head outside the database (a file under DATA_DIR by default), so that
 * deleting the newest rows or rewriting the whole chain inside the database is detected.
 * It copies committed heads from the database, so it never runs ahead of what was committed;
 * it only moves forward, so several processes writing it keep the furthest checkpoint.
 */
export class TraceAnchor {
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> | null = null;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly file: string,
    private readonly key: string,
  ) {}

  /** Reads the anchor file; null when there is none yet. */
  read(): AnchorFile | null {
    try {
      const parsed: unknown = JSON.parse(fs.readFileSync(this.file, 'utf8'));
      if (parsed && typeof parsed === 'object' && 'tenants' in parsed) {
        const file: AnchorFile = { version: 1, tenants: {} };
        const tenants = parsed.tenants;
        if (tenants && typeof tenants === 'object') {
          for (const [id, e] of Object.entries(tenants)) {
            if (isEntry(e)) file.tenants[id] = e;
          }
        }
        return file;
      }
      return null;
    } catch (err) {
      if (err instanceof Error && 'code' in err && err.code === 'ENOENT') return null;
      throw err;
    }
  }

  /** True when the entry's signature matches under this server's key. */
  verifyEntry(tenantId: number, e: AnchorEntry): boolean {
    return safeEqual(e.mac, macOf(this.key, String(tenantId), e.seq, e.hash));
  }

  /** Copies the committed heads into the file now. */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
    this.flushing = this.doFlush().finally(() => {
      this.flushing = null;
    });
    return this.flushing;
  }

  private async doFlush(): Promise<void> {
    const current = await heads(this.db);
    const file = this.read() ?? { version: 1 as const, tenants: {} };
    let changed = false;
    for (const h of current) {
      const id = String(h.tenant_id);
      const prev = file.tenants[id];
      if (prev && prev.seq >= h.seq) continue;
      file.tenants[id] = { seq: h.seq, hash: h.hash, at: new Date().toISOString(), mac: macOf(this.key, id, h.seq, h.hash) };
      changed = true;
    }
    if (!changed) return;
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
    fs.renameSync(tmp, this.file);
  }

  /** Flushes every `ms` milliseconds until stopped. */
  start(ms = 1000): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      this.flush().catch(() => undefined);
    }, ms);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.flush();
  }
}

function isEntry(e: unknown): e is AnchorEntry {
  return (
    !!e &&
    typeof e === 'object' &&
    'seq' in e &&
    typeof e.seq === 'number' &&
    'hash' in e &&
    typeof e.hash === 'string' &&
    'mac' in e &&
    typeof e.mac === 'string' &&
    'at' in e &&
    typeof e.at === 'string'
  );
}

import fs from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import { hmacSm3, safeEqual } from '../../lib/crypto';
import { heads } from './trace.repository';

/** One tenant's checkpoint of the chain, signed with HMAC-SM3 under the server key. */
export type AnchorEntry = { seq: number; hash: string; at: string; mac: string };
export type AnchorFile = { version: 1; tenants: Record<string, AnchorEntry> };
/** What is on disk: the file, none, or something that is not an anchor file (each of the latter fails verification). */
export type AnchorState = { state: 'ok'; file: AnchorFile } | { state: 'missing' } | { state: 'unreadable'; problem: string };

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

  /** Reads the anchor file. */
  read(): AnchorState {
    let text: string;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch (err) {
      if (err instanceof Error && 'code' in err && err.code === 'ENOENT') return { state: 'missing' };
      return { state: 'unreadable', problem: err instanceof Error ? err.message : String(err) };
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return { state: 'unreadable', problem: 'not JSON' };
    }
    if (!parsed || typeof parsed !== 'object' || !('tenants' in parsed) || !parsed.tenants || typeof parsed.tenants !== 'object') {
      return { state: 'unreadable', problem: 'not a trace anchor file' };
    }
    const file: AnchorFile = { version: 1, tenants: {} };
    for (const [id, e] of Object.entries(parsed.tenants)) {
      if (!isEntry(e)) return { state: 'unreadable', problem: `malformed entry for tenant ${id}` };
      file.tenants[id] = e;
    }
    return { state: 'ok', file };
  }

  /**
   * Creates an empty anchor file on the first start, while the trace is still empty. Never later: a lost
   * anchor is a verification failure until an operator re-establishes it (`duban audit reset-anchor`).
   */
  async ensure(): Promise<void> {
    if (this.read().state !== 'missing') return;
    if ((await heads(this.db)).some((h) => h.seq > 0)) return;
    this.write({ version: 1, tenants: {} });
  }

  /** Re-establishes the anchor from the database's heads as they are now (after the chain was verified). */
  async reset(): Promise<void> {
    const file: AnchorFile = { version: 1, tenants: {} };
    for (const h of await heads(this.db)) file.tenants[String(h.tenant_id)] = this.entry(String(h.tenant_id), h.seq, h.hash);
    this.write(file);
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
    const state = this.read();
    // A missing or unreadable file stays so (it is evidence): re-creating it would bless whatever the database says now.
    if (state.state !== 'ok') return;
    const file = state.file;
    let changed = false;
    for (const h of current) {
      const id = String(h.tenant_id);
      const prev = file.tenants[id];
      if (prev && prev.seq >= h.seq) continue;
      file.tenants[id] = this.entry(id, h.seq, h.hash);
      changed = true;
    }
    if (changed) this.write(file);
  }

  private entry(id: string, seq: number, hash: string): AnchorEntry {
    return { seq, hash, at: new Date().toISOString(), mac: macOf(this.key, id, seq, hash) };
  }

  private write(file: AnchorFile): void {
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

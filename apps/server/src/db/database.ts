import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import lockfile from 'proper-lockfile';
import { sendRegisteredAsPrepared } from './prepared';
import type { DB } from './schema';

export type Engine = 'embedded' | 'postgres';

/** An open database: the Kysely handle plus what the engine needs to close cleanly. */
export type Database = {
  db: Kysely<DB>;
  engine: Engine;
  pool: pg.Pool;
  close(): Promise<void>;
  /** Embedded engine only: a tarball of the whole data directory (for `duban backup`). */
  dumpDataDir?: () => Promise<Blob>;
};

// Both engines speak through node-postgres, so rows are parsed identically: dates people mean
// as dates stay 'YYYY-MM-DD' strings, bigint counters and numeric amounts become numbers
// (ids and sums stay far below 2^53).
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));

export class DataDirLockedError extends Error {
  constructor(dir: string) {
    super(
      `The embedded database in ${dir} is already open in another Duban process. ` +
        'Stop that process first, or point DATA_DIR somewhere else. (For several processes, use PostgreSQL via DATABASE_URL.) ' +
        'A lock left by a process that is no longer running on this machine is taken over at once; ' +
        'one left from another machine (a shared disk) lapses within 15 seconds.',
    );
  }
}

/** Opens PostgreSQL at `url` with a pool of `poolSize` connections. */
export function openPostgres(url: string, poolSize: number): Database {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  pool.on('error', () => undefined); // an idle client's error is surfaced on its next use
  // No JIT: it compiles for 80–140 ms whenever a plan's estimated cost passes jit_above_cost, which an
  // export batch's per-row subqueries do (2,000 rows cost more to compile than to run), and none of our
  // queries runs long enough to win it back. No parallel workers either: a request's query that PostgreSQL
  // splits over workers (the cockpit's overdue count per unit over 20,000 open matters) waits for them to
  // start and be scheduled, and with a pool of connections already keeping every core busy that doubled its
  // time (p50 30–40 → 58–62 ms at 1,000,000 matters on the 2-core bench box, issue 15). A query on the new
  // client waits for this one.
  pool.on('connect', (client) => {
    client.query('set jit = off; set max_parallel_workers_per_gather = 0').catch(() => undefined);
    sendRegisteredAsPrepared(client);
  });
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return { db, engine: 'postgres', pool, close: () => db.destroy() };
}

/**
 * Opens the embedded engine (PGlite, PostgreSQL in WebAssembly) in `dataDir`, or in memory
 * when dataDir is null. A lock file refuses a second process on the same directory at once.
 */
export async function openEmbedded(dataDir: string | null, loadDataDir?: Blob): Promise<Database> {
  let release: (() => Promise<void>) | null = null;
  let dbDir: string | undefined;
  if (dataDir) {
    dbDir = path.join(dataDir, 'pgdata');
    fs.mkdirSync(dbDir, { recursive: true });
    release = await lockDataDir(dataDir);
  }
  const lite = await PGlite.create(dbDir, { extensions: { pg_trgm }, ...(loadDataDir ? { loadDataDir } : {}) });
  const pool = new pg.Pool({ ...createPgConfig(lite), max: 1 });
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    engine: 'embedded',
    pool,
    dumpDataDir: () => lite.dumpDataDir('none'),
    async close() {
      await db.destroy();
      await lite.close();
      if (release) await release();
    },
  };
}

// Data directories this process holds: a lock naming our own pid is a previous life's only when not in here.
const heldHere = new Set<string>();

/**
 * Locks DATA_DIR (proper-lockfile: a directory whose mtime is refreshed every 5 s, stale after 15 s) and
 * records who holds it. A lock whose recorded owner is a process on this machine that is no longer
 * running (killed with -9, or the machine lost power) is taken over at once instead of after 15 s.
 */
async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  const lockfilePath = path.join(dataDir, 'duban.lock');
  const ownerFile = path.join(dataDir, 'duban.lock.owner');
  const take = async () => {
    try {
      return await lockfile.lock(dataDir, { lockfilePath, stale: 15_000, update: 5_000 });
    } catch (err) {
      if (err instanceof Error && 'code' in err && err.code === 'ELOCKED') throw new DataDirLockedError(dataDir);
      throw err;
    }
  };
  let release: () => Promise<void>;
  try {
    release = await take();
  } catch (err) {
    if (!(err instanceof DataDirLockedError) || !ownerIsGone(ownerFile, dataDir)) throw err;
    fs.rmSync(lockfilePath, { recursive: true, force: true });
    release = await take();
  }
  heldHere.add(dataDir);
  fs.writeFileSync(ownerFile, JSON.stringify({ pid: process.pid, host: os.hostname() }), { mode: 0o600 });
  return async () => {
    fs.rmSync(ownerFile, { force: true });
    heldHere.delete(dataDir);
    await release();
  };
}

/** Whether the lock's recorded owner is a process of this machine that no longer runs. */
function ownerIsGone(ownerFile: string, dataDir: string): boolean {
  let owner: unknown;
  try {
    owner = JSON.parse(fs.readFileSync(ownerFile, 'utf8'));
  } catch {
    return false; // no record (an older version, or killed between locking and writing it): wait for staleness
  }
  if (typeof owner !== 'object' || owner === null || !('pid' in owner) || !('host' in owner)) return false;
  if (typeof owner.pid !== 'number' || owner.host !== os.hostname()) return false;
  // In a container a restarted server often gets the pid its killed predecessor had.
  if (owner.pid === process.pid) return !heldHere.has(dataDir);
  try {
    process.kill(owner.pid, 0);
    return false;
  } catch (err) {
    return err instanceof Error && 'code' in err && err.code === 'ESRCH'; // EPERM: alive, another user's
  }
}

/** Opens PostgreSQL when a URL is given, the embedded engine otherwise. */
export function openDatabase(opts: { databaseUrl: string | null; dataDir: string | null; poolSize: number; loadDataDir?: Blob }): Promise<Database> {
  return opts.databaseUrl ? Promise.resolve(openPostgres(opts.databaseUrl, opts.poolSize)) : openEmbedded(opts.dataDir, opts.loadDataDir);
}

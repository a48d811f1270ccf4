import fs from 'node:fs';
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
        'If that process has just crashed, its lock lapses within 15 seconds.',
    );
  }
}

/** Opens PostgreSQL at `url` with a pool of `poolSize` connections. */
export function openPostgres(url: string, poolSize: number): Database {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  pool.on('error', () => undefined); // an idle client's error is surfaced on its next use
  // No JIT: it compiles for 80–140 ms whenever a plan's estimated cost passes jit_above_cost, which an
  // export batch's per-row subqueries do (2,000 rows cost more to compile than to run), and none of our
  // queries runs long enough to win it back. A query on the new client waits for this one.
  pool.on('connect', (client) => {
    client.query('set jit = off').catch(() => undefined);
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
    try {
      release = await lockfile.lock(dataDir, { lockfilePath: path.join(dataDir, 'duban.lock'), stale: 15_000, update: 5_000 });
    } catch (err) {
      if (err instanceof Error && 'code' in err && err.code === 'ELOCKED') throw new DataDirLockedError(dataDir);
      throw err;
    }
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

/** Opens PostgreSQL when a URL is given, the embedded engine otherwise. */
export function openDatabase(opts: { databaseUrl: string | null; dataDir: string | null; poolSize: number }): Promise<Database> {
  return opts.databaseUrl ? Promise.resolve(openPostgres(opts.databaseUrl, opts.poolSize)) : openEmbedded(opts.dataDir);
}

import { sql } from 'kysely';
import type { Config } from './config';
import { openDatabase, type Database } from './db/database';
import { migrateToLatest, pendingMigrations, verifyMigrationChecksums } from './db/migrate';
import { systemClock, type Clock } from './lib/clock';
import { assertCryptoSelfTest } from './lib/crypto-selftest';
import type { Deps } from './lib/deps';
import { EventBus } from './lib/events';
import { assertPiiKey, sealPlainMobiles } from './lib/pii-at-rest';
import { resolveSecretKey } from './lib/secret';
import { RateLimiter } from './modules/abuse/rate-limit';
import { registerCitizenHooks } from './modules/citizens/citizens-notify';
import { TraceAnchor } from './modules/trace/trace.anchor';
import { sealUnsealedRows, TraceKey } from './modules/trace/trace.seal';

export type Runtime = Deps & { database: Database; close(): Promise<void> };

export class SchemaBehindError extends Error {
  constructor() {
    super('The PostgreSQL schema is missing or behind this version of Duban. Run `npx duban migrate` first (with the same DATABASE_URL and MIGRATION_DATABASE_URL).');
  }
}

/**
 * Opens the database and everything services need. The embedded engine migrates itself;
 * PostgreSQL is migrated on start only when empty (a first install), otherwise by `duban migrate`,
 * so a running production database never changes shape behind an operator's back.
 */
export async function openRuntime(
  config: Config,
  opts: { clock?: Clock; migrate?: 'auto' | 'always' | 'never'; inMemory?: boolean; loadDataDir?: Blob } = {},
): Promise<Runtime> {
  // Before anything is hashed or sealed: a wrong SM3/SM4/HMAC-SM3 would write a trace nobody can verify.
  assertCryptoSelfTest();
  // The grid flow tells reporters through grid-hooks; the citizens' channel listens (SMS to a citizen's mobile).
  registerCitizenHooks();
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: opts.inMemory ? null : config.dataDir,
    poolSize: config.dbPoolSize,
    // Embedded only: start from a dumped data directory (the tests' migrated template).
    ...(opts.loadDataDir ? { loadDataDir: opts.loadDataDir } : {}),
  });
  try {
    const mode = opts.migrate ?? 'auto';
    // With a separate owner (MIGRATION_DATABASE_URL) the application's role cannot create tables: `duban migrate` does.
    if (mode === 'auto' && database.engine === 'postgres' && config.migrationDatabaseUrl && !(await hasSchema(database))) throw new SchemaBehindError();
    if (mode === 'always' || (mode === 'auto' && (database.engine === 'embedded' || !(await hasSchema(database))))) {
      await migrateToLatest(database.db);
    } else if (mode === 'auto' && (await pendingMigrations(database.db)).length) {
      throw new SchemaBehindError();
    }
    // An applied migration whose file changed since: the schema is not what this version's migrations describe.
    if (mode !== 'never') await verifyMigrationChecksums(database.db);
  } catch (err) {
    await database.close();
    throw err;
  }
  const secretKey = resolveSecretKey(config.secretKey, config.dataDir);
  // Every handle services use carries the server key, which trace rows are sealed with.
  const db = database.db.withPlugin(new TraceKey(secretKey));
  const anchor = new TraceAnchor(db, config.traceAnchorFile, secretKey);
  if ((opts.migrate ?? 'auto') !== 'never') {
    try {
      // A wrong key stops here, before it seals anything or sends a message to a number it cannot read.
      await assertPiiKey(db, secretKey);
      await sealPlainMobiles(db, secretKey);
      await sealUnsealedRows(db, secretKey);
      await anchor.ensure();
    } catch (err) {
      await database.close();
      throw err;
    }
  }
  const clock = opts.clock ?? systemClock;
  const runtime: Runtime = {
    database,
    db,
    engine: database.engine,
    clock,
    config,
    anchor,
    bus: new EventBus(),
    secretKey,
    limiter: new RateLimiter(db, clock),
    async close() {
      await anchor.stop().catch(() => undefined);
      await database.close();
    },
  };
  return runtime;
}

async function hasSchema(database: Database): Promise<boolean> {
  const r = await sql<{ n: number }>`select count(*)::int as n from information_schema.tables where table_name = 'kysely_migration'`.execute(database.db);
  return (r.rows[0]?.n ?? 0) > 0;
}

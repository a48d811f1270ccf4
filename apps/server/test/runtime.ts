import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import type { Kysely } from 'kysely';
import { openRuntime, type Runtime } from '../src/bootstrap';
import { testConfig, type Config } from '../src/config';
import { openPostgres } from '../src/db/database';
import type { DB } from '../src/db/schema';
import { fixedClock } from '../src/lib/clock';
import { TraceKey } from '../src/modules/trace/trace.seal';
import { cloneDatabase, embeddedTemplate, postgresTemplate } from './template';

declare module 'vitest' {
  export interface ProvidedContext {
    engine: 'embedded' | 'postgres';
    databaseUrl: string | null;
  }
}

/**
 * A test runtime. `owner` is a handle with the database owner's powers, for the few tests that need what the
 * application's role may not do (tamper with the trace, ALTER a table, bulk loads): on PostgreSQL the runtime itself
 * connects as the restricted application role, as in production with a separate owner; on the embedded engine
 * there is one user and `owner` is the runtime's own handle.
 */
export type TestRuntime = Runtime & { clock: ReturnType<typeof fixedClock>; dataDir: string; owner: Kysely<DB> };

/** The engine this test project runs on (embedded by default; PostgreSQL when TEST_DATABASE_URL is set). */
export const engine = (): 'embedded' | 'postgres' => inject('engine') ?? 'embedded';

/**
 * The role the PostgreSQL tier's application connects as: it owns nothing and gets only what `duban migrate`
 * grants (db/grants.ts: on the trace SELECT and INSERT). Created once per cluster (here, or by .ci/run).
 */
export const TEST_APP_ROLE = 'duban_app';
const TEST_APP_PASSWORD = 'duban-app-test';

let appRoleReady: Promise<void> | null = null;
function ensureAppRole(base: string): Promise<void> {
  appRoleReady ??= (async () => {
    const c = new pg.Client({ connectionString: base });
    await c.connect();
    try {
      const exists = async () => (await c.query('select 1 from pg_roles where rolname = $1', [TEST_APP_ROLE])).rowCount === 1;
      if (await exists()) return;
      // Test files start in parallel: another worker may create it at the same moment.
      await c.query(`create role ${TEST_APP_ROLE} login password '${TEST_APP_PASSWORD}'`).catch(async (err: unknown) => {
        if (!(await exists())) throw err;
      });
    } finally {
      await c.end();
    }
  })();
  return appRoleReady;
}

/**
 * A fresh, migrated database for one test file: an in-memory PGlite, or a new PostgreSQL database created for the
 * file and dropped by `close()`. Neither is migrated here: each is a copy of a template migrated once per schema
 * (test/template.ts) — the embedded engine loads a dumped data directory, PostgreSQL clones a template database
 * that the owner (the superuser of TEST_DATABASE_URL) migrated and granted the application's role its privileges
 * on (grantAppRole, as `duban migrate` does with MIGRATION_DATABASE_URL). The runtime connects as that role.
 * `migrate: 'always'` still runs the migrator, which finds nothing to do. Time stands still at `at`.
 */
export async function createTestRuntime(opts: { at?: string; config?: Partial<Config> } = {}): Promise<TestRuntime> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'duban-test-'));
  const clock = fixedClock(opts.at ?? '2026-11-20T02:00:00Z');
  if (engine() !== 'postgres') {
    const config = testConfig(dataDir, { databaseUrl: null, dbPoolSize: 8, ...opts.config });
    // The embedded engine runs in memory: no lock file, nothing left behind.
    const rt = await openRuntime(config, { clock, migrate: 'always', inMemory: true, loadDataDir: await embeddedTemplate() });
    const close = rt.close;
    return Object.assign(rt, {
      clock,
      dataDir,
      owner: rt.db,
      async close() {
        await close();
        fs.rmSync(dataDir, { recursive: true, force: true });
      },
    });
  }
  const base = inject('databaseUrl');
  if (!base) throw new Error('postgres project without TEST_DATABASE_URL');
  await ensureAppRole(base);
  const template = await postgresTemplate(base, TEST_APP_ROLE);
  const name = `duban_t_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  await cloneDatabase(base, template, name);
  const ownerUrl = new URL(base);
  ownerUrl.pathname = `/${name}`;
  const appUrl = new URL(ownerUrl);
  appUrl.username = TEST_APP_ROLE;
  appUrl.password = TEST_APP_PASSWORD;
  const dropDatabase = async () => {
    const c = new pg.Client({ connectionString: base });
    await c.connect();
    await c.query(`drop database if exists ${name} with (force)`);
    await c.end();
  };
  const config = testConfig(dataDir, { databaseUrl: appUrl.toString(), migrationDatabaseUrl: ownerUrl.toString(), dbPoolSize: 8, ...opts.config });
  const owner = openPostgres(ownerUrl.toString(), 2);
  const rt = await openRuntime(config, { clock, migrate: 'auto', inMemory: true });
  const close = rt.close;
  return Object.assign(rt, {
    clock,
    dataDir,
    // The owner's handle seals trace rows like the application's (same server key), so a test may record with it.
    owner: owner.db.withPlugin(new TraceKey(rt.secretKey)),
    async close() {
      await close();
      await owner.close();
      await dropDatabase();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  });
}

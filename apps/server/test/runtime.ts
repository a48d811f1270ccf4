import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { openRuntime, type Runtime } from '../src/bootstrap';
import { testConfig, type Config } from '../src/config';
import { fixedClock } from '../src/lib/clock';

declare module 'vitest' {
  export interface ProvidedContext {
    engine: 'embedded' | 'postgres';
    databaseUrl: string | null;
  }
}

export type TestRuntime = Runtime & { clock: ReturnType<typeof fixedClock>; dataDir: string };

/** The engine this test project runs on (embedded by default; PostgreSQL when TEST_DATABASE_URL is set). */
export const engine = (): 'embedded' | 'postgres' => inject('engine') ?? 'embedded';

/**
 * A fresh, migrated database for one test file: an in-memory PGlite, or a new PostgreSQL
 * database created for the file and dropped by `close()`. Time stands still at `at`.
 */
export async function createTestRuntime(opts: { at?: string; config?: Partial<Config> } = {}): Promise<TestRuntime> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'duban-test-'));
  const clock = fixedClock(opts.at ?? '2026-11-20T02:00:00Z');
  let dropDatabase: (() => Promise<void>) | null = null;
  let databaseUrl: string | null = null;
  if (engine() === 'postgres') {
    const base = inject('databaseUrl');
    if (!base) throw new Error('postgres project without TEST_DATABASE_URL');
    const name = `duban_t_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(base);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
    dropDatabase = async () => {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    };
  }
  const config = testConfig(dataDir, { databaseUrl, dbPoolSize: 8, ...opts.config });
  // The embedded engine runs in memory: no lock file, nothing left behind.
  const rt = await openRuntime(config, { clock, migrate: 'always', inMemory: true });
  const close = rt.close;
  return Object.assign(rt, {
    clock,
    dataDir,
    async close() {
      await close();
      if (dropDatabase) await dropDatabase();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  });
}

import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import lockfile from 'proper-lockfile';
import { openEmbedded, openPostgres } from '../src/db/database';
import { grantAppRole } from '../src/db/grants';
import { migrateToLatest } from '../src/db/migrate';

/*
 * Migrate once, clone per test file. Migrating a fresh database took most of a server test file's time, so the
 * first file of a run (of any run on this machine, in any worktree) migrates a template and every file copies it:
 * on PostgreSQL a template database (`create database X template T`), on the embedded engine a dump of a
 * migrated PGlite data directory kept under os.tmpdir() and loaded into each file's in-memory database. Both are
 * named by a hash of everything that decides the migrated schema (the migration files, the migrator, the grants,
 * the PGlite version), so branches with different migrations never share a template, and a changed migration
 * makes a new one. Creation is serialised (an advisory lock on PostgreSQL, a lock file for the embedded dump),
 * so parallel workers and worktrees build each template once.
 */

const SERVER_DIR = path.join(path.dirname(new URL(import.meta.url).pathname), '..');
const MIGRATIONS_DIR = path.join(SERVER_DIR, 'src', 'db', 'migrations');

let hashMemo: string | null = null;

/** sha256 over the migration files (names and text), the migrator, the grants and the PGlite version. */
export function schemaHash(): string {
  if (hashMemo) return hashMemo;
  const h = createHash('sha256');
  const files = fs.readdirSync(MIGRATIONS_DIR).filter((f) => f.endsWith('.ts')).sort();
  for (const f of files) h.update(`${f}\0`).update(fs.readFileSync(path.join(MIGRATIONS_DIR, f))).update('\0');
  for (const f of ['src/db/migrate.ts', 'src/db/grants.ts']) h.update(`${f}\0`).update(fs.readFileSync(path.join(SERVER_DIR, f))).update('\0');
  h.update(pgliteVersion());
  hashMemo = h.digest('hex');
  return hashMemo;
}

function pgliteVersion(): string {
  // The package's own package.json (its exports do not list it, so it is found by walking up node_modules).
  for (let dir = SERVER_DIR; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'node_modules', '@electric-sql', 'pglite', 'package.json');
    if (fs.existsSync(file)) return String((JSON.parse(fs.readFileSync(file, 'utf8')) as { version?: string }).version);
    if (path.dirname(dir) === dir) return 'unknown';
  }
}

/** Runs `fn` holding a lock file next to `target` (waits up to two minutes for another process building it). */
async function withFileLock<T>(target: string, fn: () => Promise<T>): Promise<T> {
  const release = await lockfile.lock(target, {
    realpath: false,
    lockfilePath: `${target}.lock`,
    stale: 60_000,
    update: 10_000,
    retries: { retries: 600, factor: 1, minTimeout: 200, maxTimeout: 200 },
  });
  try {
    return await fn();
  } finally {
    await release();
  }
}

/** The embedded engine's migrated data directory, as the tarball PGlite's loadDataDir takes. */
export async function embeddedTemplate(): Promise<Blob> {
  const file = path.join(os.tmpdir(), `duban-test-template-${schemaHash().slice(0, 24)}.tar`);
  if (!fs.existsSync(file)) {
    await withFileLock(file, async () => {
      if (fs.existsSync(file)) return;
      const database = await openEmbedded(null);
      try {
        await migrateToLatest(database.db);
        if (!database.dumpDataDir) throw new Error('the embedded engine cannot dump its data directory');
        const dump = Buffer.from(await (await database.dumpDataDir()).arrayBuffer());
        const tmp = `${file}.${process.pid}.tmp`;
        fs.writeFileSync(tmp, dump);
        fs.renameSync(tmp, file);
      } finally {
        await database.close();
      }
    });
  }
  return new Blob([fs.readFileSync(file)]);
}

/**
 * The name of a PostgreSQL database migrated by the owner (the superuser of `base`) with `appRole` granted its
 * privileges, for `create database X template T`. Built once per schema hash per cluster.
 */
export async function postgresTemplate(base: string, appRole: string): Promise<string> {
  const hash = schemaHash();
  const name = `duban_tpl_${hash.slice(0, 24)}`;
  const c = new pg.Client({ connectionString: base });
  await c.connect();
  try {
    const exists = async () => (await c.query('select 1 from pg_database where datname = $1', [name])).rowCount === 1;
    if (await exists()) return name;
    // One builder per template across every process on the cluster.
    const key = createHash('sha256').update(`duban-test-template:${hash}`).digest().readBigInt64BE(0);
    await c.query('select pg_advisory_lock($1)', [key.toString()]);
    try {
      if (await exists()) return name;
      const building = `${name}_b`;
      await c.query(`drop database if exists ${building} with (force)`);
      await c.query(`create database ${building}`);
      const url = new URL(base);
      url.pathname = `/${building}`;
      const owner = openPostgres(url.toString(), 2);
      try {
        await migrateToLatest(owner.db);
        await grantAppRole(owner.db, appRole);
      } finally {
        await owner.close();
      }
      // Renamed only when complete: a template that exists is a whole one.
      await c.query(`alter database ${building} rename to ${name}`);
      return name;
    } finally {
      await c.query('select pg_advisory_unlock($1)', [key.toString()]);
    }
  } finally {
    await c.end();
  }
}

/** `create database name template tpl`, retried while another session briefly holds the template. */
export async function cloneDatabase(base: string, template: string, name: string): Promise<void> {
  const c = new pg.Client({ connectionString: base });
  await c.connect();
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        await c.query(`create database ${name} template ${template}`);
        return;
      } catch (err) {
        // 55006 object_in_use: "source database is being accessed by other users".
        if (attempt >= 50 || (err as { code?: string }).code !== '55006') throw err;
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
      }
    }
  } finally {
    await c.end();
  }
}

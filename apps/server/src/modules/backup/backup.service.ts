import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { openRuntime, type Runtime } from '../../bootstrap';
import type { Config } from '../../config';
import { openEmbedded } from '../../db/database';
import { hmacSm3 } from '../../lib/crypto';
import { resolveSecretKey } from '../../lib/secret';
import { verifyTrace, type VerifyResult } from '../trace/trace.verify';
import { compareSnapshots, snapshotInClient, snapshotOf, type Snapshot } from './backup.snapshot';

const run = promisify(execFile);

/** manifest.json of a backup directory. */
export type BackupManifest = Snapshot & {
  kind: 'duban-backup';
  version: string;
  engine: 'embedded' | 'postgres';
  createdAt: string;
  /** Which server key the trace's MACs need (an HMAC of a constant, not the key): a restore needs the same key. */
  keyId: string;
  database: 'db.dump' | 'pgdata.tar';
  files: number;
  anchor: boolean;
};

export type RestoreReport = { manifest: BackupManifest; problems: string[]; trace: VerifyResult };

const keyIdOf = (key: string) => hmacSm3(key, 'duban-backup-key-id').slice(0, 16);

/**
 * Writes a backup of the whole installation into `dir` (new or empty): the database (PostgreSQL: pg_dump in the
 * custom format, inside the same snapshot the row counts and trace heads are read in; embedded: the data
 * directory's tarball, with this process holding the lock, so nothing writes meanwhile), the uploaded files and
 * the trace anchor. The server key is deliberately not in it: whoever holds a backup must not be able to seal
 * trace rows. Keep SECRET_KEY (or DATA_DIR/secret.key) safe separately.
 */
export async function backup(rt: Runtime, dir: string): Promise<BackupManifest> {
  if (fs.existsSync(dir) && fs.readdirSync(dir).length) throw new Error(`${dir} is not empty: give a new directory for the backup`);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  await rt.anchor.flush();
  let snapshot: Snapshot;
  let database: BackupManifest['database'];
  if (rt.engine === 'postgres') {
    database = 'db.dump';
    const client = await rt.database.pool.connect();
    try {
      await client.query('begin isolation level repeatable read read only');
      const exported = await client.query<{ id: string }>('select pg_export_snapshot() as id');
      snapshot = await snapshotInClient(client);
      await run('pg_dump', ['--format=custom', `--snapshot=${exported.rows[0]?.id}`, '--file', path.join(dir, database), '--dbname', rt.config.migrationDatabaseUrl ?? rt.config.databaseUrl ?? ''], { maxBuffer: 16 << 20 });
      await client.query('commit');
    } finally {
      client.release();
    }
  } else {
    if (!rt.database.dumpDataDir) throw new Error('the embedded engine cannot dump its data directory');
    database = 'pgdata.tar';
    snapshot = await snapshotOf(rt.db);
    fs.writeFileSync(path.join(dir, database), Buffer.from(await (await rt.database.dumpDataDir()).arrayBuffer()), { mode: 0o600 });
  }
  const files = fs.existsSync(rt.config.filesDir) ? copyTree(rt.config.filesDir, path.join(dir, 'files')) : 0;
  const anchor = fs.existsSync(rt.config.traceAnchorFile);
  if (anchor) fs.copyFileSync(rt.config.traceAnchorFile, path.join(dir, 'trace-anchor.json'));
  const manifest: BackupManifest = {
    kind: 'duban-backup',
    version: rt.config.version,
    engine: rt.engine,
    createdAt: rt.clock.now().toISOString(),
    keyId: keyIdOf(rt.secretKey),
    database,
    files,
    anchor,
    ...snapshot,
  };
  fs.writeFileSync(path.join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
  return manifest;
}

/**
 * Restores a backup into the configured, empty database (PostgreSQL: DATABASE_URL, an empty database; embedded:
 * a DATA_DIR without a database yet), then its files and — when this installation has none — its anchor. Checks
 * the result: every table's row count and each trace head as backed up, and the trace verified.
 */
export async function restore(config: Config, dir: string, databaseUrl = config.databaseUrl): Promise<RestoreReport> {
  const manifest: BackupManifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
  if (manifest.kind !== 'duban-backup') throw new Error(`${dir} holds no Duban backup`);
  const engine = databaseUrl ? 'postgres' : 'embedded';
  if (manifest.engine !== engine) throw new Error(`the backup is of the ${manifest.engine} engine; this installation uses ${engine}`);
  if (keyIdOf(resolveSecretKey(config.secretKey, config.dataDir)) !== manifest.keyId) {
    throw new Error('the server key differs from the one the backup was made with: set the same SECRET_KEY (or copy DATA_DIR/secret.key) first');
  }
  if (databaseUrl) {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const n = (await client.query<{ n: number }>(`select count(*)::int as n from information_schema.tables where table_schema = current_schema()`)).rows[0]?.n ?? 0;
      if (n) throw new Error('the target database is not empty: restore into a new, empty database');
    } finally {
      await client.end();
    }
    await run('pg_restore', ['--exit-on-error', '--no-owner', '--dbname', databaseUrl, path.join(dir, manifest.database)], { maxBuffer: 16 << 20 });
  } else {
    const pgdata = path.join(config.dataDir, 'pgdata');
    if (fs.existsSync(pgdata) && fs.readdirSync(pgdata).length) throw new Error(`${pgdata} already holds a database: restore into a DATA_DIR without one`);
    const database = await openEmbedded(config.dataDir, new Blob([fs.readFileSync(path.join(dir, manifest.database))]));
    await database.close();
  }
  if (manifest.files && fs.existsSync(path.join(dir, 'files'))) copyTree(path.join(dir, 'files'), config.filesDir);
  if (manifest.anchor && !fs.existsSync(config.traceAnchorFile)) {
    fs.mkdirSync(path.dirname(config.traceAnchorFile), { recursive: true });
    fs.copyFileSync(path.join(dir, 'trace-anchor.json'), config.traceAnchorFile);
  }
  const rt = await openRuntime({ ...config, databaseUrl }, { migrate: 'never' });
  try {
    const problems = compareSnapshots(manifest, await snapshotOf(rt.db));
    return { manifest, problems, trace: await verifyTrace(rt.db, rt.anchor, rt.clock.now()) };
  } finally {
    await rt.close();
  }
}

/** Copies a directory tree without overwriting anything there; returns the number of files copied. */
function copyTree(from: string, to: string): number {
  let n = 0;
  fs.mkdirSync(to, { recursive: true });
  for (const e of fs.readdirSync(from, { withFileTypes: true })) {
    const src = path.join(from, e.name);
    const dst = path.join(to, e.name);
    if (e.isDirectory()) n += copyTree(src, dst);
    else if (e.isFile() && !fs.existsSync(dst)) {
      fs.copyFileSync(src, dst);
      n++;
    }
  }
  return n;
}

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { seedTenant } from '../../../test/fixtures';
import { createTestRuntime, engine, type TestRuntime } from '../../../test/runtime';
import { testConfig } from '../../config';
import { systemActor } from '../../lib/actor';
import { inTransaction } from '../../lib/deps';
import { recordTrace } from '../trace/trace.service';
import { backup, restore } from './backup.service';
import { snapshotOf } from './backup.snapshot';

const KEY = 'backup-drill-server-key-0123456789abcdef';
let rt: TestRuntime;
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'duban-backup-'));
const targets: string[] = [];

/** An empty place to restore into: a new PostgreSQL database, or a DATA_DIR without a database. */
async function emptyTarget(name: string): Promise<{ dataDir: string; databaseUrl: string | null }> {
  const dataDir = path.join(scratch, name);
  if (engine() === 'embedded') return { dataDir, databaseUrl: null };
  const base = inject('databaseUrl') ?? '';
  const db = `duban_restore_${process.pid}_${name}`;
  const c = new pg.Client({ connectionString: base });
  await c.connect();
  await c.query(`drop database if exists ${db} with (force)`);
  await c.query(`create database ${db}`);
  await c.end();
  targets.push(db);
  const url = new URL(base);
  url.pathname = `/${db}`;
  return { dataDir, databaseUrl: url.toString() };
}

describe('backup and restore drill (duban backup / duban restore)', () => {
  beforeAll(async () => {
    rt = await createTestRuntime({ config: { secretKey: KEY } });
    const { tenantId } = await seedTenant(rt);
    await seedTenant(rt, 't2');
    for (let i = 0; i < 5; i++) {
      await inTransaction(rt.db, (trx) => recordTrace(trx, rt.clock, systemActor(tenantId), { action: 'unit.update', entityType: 'unit', entityId: i, after: { 名称: `单位${i}` } }));
    }
    fs.mkdirSync(path.join(rt.config.filesDir, 'ab'), { recursive: true });
    fs.writeFileSync(path.join(rt.config.filesDir, 'ab', 'attachment'), '附件内容');
  });
  afterAll(async () => {
    await rt.close();
    if (targets.length) {
      const c = new pg.Client({ connectionString: inject('databaseUrl') ?? '' });
      await c.connect();
      for (const db of targets) await c.query(`drop database if exists ${db} with (force)`);
      await c.end();
    }
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  it('restores every row count, the trace heads exactly, the files and the anchor; the trace verifies intact', async () => {
    const before = await snapshotOf(rt.db);
    const manifest = await backup(rt, path.join(scratch, 'backup'));
    expect(manifest).toMatchObject({ engine: engine(), files: 1, anchor: true, tables: before.tables, traceHeads: before.traceHeads });
    expect(before.tables.accounts).toBeGreaterThan(5);
    expect(before.traceHeads.length).toBeGreaterThan(0);
    expect(JSON.stringify(fs.readdirSync(path.join(scratch, 'backup')).sort())).not.toContain('secret');

    const target = await emptyTarget('drill');
    const report = await restore(testConfig(target.dataDir, { secretKey: KEY, databaseUrl: target.databaseUrl }), path.join(scratch, 'backup'));
    expect(report.problems).toEqual([]);
    expect(report.trace.status).toBe('intact');
    expect(report.trace.rows).toBe(before.tables.trace);
    expect(fs.readFileSync(path.join(target.dataDir, 'files', 'ab', 'attachment'), 'utf8')).toBe('附件内容');
    expect(fs.existsSync(path.join(target.dataDir, 'trace-anchor.json'))).toBe(true);

    // Restoring again over what is there now is refused, not merged.
    await expect(restore(testConfig(target.dataDir, { secretKey: KEY, databaseUrl: target.databaseUrl }), path.join(scratch, 'backup'))).rejects.toThrow(/not empty|already holds a database/);
  });

  it('refuses a restore under another server key (the trace MACs would all fail)', async () => {
    const target = await emptyTarget('otherkey');
    await expect(restore(testConfig(target.dataDir, { secretKey: 'another-server-key-0123456789abcdefgh', databaseUrl: target.databaseUrl }), path.join(scratch, 'backup'))).rejects.toThrow(/same SECRET_KEY/);
  });
});

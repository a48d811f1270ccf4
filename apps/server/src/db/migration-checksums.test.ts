import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engine, createTestRuntime, type TestRuntime } from '../../test/runtime';
import { embeddedTemplate } from '../../test/template';
import { openRuntime } from '../bootstrap';
import { testConfig } from '../config';
import { MigrationChangedError, migrateToLatest, migrationChecksums, verifyMigrationChecksums } from './migrate';

// Frozen migrations: the checksum of each applied migration is recorded, and a database that applied an earlier
// body of one is refused (by `duban migrate`, which runs migrateToLatest, and at start), naming the migration.

const VICTIM = '2026_11_22_1100_files';
let rt: TestRuntime;

beforeAll(async () => {
  rt = await createTestRuntime();
});
afterAll(async () => {
  await rt?.close();
});

async function recorded(): Promise<Map<string, string>> {
  const { rows } = await sql<{ name: string; sha256: string }>`select name, sha256 from migration_checksums`.execute(rt.owner);
  return new Map(rows.map((r) => [r.name, r.sha256]));
}

describe('migration checksums', () => {
  it('records the sha256 of every applied migration', async () => {
    const current = await migrationChecksums();
    const applied = (await sql<{ name: string }>`select name from kysely_migration order by name`.execute(rt.owner)).rows.map((r) => r.name);
    expect(applied).toContain(VICTIM);
    const rows = await recorded();
    expect([...rows.keys()].sort()).toEqual(applied);
    for (const n of applied) expect(rows.get(n)).toBe(current.get(n));
  });

  it('refuses to migrate or start when an applied migration changed, naming it', async () => {
    const right = (await recorded()).get(VICTIM);
    await sql`update migration_checksums set sha256 = ${'0'.repeat(64)} where name = ${VICTIM}`.execute(rt.owner);
    try {
      await expect(migrateToLatest(rt.owner)).rejects.toThrow(MigrationChangedError);
      await expect(migrateToLatest(rt.owner)).rejects.toThrow(new RegExp(`migration ${VICTIM} changed after it was applied`));
      await expect(verifyMigrationChecksums(rt.db)).rejects.toThrow(VICTIM);
      if (engine() === 'postgres') {
        // A second instance starting on this database (as the application's role) is refused.
        await expect(openRuntime(rt.config, { clock: rt.clock, inMemory: true })).rejects.toThrow(VICTIM);
      }
    } finally {
      await sql`update migration_checksums set sha256 = ${right} where name = ${VICTIM}`.execute(rt.owner);
    }
    await expect(migrateToLatest(rt.owner)).resolves.toEqual([]);
  });

  it('backfills the checksums of a database migrated before they were recorded', async () => {
    const before = await recorded();
    await sql`delete from migration_checksums where name <> ${'2026_12_07_7000_migration_checksums'}`.execute(rt.owner);
    await migrateToLatest(rt.owner);
    expect(await recorded()).toEqual(before);
  });

  it.runIf(engine() === 'embedded')('the embedded engine refuses to start on a data directory whose migration changed', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'duban-checksum-'));
    try {
      const config = testConfig(dir, { databaseUrl: null });
      const first = await openRuntime(config, { clock: rt.clock, migrate: 'always', loadDataDir: await embeddedTemplate() });
      await sql`update migration_checksums set sha256 = ${'0'.repeat(64)} where name = ${VICTIM}`.execute(first.db);
      await first.close();
      await expect(openRuntime(config, { clock: rt.clock })).rejects.toThrow(new RegExp(`migration ${VICTIM} changed`));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

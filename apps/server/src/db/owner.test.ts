import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { engine } from '../../test/runtime';
import { openRuntime, SchemaBehindError, type Runtime } from '../bootstrap';
import { testConfig } from '../config';
import { systemActor } from '../lib/actor';
import { inTransaction } from '../lib/deps';
import { recordTrace } from '../modules/trace/trace.service';
import { verifyTrace } from '../modules/trace/trace.verify';
import { grantAppRole } from './grants';

// PostgreSQL with a separate owner: migrations as the owner, the application as a role that owns nothing.
const tag = `${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
const owner = `duban_owner_${tag}`;
const appRole = `duban_app_${tag}`;
const dbName = `duban_owner_t_${tag}`;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'duban-owner-'));
const urlAs = (role: string) => {
  const url = new URL(inject('databaseUrl') ?? 'postgres://localhost/x');
  url.username = role;
  url.password = 'owner-test-pw';
  url.pathname = `/${dbName}`;
  return url.toString();
};
async function superuser(statements: string[]) {
  const c = new pg.Client({ connectionString: inject('databaseUrl') ?? '' });
  await c.connect();
  try {
    for (const s of statements) await c.query(s);
  } finally {
    await c.end();
  }
}

let app: Runtime;

describe.skipIf(engine() !== 'postgres')('a separate database owner (MIGRATION_DATABASE_URL)', () => {
  beforeAll(async () => {
    await superuser([
      `create role ${owner} login password 'owner-test-pw'`,
      `create role ${appRole} login password 'owner-test-pw'`,
      `create database ${dbName} owner ${owner}`,
    ]);
    const config = testConfig(dataDir, { databaseUrl: urlAs(appRole), migrationDatabaseUrl: urlAs(owner) });
    // The application alone cannot create the schema: it says to run `duban migrate`.
    await expect(openRuntime(config)).rejects.toThrow(SchemaBehindError);
    // `duban migrate` as the owner, then the grants it gives the application's role.
    const asOwner = await openRuntime({ ...config, databaseUrl: config.migrationDatabaseUrl }, { migrate: 'always' });
    await grantAppRole(asOwner.db, appRole);
    await asOwner.close();
    app = await openRuntime(config);
    await sql`insert into tenants (code, name, doc_prefix, settings) values ('own', '所有者测试区', '测督', '{}')`.execute(app.db);
  });
  afterAll(async () => {
    await app?.close();
    await superuser([`drop database if exists ${dbName} with (force)`, `drop role if exists ${appRole}`, `drop role if exists ${owner}`]);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('lets the application work and append to the trace, which verifies intact', async () => {
    const tenant = await app.db.selectFrom('tenants').select('id').executeTakeFirstOrThrow();
    for (let i = 0; i < 3; i++) {
      await inTransaction(app.db, (trx) => recordTrace(trx, app.clock, systemActor(tenant.id), { action: 'unit.update', entityType: 'unit', entityId: i, after: { n: i } }));
    }
    await app.anchor.flush();
    expect((await verifyTrace(app.db, app.anchor, app.clock.now())).status).toBe('intact');
  });

  it('refuses the application role UPDATE, DELETE, TRUNCATE of the trace, dropping or disabling its trigger, and the migrations', async () => {
    const refused = [
      sql`update trace set actor_name = 'x'`,
      sql`delete from trace`,
      sql`truncate trace`,
      sql`drop trigger trace_no_update on trace`,
      sql`alter table trace disable trigger user`,
      sql`drop table trace cascade`,
      sql`delete from trace_head`,
      sql`insert into trace_seal_boundary (tenant_id, seq) select id, 999 from tenants`,
      sql`delete from kysely_migration`,
      sql`create table scratch (n int)`,
      sql`create or replace function trace_refuse_change() returns trigger language plpgsql as $$ begin return new; end $$`,
    ];
    for (const statement of refused) {
      await expect(statement.execute(app.db), statement.compile(app.db).sql).rejects.toThrow(/permission denied|must be owner|append-only/);
    }
    // Its one UPDATE on the trace, of `mac`, the trigger still refuses on a sealed row.
    await expect(sql`update trace set mac = 'x'`.execute(app.db)).rejects.toThrow(/append-only/);
    expect((await verifyTrace(app.db, app.anchor, app.clock.now())).status).toBe('intact');
  });
});

import fs from 'node:fs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestRuntime, type TestRuntime } from '../../../test/runtime';
import { seedTenant } from '../../../test/fixtures';
import { systemActor } from '../../lib/actor';
import { inTransaction } from '../../lib/deps';
import { traceHash } from './trace.hash';
import { recordTrace } from './trace.service';
import { recomputeHash, sealUnsealedRows, traceMac } from './trace.seal';
import { verifyTrace } from './trace.verify';

let rt: TestRuntime;
let tenantId: number;

async function write(n: number) {
  for (let i = 0; i < n; i++) {
    rt.clock.advance(1000);
    await inTransaction(rt.db, (trx) =>
      recordTrace(trx, rt.clock, systemActor(tenantId), { action: 'unit.update', entityType: 'unit', entityId: i, before: { n: i }, after: { n: i + 1, 名称: '区住建局' } }),
    );
  }
}

// Someone with the owner's powers (on PostgreSQL the application's role cannot disable the trigger).
async function tamper(statement: string) {
  await sql.raw('alter table trace disable trigger user').execute(rt.owner);
  try {
    await sql.raw(statement).execute(rt.owner);
  } finally {
    await sql.raw('alter table trace enable trigger user').execute(rt.owner);
  }
}

const verify = () => verifyTrace(rt.db, rt.anchor, rt.clock.now(), tenantId);

describe('trace (痕迹)', () => {
  beforeAll(async () => {
    rt = await createTestRuntime();
    tenantId = (await seedTenant(rt)).tenantId;
  });
  afterAll(() => rt.close());

  it('chains each row to the previous one with SM3 and verifies intact', async () => {
    await write(5);
    await rt.anchor.flush();
    const rows = await rt.db.selectFrom('trace').selectAll().where('tenant_id', '=', tenantId).orderBy('seq').execute();
    expect(rows.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(rows[0]?.prev_hash).toBe('0'.repeat(64));
    for (let i = 1; i < rows.length; i++) expect(rows[i]?.prev_hash).toBe(rows[i - 1]?.hash);
    expect(rows[0]?.hash).toMatch(/^[0-9a-f]{64}$/);
    const result = await verify();
    expect(result.status).toBe('intact');
    expect(result.tenants[0]).toMatchObject({ rows: 5, headSeq: 5, anchorSeq: 5, intact: true });
  });

  it('is refused UPDATE, DELETE and TRUNCATE by the database itself', async () => {
    // The trigger refuses even the owner; the application's role (PostgreSQL tier) is refused by its privileges first.
    for (const db of [rt.owner, rt.db]) {
      const refused = db === rt.owner ? /append-only/ : /append-only|permission denied/;
      await expect(sql`update trace set actor_name = 'x' where tenant_id = ${tenantId}`.execute(db)).rejects.toThrow(refused);
      await expect(sql`delete from trace where tenant_id = ${tenantId}`.execute(db)).rejects.toThrow(refused);
      await expect(sql`truncate trace`.execute(db)).rejects.toThrow(/append-only|truncate|permission denied/i);
    }
    expect((await verify()).status).toBe('intact');
  });

  it('reports an edited row at that row', async () => {
    await tamper(`update trace set after = '{"n": 99}' where tenant_id = ${tenantId} and seq = 3`);
    const result = await verify();
    expect(result.status).toBe('broken');
    expect(result.firstBroken).toMatchObject({ seq: 3, reason: 'hash_mismatch' });
  });
});

describe('trace anchor', () => {
  beforeAll(async () => {
    rt = await createTestRuntime();
    tenantId = (await seedTenant(rt)).tenantId;
    await write(6);
    await rt.anchor.flush();
  });
  afterAll(() => rt.close());

  it('detects the newest rows deleted together with the head moved back', async () => {
    const row4 = await rt.db.selectFrom('trace').select('hash').where('tenant_id', '=', tenantId).where('seq', '=', 4).executeTakeFirstOrThrow();
    await tamper(`delete from trace where tenant_id = ${tenantId} and seq > 4`);
    await sql`update trace_head set seq = 4, hash = ${row4.hash} where tenant_id = ${tenantId}`.execute(rt.db);
    const result = await verify();
    expect(result.status).toBe('broken');
    expect(result.firstBroken).toMatchObject({ seq: 5, reason: 'anchor_rows_missing' });
  });

  it('detects a rewritten chain whose hashes were all recomputed', async () => {
    // Rewrite rows 1..4 with new content and a freshly computed, self-consistent chain; the attacker even has the
    // server key (so every row's MAC is valid too): only the anchor outside the database can catch this.
    const rows = await rt.db.selectFrom('trace').selectAll().where('tenant_id', '=', tenantId).orderBy('seq').execute();
    let prev = '0'.repeat(64);
    await sql.raw('alter table trace disable trigger user').execute(rt.owner);
    for (const r of rows) {
      const after = { n: 0, forged: true };
      const hash = recomputeHash({ ...r, prev_hash: prev, after });
      await sql`update trace set after = ${JSON.stringify(after)}::jsonb, prev_hash = ${prev}, hash = ${hash}, mac = ${traceMac(rt.secretKey, hash)} where id = ${r.id}`.execute(rt.owner);
      prev = hash;
    }
    await sql.raw('alter table trace enable trigger user').execute(rt.owner);
    await sql`update trace_head set hash = ${prev} where tenant_id = ${tenantId}`.execute(rt.db);
    // Pretend the anchor had only seen row 4: the rewrite must still be caught there.
    const file = JSON.parse(fs.readFileSync(rt.config.traceAnchorFile, 'utf8'));
    expect(file.tenants[String(tenantId)].seq).toBe(6);
    const result = await verify();
    expect(result.status).toBe('broken');
    expect(['anchor_rows_missing', 'anchor_hash_mismatch']).toContain(result.firstBroken?.reason);
  });

  it('detects an anchor file altered by hand', async () => {
    const file = JSON.parse(fs.readFileSync(rt.config.traceAnchorFile, 'utf8'));
    file.tenants[String(tenantId)].seq = 4;
    fs.writeFileSync(rt.config.traceAnchorFile, JSON.stringify(file));
    const result = await verify();
    expect(result.firstBroken?.reason).toBe('anchor_signature_invalid');
  });
});

/** Appends a row the way another database client would: valid SM3 chain, head moved, MAC as given. */
async function forgeRow(seq: number, mac: string | null) {
  const head = await rt.db.selectFrom('trace_head').select(['seq', 'hash']).where('tenant_id', '=', tenantId).executeTakeFirstOrThrow();
  expect(head.seq).toBe(seq - 1);
  const at = new Date('2026-11-20T03:00:00.000Z');
  const after = { forged: true, 考核得分: 100 };
  const hash = traceHash(head.hash, { tenantId, seq, at, actorAccountId: null, actorName: '系统', action: 'score.adjust', entityType: 'person', entityId: '1', before: null, after, ip: null, requestId: null });
  await sql`
    insert into trace (tenant_id, seq, at, actor_account_id, actor_name, action, entity_type, entity_id, before, after, ip, request_id, prev_hash, hash, mac)
    values (${tenantId}, ${seq}, ${at}, null, '系统', 'score.adjust', 'person', '1', null, ${JSON.stringify(after)}::jsonb, null, null, ${head.hash}, ${hash}, ${mac})`.execute(rt.db);
  await sql`update trace_head set seq = ${seq}, hash = ${hash} where tenant_id = ${tenantId}`.execute(rt.db);
}

describe('trace MAC (HMAC-SM3 under the server key)', () => {
  beforeAll(async () => {
    rt = await createTestRuntime();
    tenantId = (await seedTenant(rt)).tenantId;
    await write(3);
    await rt.anchor.flush();
  });
  afterAll(() => rt.close());

  it('carries a MAC on every row, and a row inserted with a valid SM3 chain and an updated head fails verification', async () => {
    const rows = await rt.db.selectFrom('trace').select(['hash', 'mac']).where('tenant_id', '=', tenantId).execute();
    for (const r of rows) expect(r.mac).toBe(traceMac(rt.secretKey, r.hash));
    expect((await verify()).status).toBe('intact');

    await forgeRow(4, 'f'.repeat(64)); // a made-up MAC
    const result = await verify();
    expect(result.status).toBe('broken');
    expect(result.firstBroken).toMatchObject({ seq: 4, reason: 'mac_invalid' });
    expect(result.firstBroken?.message).toContain('不是本系统写入的');
  });
});

describe('trace MAC of rows written before it existed', () => {
  beforeAll(async () => {
    rt = await createTestRuntime();
    tenantId = (await seedTenant(rt)).tenantId;
  });
  afterAll(() => rt.close());

  it('seals them at start, up to the head at the migration only, and allows no other update', async () => {
    // Rows 3 and 4 stand for entries written before migration 6100 (no MAC), which recorded the head at 4 …
    await write(2);
    await forgeRow(3, null);
    await forgeRow(4, null);
    await sql`insert into trace_seal_boundary (tenant_id, seq) values (${tenantId}, 4)`.execute(rt.owner); // as the migration did
    // … and row 5, without a MAC, was inserted by another client after it.
    await forgeRow(5, null);

    // The trigger's one allowed update is sealing; even the owner can do nothing else (nor re-seal a sealed row).
    await expect(sql`update trace set mac = 'x', actor_name = 'y' where tenant_id = ${tenantId} and seq = 3`.execute(rt.owner)).rejects.toThrow(/append-only/);
    await expect(sql`update trace set mac = 'x' where tenant_id = ${tenantId} and seq = 1`.execute(rt.owner)).rejects.toThrow(/append-only/);
    await expect(sql`update trace set mac = 'x' where tenant_id = ${tenantId} and seq = 1`.execute(rt.db)).rejects.toThrow(/append-only/);

    expect(await sealUnsealedRows(rt.db, rt.secretKey)).toBe(2);
    expect(await sealUnsealedRows(rt.db, rt.secretKey)).toBe(0);
    const rows = await rt.db.selectFrom('trace').select(['seq', 'hash', 'mac']).where('tenant_id', '=', tenantId).orderBy('seq').execute();
    expect(rows.map((r) => r.mac === traceMac(rt.secretKey, r.hash))).toEqual([true, true, true, true, false]);
    expect(rows[4]?.mac).toBeNull();
    expect((await verify()).firstBroken).toMatchObject({ seq: 5, reason: 'mac_invalid' });
  });
});

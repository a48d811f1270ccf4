import fs from 'node:fs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestRuntime, type TestRuntime } from '../../../test/runtime';
import { seedTenant } from '../../../test/fixtures';
import { systemActor } from '../../lib/actor';
import { inTransaction } from '../../lib/deps';
import { traceHash } from './trace.hash';
import { recordTrace } from './trace.service';
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

async function tamper(statement: string) {
  await sql.raw('alter table trace disable trigger user').execute(rt.db);
  try {
    await sql.raw(statement).execute(rt.db);
  } finally {
    await sql.raw('alter table trace enable trigger user').execute(rt.db);
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
    await expect(sql`update trace set actor_name = 'x' where tenant_id = ${tenantId}`.execute(rt.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from trace where tenant_id = ${tenantId}`.execute(rt.db)).rejects.toThrow(/append-only/);
    await expect(sql`truncate trace`.execute(rt.db)).rejects.toThrow(/append-only|truncate/i);
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
    // Rewrite rows 1..4 with new content and a freshly computed, self-consistent chain.
    const rows = await rt.db.selectFrom('trace').selectAll().where('tenant_id', '=', tenantId).orderBy('seq').execute();
    let prev = '0'.repeat(64);
    await sql.raw('alter table trace disable trigger user').execute(rt.db);
    for (const r of rows) {
      const after = { n: 0, forged: true };
      const hash = traceHash(prev, {
        tenantId: r.tenant_id,
        seq: r.seq,
        at: r.at,
        actorAccountId: r.actor_account_id,
        actorName: r.actor_name,
        action: r.action,
        entityType: r.entity_type,
        entityId: r.entity_id,
        before: r.before,
        after,
        ip: r.ip,
        requestId: r.request_id,
      });
      await sql`update trace set after = ${JSON.stringify(after)}::jsonb, prev_hash = ${prev}, hash = ${hash} where id = ${r.id}`.execute(rt.db);
      prev = hash;
    }
    await sql.raw('alter table trace enable trigger user').execute(rt.db);
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

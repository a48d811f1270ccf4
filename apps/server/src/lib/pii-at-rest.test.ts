import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedTenant } from '../../test/fixtures';
import { createTestRuntime, type TestRuntime } from '../../test/runtime';
import { openRuntime } from '../bootstrap';
import { testConfig } from '../config';
import { mobileSearchHash, openPii } from './pii';
import { mobileColumns, PiiKeyError, sealPlainMobiles } from './pii-at-rest';

let rt: TestRuntime;
let t: Awaited<ReturnType<typeof seedTenant>>;

describe('mobile numbers an older version stored in clear', () => {
  beforeAll(async () => {
    rt = await createTestRuntime();
    t = await seedTenant(rt);
  });
  afterAll(() => rt.close());

  it('are sealed at start (people and SMS / DingTalk-mention deliveries), the plain copy emptied, once', async () => {
    // What an older version left behind: a number in people.mobile, and delivery targets holding numbers.
    await sql`update people set mobile = '137 0000 0009', mobile_enc = null, mobile_hash = null where id = ${t.people.handler}`.execute(rt.db);
    const outbox = await rt.db
      .insertInto('outbox')
      .values({ tenant_id: t.tenantId, kind: 'matter.urged', event_key: 'legacy', title: '旧消息', body: '正文', created_at: rt.clock.now() })
      .returning('id')
      .executeTakeFirstOrThrow();
    const delivery = (channel: 'sms' | 'dingtalk-robot' | 'wecom-app', personId: number | null, target: string) => ({
      tenant_id: t.tenantId,
      outbox_id: outbox.id,
      person_id: personId,
      channel,
      target,
      next_at: rt.clock.now(),
      give_up_at: rt.clock.now(),
      idempotency_key: `legacy-${channel}`,
      created_at: rt.clock.now(),
      updated_at: rt.clock.now(),
    });
    await rt.db
      .insertInto('deliveries')
      .values([delivery('sms', t.people.handler, '13700000009'), delivery('dingtalk-robot', null, 'u:ding1,m:13700000009'), delivery('wecom-app', t.people.liaison, 'wx_liaison')])
      .execute();

    expect(await sealPlainMobiles(rt.db, rt.secretKey)).toEqual({ people: 1, deliveries: 2 });
    expect(await sealPlainMobiles(rt.db, rt.secretKey)).toEqual({ people: 0, deliveries: 0 });

    const person = (await sql<{ mobile: string | null; mobile_enc: string; mobile_hash: string }>`select mobile, mobile_enc, mobile_hash from people where id = ${t.people.handler}`.execute(rt.db)).rows[0];
    expect(person?.mobile).toBeNull();
    expect(openPii(rt.secretKey, person?.mobile_enc ?? '')).toBe('13700000009');
    expect(person?.mobile_hash).toBe(mobileSearchHash(rt.secretKey, '13700000009'));
    const rows = await rt.db.selectFrom('deliveries').select(['channel', 'target', 'target_enc']).orderBy('id').execute();
    expect(rows.map((r) => [r.channel, r.target, r.target_enc && openPii(rt.secretKey, r.target_enc)])).toEqual([
      ['sms', '137****0009', '13700000009'],
      ['dingtalk-robot', 'u:ding1,m:137****0009', 'u:ding1,m:13700000009'],
      ['wecom-app', 'wx_liaison', null],
    ]);
  });

  it('are sealed in batches of a thousand until none is left', async () => {
    await sql`
      insert into people (tenant_id, unit_id, name, rank, mobile)
      select ${t.tenantId}, ${t.units.edu}, '批量' || g, 'staff', '136' || lpad(g::text, 8, '0') from generate_series(1, 2345) g`.execute(rt.db);
    expect(await sealPlainMobiles(rt.db, rt.secretKey)).toEqual({ people: 2345, deliveries: 0 });
    const left = await sql<{ n: number }>`select count(*)::int as n from people where mobile is not null or (name like '批量%' and mobile_enc is null)`.execute(rt.db);
    expect(left.rows[0]?.n).toBe(0);
  });
});

describe('a server started under another key', () => {
  it('refuses to start, before it seals or sends anything', async () => {
    // The embedded engine on disk, so the second start finds what the first one stored.
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'duban-pii-key-'));
    const config = (secretKey: string) => testConfig(dataDir, { databaseUrl: null, secretKey });
    try {
      const first = await openRuntime(config('a'.repeat(48)));
      const tenant = await first.db.insertInto('tenants').values({ code: 'k1', name: '密钥测试区', doc_prefix: '测督', settings: '{}' }).returning('id').executeTakeFirstOrThrow();
      const unit = await first.db.insertInto('units').values({ tenant_id: tenant.id, name: '区督查办', kind: 'party' }).returning('id').executeTakeFirstOrThrow();
      await first.db.insertInto('people').values({ tenant_id: tenant.id, unit_id: unit.id, name: '王督查', rank: 'staff', ...mobileColumns(first.secretKey, '13800000001') }).execute();
      await first.close();

      const refused = await openRuntime(config('b'.repeat(48))).then(
        (rt) => rt.close(),
        (err: unknown) => err,
      );
      expect(refused).toBeInstanceOf(PiiKeyError);
      expect(String(refused)).toMatch(/does not open the mobile numbers stored in this database \(people \d+\)/);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

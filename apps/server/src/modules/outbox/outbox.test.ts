import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedTenant } from '../../../test/fixtures';
import { createTestRuntime, type TestRuntime } from '../../../test/runtime';
import { inTransaction } from '../../lib/deps';
import { enqueue } from './outbox.service';

let rt: TestRuntime;
let t: Awaited<ReturnType<typeof seedTenant>>;

describe('outbox', () => {
  beforeAll(async () => {
    rt = await createTestRuntime();
    t = await seedTenant(rt);
  });
  afterAll(() => rt.close());

  it('owes each event once: the same key enqueued again adds nothing', async () => {
    const entry = { tenantId: t.tenantId, kind: 'matter.urged', eventKey: 'urge:1', title: '催办', body: '请尽快办理', personIds: [t.people.liaison, t.people.handler, t.people.liaison], at: rt.clock.now() };
    const first = await inTransaction(rt.db, (trx) => enqueue(trx, entry));
    const second = await inTransaction(rt.db, (trx) => enqueue(trx, entry));
    expect(first).toBeGreaterThan(0);
    expect(second).toBeNull();
    const recipients = await rt.db.selectFrom('outbox_recipients').select('person_id').where('outbox_id', '=', first!).execute();
    expect(recipients.map((r) => r.person_id).sort()).toEqual([t.people.liaison, t.people.handler].sort());
  });

  it('rolls back with the transaction that caused it', async () => {
    await expect(
      inTransaction(rt.db, async (trx) => {
        await enqueue(trx, { tenantId: t.tenantId, kind: 'x', eventKey: 'rollback:1', title: 't', body: 'b', personIds: [t.people.head], at: rt.clock.now() });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await rt.db.selectFrom('outbox').select('id').where('event_key', '=', 'rollback:1').executeTakeFirst()).toBeUndefined();
  });
});

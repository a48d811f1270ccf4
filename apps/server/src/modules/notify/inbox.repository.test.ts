import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedTenant } from '../../../test/fixtures';
import { owe } from '../../../test/fakes/notify-setup';
import { createTestRuntime, engine, type TestRuntime } from '../../../test/runtime';
import { fanOut } from './fanout';
import { PUSHED_UNREAD_CAP } from './inbox.live';
import { markRead, unreadCounts } from './inbox.repository';

let rt: TestRuntime;
let t: Awaited<ReturnType<typeof seedTenant>>;

describe(`unread counts (${engine()})`, () => {
  beforeAll(async () => {
    rt = await createTestRuntime({ at: '2026-11-20T02:00:00Z' });
    t = await seedTenant(rt);
    await owe(rt, t, 6, { prefix: '未读', personIds: [t.people.liaison] });
    await owe(rt, t, 2, { prefix: '未读', personIds: [t.people.handler] });
    await fanOut(rt);
    const first = await rt.db.selectFrom('inbox_messages').select('id').where('person_id', '=', t.people.liaison).orderBy('id').executeTakeFirstOrThrow();
    await markRead(rt.db, t.tenantId, t.people.liaison, first.id, rt.clock.now());
  });
  afterAll(() => rt.close());

  it('counts each person’s unread messages, and stops at the cap when given one', async () => {
    const people = [t.people.liaison, t.people.handler, t.people.leader];
    expect(Object.fromEntries(await unreadCounts(rt.db, t.tenantId, people))).toEqual({ [t.people.liaison]: 5, [t.people.handler]: 2 });
    expect(Object.fromEntries(await unreadCounts(rt.db, t.tenantId, people, 3))).toEqual({ [t.people.liaison]: 3, [t.people.handler]: 2 });
  });

  it('pushes the bell a count that stops at 100, where it shows 99+', async () => {
    const pushed: unknown[] = [];
    rt.bus.subscribe((e) => {
      if (e.type === 'inbox.new') pushed.push(e.data);
    });
    await owe(rt, t, PUSHED_UNREAD_CAP, { prefix: '更多', personIds: [t.people.liaison] });
    await fanOut(rt);
    expect(pushed.at(-1)).toMatchObject({ unread: PUSHED_UNREAD_CAP, count: PUSHED_UNREAD_CAP });
    expect(Object.fromEntries(await unreadCounts(rt.db, t.tenantId, [t.people.liaison]))).toEqual({ [t.people.liaison]: PUSHED_UNREAD_CAP + 5 });
  });
});


import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { as, login, seedTenant, testApp } from '../../../test/fixtures';
import { createTestRuntime, engine, type TestRuntime } from '../../../test/runtime';
import { openRuntime, type Runtime } from '../../bootstrap';
import { claimDirty, markPeriods } from './dirty';

// The mark an event writes (issue 13) runs no statement when its instance saw the mark committed less than a lease
// ago; the claim then waits for every transaction that may have skipped it. What must hold: a rolled-back action
// marks nothing, a claim (in this instance or another on the same database) is followed by a mark again, and no
// event committed across a claim is missed by the recompute that follows it.

// Long enough that the steps between an event that remembers a mark and one that relies on it fit in it on a busy box.
const LEASE = 1500;
const Q = ['2026', '2026Q2'];
let rt: TestRuntime;
let tenantId: number;
let t: Awaited<ReturnType<typeof seedTenant>>;
const at = new Date('2026-04-15T02:00:00Z');

const marks = async () => (await rt.owner.selectFrom('assessment_dirty').select('period_code').where('tenant_id', '=', tenantId).orderBy('period_code').execute()).map((r) => r.period_code);
// One event of the tenant in its own transaction, in the instance `deps`.
const event = (deps: Runtime | TestRuntime = rt) => deps.db.transaction().execute((trx) => markPeriods(trx, deps, tenantId, Q, at));
// Removes the marks behind every instance's back (no claim): shows whether an event ran its statement.
const wipe = () => rt.owner.deleteFrom('assessment_dirty').execute();

/**
 * Marks twice (so this instance knows the marks), then opens an action whose event skips the statement and stays
 * open past the lease, while `claimer` (this instance or another) claims: the order in which the two ended.
 */
async function claimDuringOpenAction(claimer: Runtime | TestRuntime) {
  await event();
  await event();
  const order: string[] = [];
  const action = rt.db.transaction().execute(async (trx) => {
    await markPeriods(trx, rt, tenantId, Q, at);
    await sleep(LEASE * 2);
    order.push('action committed');
  });
  await sleep(20);
  const claiming = claimDirty(claimer, claimer.db).then((r) => {
    order.push('claim done');
    return r;
  });
  const [, claim] = await Promise.all([action, claiming]);
  return { order, claim };
}

beforeAll(async () => {
  rt = await createTestRuntime({ at: '2026-04-15T02:00:00Z', config: { assessmentMarkLeaseMs: LEASE } });
  t = await seedTenant(rt, 'd1');
  tenantId = t.tenantId;
});
afterAll(async () => {
  await rt?.close();
});
beforeEach(async () => {
  await claimDirty(rt, rt.db);
});

describe('period marks without a statement per event', () => {
  it('an event that found the mark committed skips the statement for the lease; a claim here makes the next one mark again', async () => {
    await event(); // inserts: not remembered (it could have rolled back)
    await event(); // finds it committed: remembered
    expect(await marks()).toEqual(Q);
    await wipe();
    await event();
    expect(await marks()).toEqual([]); // no statement ran
    await event();
    await sleep(LEASE + 50);
    await event(); // the lease ran out: the statement runs again
    expect(await marks()).toEqual(Q);

    await event();
    await claimDirty(rt, rt.db);
    expect(await marks()).toEqual([]);
    await event();
    expect(await marks()).toEqual(Q);
  });

  it('progress reports over HTTP: the third in a row runs no statement for its periods', async () => {
    const app = await testApp(rt);
    try {
      const dcb = await login(app, 'd1dcb');
      const post = async (who: Awaited<ReturnType<typeof login>>, url: string, payload: object = {}) => {
        const r = await app.inject({ method: 'POST', url, headers: as(who), payload });
        expect(r.statusCode, r.body).toBe(200);
        return r.json() as { id: number; version: number };
      };
      const m = await post(dcb, '/api/matters', { title: '背街小巷整治', content: '完成 12 条', source: 'superior', leadUnitId: t.units.street, startDate: '2026-04-01', deadline: '2026-06-30' });
      await post(dcb, `/api/matters/${m.id}/assign`, { version: m.version });
      await post(await login(app, 'd1liaison'), `/api/matters/${m.id}/sign`);
      const handler = await login(app, 'd1handler');
      await post(handler, `/api/matters/${m.id}/reports`, { progress: 10, text: '开工' });
      expect(await marks()).toEqual(Q);
      await wipe();
      await post(handler, `/api/matters/${m.id}/reports`, { progress: 20, text: '推进' });
      expect(await marks()).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('a rolled-back action marks nothing, and what it inserted is not remembered', async () => {
    await expect(
      rt.db.transaction().execute(async (trx) => {
        await markPeriods(trx, rt, tenantId, Q, at);
        throw new Error('the action fails');
      }),
    ).rejects.toThrow('the action fails');
    expect(await marks()).toEqual([]);
    await event();
    expect(await marks()).toEqual(Q);
  });

  it('a claim waits for a transaction that skipped the statement, so the recompute after it reads that event', async () => {
    const { order, claim } = await claimDuringOpenAction(rt);
    expect(order).toEqual(['action committed', 'claim done']);
    expect(claim.settled).toBe(true);
  });

  it.runIf(engine() === 'postgres')('a claim in another instance: it waits for this one’s open action, and this one marks again once its lease is out', async () => {
    const other = await openRuntime(rt.config, { clock: rt.clock, migrate: 'never', inMemory: true });
    try {
      const { order, claim } = await claimDuringOpenAction(other);
      expect(order).toEqual(['action committed', 'claim done']);
      expect(claim.claimed.map((c) => c.code).sort()).toEqual(Q);
      // This instance did not see the claim: within its lease it still skips, after it the event marks again.
      await sleep(LEASE + 50);
      await event();
      expect(await marks()).toEqual(Q);

      // A transaction open longer than the claim will wait: the claim says so, and the job marks the periods again.
      await event();
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      const open = rt.db.transaction().execute(async (trx) => {
        await markPeriods(trx, rt, tenantId, Q, at);
        await held;
      });
      await sleep(20);
      const unsettled = await claimDirty(other, other.db, 0);
      release();
      await open;
      expect(unsettled.settled).toBe(false);
    } finally {
      await other.close();
    }
  });
});

import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, login, seedTenant, testApp, type Session } from '../../../test/fixtures';
import { insertMatter } from '../../../test/files-fixtures';
import { createTestRuntime, type TestRuntime } from '../../../test/runtime';
import { pendingOfficeReminders } from '../warnings/sweep.office';
import { loadTenantRules } from '../warnings/tenant-rules';

// Issue 12, item 10: a notice closes with its matter — nobody is left waiting on it, nor reminded of it.

let rt: TestRuntime;
let app: FastifyInstance;
let t: Awaited<ReturnType<typeof seedTenant>>;
const s: Record<string, Session> = {};

const post = (who: string, url: string, payload: Record<string, unknown> = {}) => app.inject({ method: 'POST', url, headers: as(s[who]!), payload });
const toAcknowledge = async (who: string) => {
  const wb = (await app.inject({ url: '/api/workbench', headers: as(s[who]!) })).json() as { sections: { key: string; count: number }[] };
  return wb.sections.find((x) => x.key === 'notices_to_acknowledge')?.count ?? 0;
};

describe('a notice closes with its matter', () => {
  beforeAll(async () => {
    rt = await createTestRuntime({ at: '2026-11-20T02:00:00Z' });
    t = await seedTenant(rt, 'n1');
    app = await testApp(rt);
    for (const u of ['dcb', 'head']) s[u] = await login(app, `n1${u}`);
  });
  afterAll(async () => {
    await app.close();
    await rt.close();
  });

  it('leaves the workbench and the reminders once the matter is archived', async () => {
    const matterId = await insertMatter(rt, t);
    const issued = await post('dcb', `/api/matters/${matterId}/notices`, { title: '关于加快推进的督查通知', body: '请加快推进。', replyBy: '2026-11-27', recipients: [{ personId: t.people.head }] });
    expect(issued.statusCode, issued.body).toBe(200);
    expect(await toAcknowledge('head')).toBe(1);

    await rt.db.updateTable('matters').set({ status: 'closed', closed_at: rt.clock.now() }).where('id', '=', matterId).execute();
    expect((await post('dcb', `/api/matters/${matterId}/archive`)).statusCode).toBe(200);
    expect(await toAcknowledge('head')).toBe(0);
    const todo = (await app.inject({ url: '/api/matters?todo=notices_to_acknowledge', headers: as(s.head!) })).json() as { total: number };
    expect(todo.total).toBe(0);

    const later = new Date('2026-11-25T02:00:00Z');
    const rules = new Map([[t.tenantId, await loadTenantRules(rt.db, t.tenantId, {})]]);
    const owed = await pendingOfficeReminders(rt.db, later, rules, async () => []);
    expect(owed.filter((o) => o.kind === 'notice.unacknowledged')).toEqual([]);
    const trace = await rt.db.selectFrom('trace').select('after').where('action', '=', 'matter.archive').where('entity_id', '=', String(matterId)).executeTakeFirstOrThrow();
    expect(JSON.stringify(trace.after)).toContain('测督通〔2026〕1号');
  });
});

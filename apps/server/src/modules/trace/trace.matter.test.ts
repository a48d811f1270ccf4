import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, login, seedTenant, testApp, type Session } from '../../../test/fixtures';
import { insertMatter } from '../../../test/files-fixtures';
import { createTestRuntime, type TestRuntime } from '../../../test/runtime';
import { inTransaction } from '../../lib/deps';
import { recordTrace } from './trace.service';

let rt: TestRuntime;
let app: FastifyInstance;
let t: Awaited<ReturnType<typeof seedTenant>>;
const s: Record<string, Session> = {};

type Page = { items: { action: string; entityType: string; entityLabel?: string | null; after: Record<string, unknown> | null }[]; names: Record<string, Record<string, string>> };

describe('a matter’s 全程痕迹', () => {
  beforeAll(async () => {
    rt = await createTestRuntime();
    t = await seedTenant(rt);
    app = await testApp(rt);
    for (const u of ['t1dcb', 't1liaison']) s[u] = await login(app, u);
  });
  afterAll(async () => {
    await app.close();
    await rt.close();
  });

  it('shows the matter’s notices, inspections and sub-matters with it, naming units, people and objects', async () => {
    const matterId = await insertMatter(rt, t, { leadUnitId: t.units.street });
    const matter = await rt.db.selectFrom('matters').select('number').where('id', '=', matterId).executeTakeFirstOrThrow();
    const office = await t.actor('t1dcb');
    await inTransaction(rt.db, (trx) =>
      recordTrace(trx, rt.clock, office, { action: 'matter.assign', entityType: 'matter', entityId: matterId, before: { status: 'registered' }, after: { status: 'assigned', units: [t.units.street, t.units.edu] } }),
    );
    const notice = await app.inject({
      method: 'POST',
      url: `/api/matters/${matterId}/notices`,
      headers: as(s.t1dcb!),
      payload: { title: '关于加快推进的督查通知', body: '请加快施工。', replyBy: '2026-12-31', recipients: [{ personId: t.people.head, roleLabel: '党工委书记' }] },
    });
    expect(notice.statusCode).toBe(200);
    const inspection = await rt.db
      .insertInto('inspections')
      .values({ tenant_id: t.tenantId, matter_id: matterId, inspected_at: new Date('2026-11-25T02:00:00Z'), finding: 'confirms', location: '现场', notes: '进度属实', unannounced: false })
      .returning('id')
      .executeTakeFirstOrThrow();
    await inTransaction(rt.db, (trx) =>
      recordTrace(trx, rt.clock, office, { action: 'inspection.create', entityType: 'inspection', entityId: inspection.id, after: { matterId, finding: 'confirms', inspectorIds: [t.people.handler] } }),
    );
    const child = await insertMatter(rt, t, { title: '子事项' });
    await inTransaction(rt.db, (trx) =>
      recordTrace(trx, rt.clock, office, { action: 'matter.decompose', entityType: 'matter', entityId: child, after: { title: '子事项', parentId: matterId, leadUnitId: t.units.edu } }),
    );
    // Another matter's notice stays out.
    const other = await insertMatter(rt, t);
    await app.inject({ method: 'POST', url: `/api/matters/${other}/notices`, headers: as(s.t1dcb!), payload: { title: '别的通知', body: '无关。', recipients: [{ personId: t.people.head }] } });

    const res = await app.inject({ url: `/api/trace?entityType=matter&entityId=${matterId}&related=true`, headers: as(s.t1dcb!) });
    expect(res.statusCode).toBe(200);
    const page = res.json<Page>();
    expect(page.items.map((i) => i.action).sort()).toEqual(['inspection.create', 'matter.assign', 'matter.decompose', 'notice.issue'].sort());
    const issued = page.items.find((i) => i.action === 'notice.issue');
    expect(issued?.entityLabel).toBe(notice.json<{ number: string }>().number);
    expect(page.items.find((i) => i.action === 'matter.assign')?.entityLabel).toBe(matter.number);
    const units = await rt.db.selectFrom('units').select(['id', 'name']).where('id', 'in', [t.units.street, t.units.edu]).execute();
    for (const u of units) expect(page.names.units?.[String(u.id)]).toBe(u.name);
    const head = await rt.db.selectFrom('people').select('name').where('id', '=', t.people.head).executeTakeFirstOrThrow();
    expect(page.names.people?.[String(t.people.head)]).toBe(head.name);
    expect(page.names.matters?.[String(matterId)]).toBe(matter.number);

    // Without `related`, only the matter's own entries; bad input is a 400, not a 500.
    const own = (await app.inject({ url: `/api/trace?entityType=matter&entityId=${matterId}`, headers: as(s.t1dcb!) })).json<Page>();
    expect(own.items.map((i) => i.action)).toEqual(['matter.assign']);
    expect((await app.inject({ url: `/api/trace?entityType=matter&entityId=${matterId}&related=yes`, headers: as(s.t1dcb!) })).statusCode).toBe(400);
  });
});

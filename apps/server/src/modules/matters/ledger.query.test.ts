import { ledgerQuerySchema, matterCreateSchema } from '@duban/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedTenant } from '../../../test/fixtures';
import { createTestRuntime, type TestRuntime } from '../../../test/runtime';
import { inTransaction } from '../../lib/deps';
import { workbench } from '../workbench/workbench.service';
import { ledgerPage } from './ledger.query';
import { assignMatter, signMatter } from './matter-flow.service';
import { requestExtension } from './matter-review.service';
import { createMatter } from './matter.service';

let rt: TestRuntime;
let t: Awaited<ReturnType<typeof seedTenant>>;
let other: Awaited<ReturnType<typeof seedTenant>>;

describe('ledger query and createMatter (the service the Excel import builds on)', () => {
  beforeAll(async () => {
    rt = await createTestRuntime({ at: '2026-03-02T02:00:00Z' });
    t = await seedTenant(rt, 'l1');
    other = await seedTenant(rt, 'l2');
    const dcb = await t.actor('l1dcb');
    const make = (title: string, leadUnitId: number, extra: Record<string, unknown> = {}) =>
      inTransaction(rt.db, (trx) =>
        createMatter(trx, rt, dcb, matterCreateSchema.parse({ title, source: 'superior', leadUnitId, startDate: '2026-03-02', deadline: '2026-06-30', ...extra })),
      );
    await make('老旧小区改造', t.units.street, { coUnitIds: [t.units.housing], content: '加装电梯 20 部' });
    await make('学校扩建', t.units.edu, { leadLeaderId: t.people.deputy });
    await make('道路整修', t.units.housing, { deadline: '2026-04-30' });
    const odcb = await other.actor('l2dcb');
    await inTransaction(rt.db, (trx) => createMatter(trx, rt, odcb, matterCreateSchema.parse({ title: '别的区', source: 'superior', leadUnitId: other.units.street, startDate: '2026-03-02', deadline: '2026-06-30' })));
  });
  afterAll(async () => {
    await rt.close();
  });

  const page = async (username: string, query: Record<string, unknown> = {}) => {
    const actor = await t.actor(username);
    return ledgerPage(rt.db, actor, ledgerQuerySchema.parse(query), rt.clock.now());
  };

  it('numbers matters per tenant and year', async () => {
    const { rows } = await page('l1dcb', { sort: 'number' });
    expect(rows.map((r) => r.number)).toEqual(['测督〔2026〕1号', '测督〔2026〕2号', '测督〔2026〕3号']);
  });

  it('scopes in SQL: office sees all, a street liaison its own and co-unit matters, a leader what they lead and their 分管 units', async () => {
    expect((await page('l1dcb')).total).toBe(3);
    expect((await page('l1liaison')).rows.map((r) => r.title)).toEqual(['老旧小区改造']);
    expect((await page('l1hliaison')).rows.map((r) => r.title).sort()).toEqual(['老旧小区改造', '道路整修'].sort());
    expect((await page('l1deputy')).rows.map((r) => r.title).sort()).toEqual(['学校扩建', '老旧小区改造', '道路整修'].sort());
  });

  it('filters, searches text, sorts and pages with a total', async () => {
    expect((await page('l1dcb', { q: '电梯' })).rows.map((r) => r.title)).toEqual(['老旧小区改造']);
    expect((await page('l1dcb', { deadlineTo: '2026-05-01' })).rows.map((r) => r.title)).toEqual(['道路整修']);
    const p = await page('l1dcb', { sort: 'number', order: 'desc', page: 2, pageSize: 2 });
    expect(p.total).toBe(3);
    expect(p.rows.map((r) => r.number)).toEqual(['测督〔2026〕1号']);
    const withCo = (await page('l1dcb', { unitId: t.units.housing })).rows;
    expect(withCo.find((r) => r.title === '老旧小区改造')?.co_unit_names).toEqual(['区住建局']);
  });

  it('lists in full what a workbench section counts (todo=…), for the viewer’s own unit only', async () => {
    const dcb = await t.actor('l1dcb');
    const liaison = await t.actor('l1liaison');
    const hliaison = await t.actor('l1hliaison');
    const rows = (await page('l1dcb')).rows;
    for (const m of rows.filter((r) => r.title !== '学校扩建')) await assignMatter(rt, dcb, m.id, { version: m.version });
    const titles = async (username: string, todo: string) => (await page(username, { todo })).rows.map((r) => r.title).sort();
    const counted = async (actor: typeof dcb, key: string) => (await workbench(rt, actor)).sections.find((s) => s.key === key)?.count ?? 0;

    expect(await titles('l1liaison', 'to_sign')).toEqual(['老旧小区改造']);
    // The housing bureau leads one matter and is co-unit of the other; the unassigned 学校扩建 waits for nobody.
    expect(await titles('l1hliaison', 'to_sign')).toEqual(['老旧小区改造', '道路整修'].sort());
    expect(await titles('l1dcb', 'to_sign')).toEqual([]);
    expect((await page('l1hliaison', { todo: 'to_sign' })).total).toBe(await counted(hliaison, 'to_sign'));

    const street = rows.find((r) => r.title === '老旧小区改造');
    await signMatter(rt, liaison, street?.id ?? 0, {});
    expect(await titles('l1liaison', 'to_sign')).toEqual([]);
    expect(await titles('l1hliaison', 'to_sign')).toEqual(['老旧小区改造', '道路整修'].sort());
    expect(await titles('l1liaison', 'to_report')).toEqual([]);

    await requestExtension(rt, liaison, street?.id ?? 0, { requestedDeadline: '2026-09-30', reason: '资金未到位' });
    expect(await titles('l1dcb', 'to_approve_extension')).toEqual(['老旧小区改造']);
    expect(await titles('l1liaison', 'to_approve_extension')).toEqual([]);
    const notice = await rt.db
      .insertInto('notices')
      .values({ tenant_id: t.tenantId, matter_id: street?.id ?? 0, year: 2026, seq: 901, number: '测督通〔2026〕901号', title: '督查通知单', body: '请按期办结' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await rt.db.insertInto('notice_recipients').values({ tenant_id: t.tenantId, notice_id: notice.id, person_id: t.people.liaison }).execute();
    expect(await titles('l1liaison', 'notices_to_acknowledge')).toEqual(['老旧小区改造']);
    expect(await titles('l1hliaison', 'notices_to_acknowledge')).toEqual([]);

    const signedAt = rt.clock.now();
    rt.clock.advance(40 * 86_400_000);
    try {
      expect(await titles('l1liaison', 'to_report')).toEqual(['老旧小区改造']);
      expect(await counted(liaison, 'to_report')).toBe(1);
      expect(await titles('l1hliaison', 'to_report')).toEqual([]);
    } finally {
      rt.clock.set(signedAt);
    }
  });
});

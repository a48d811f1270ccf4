import type { LiveEvent } from '../../lib/events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedTenant } from '../../../test/fixtures';
import { createTestRuntime, engine, type TestRuntime } from '../../../test/runtime';
import { runSweep } from './sweep.service';
import { insertMatter } from './sweep.test-helpers';

let rt: TestRuntime;
let t: Awaited<ReturnType<typeof seedTenant>>;
const ids = { red: 0, blue: 0, yellow: 0, green: 0, registered: 0, dueSoon: 0, weekly: 0, nextYear: 0, parent: 0, childRed: 0, childGreen: 0, notice: 0, extension: 0 };
const events: LiveEvent[] = [];
const FRI = new Date('2026-11-20T02:00:00Z'); // Friday 10:00 in Shanghai
const at = (date: string) => new Date(`${date}T10:00:00+08:00`);
const recent = new Date('2026-11-19T02:00:00Z');

async function colourOf(id: number) {
  return rt.db.selectFrom('matters').select(['colour', 'colour_reasons', 'deadline_provisional', 'colour_provisional']).where('id', '=', id).executeTakeFirstOrThrow();
}
async function outbox() {
  const rows = await rt.db.selectFrom('outbox').select(['id', 'event_key', 'kind', 'body', 'link']).orderBy('id').execute();
  const people = await rt.db.selectFrom('outbox_recipients').select(['outbox_id', 'person_id']).execute();
  return rows.map((r) => ({ ...r, people: people.filter((p) => p.outbox_id === r.id).map((p) => p.person_id).sort((a, b) => a - b) }));
}
const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);

describe(`colour sweep (${engine()})`, () => {
  beforeAll(async () => {
    rt = await createTestRuntime({ at: FRI.toISOString() });
    t = await seedTenant(rt);
    rt.bus.subscribe((e) => events.push(e));
    const u = t.units.street;
    const base = { tenantId: t.tenantId, unitId: u, handlers: [t.people.handler], leadLeaderId: t.people.deputy };
    ids.red = await insertMatter(rt.db, { ...base, title: '市政重点工程', deadline: '2026-11-10', progress: 50, lastReportAt: recent, lastProgressAt: recent });
    ids.blue = await insertMatter(rt.db, { ...base, title: '老旧小区改造', deadline: '2026-12-31', progress: 60, lastReportAt: new Date('2026-11-01T02:00:00Z'), lastProgressAt: new Date('2026-11-01T02:00:00Z') });
    ids.yellow = await insertMatter(rt.db, { ...base, title: '背街小巷整治', deadline: '2026-12-31', progress: 0, lastReportAt: recent, lastProgressAt: recent });
    ids.green = await insertMatter(rt.db, { ...base, title: '绿化提升', deadline: '2026-12-31', progress: 60, lastReportAt: recent, lastProgressAt: recent });
    ids.registered = await insertMatter(rt.db, { ...base, status: 'registered', deadline: '2026-12-31' });
    ids.dueSoon = await insertMatter(rt.db, { ...base, title: '道路刷黑', deadline: '2026-11-25', progress: 90, lastReportAt: recent, lastProgressAt: recent });
    const lastWeek = new Date('2026-11-13T02:00:00Z');
    ids.weekly = await insertMatter(rt.db, { ...base, title: '周报事项', deadline: '2026-12-31', progress: 60, reportCadence: 'weekly', lastReportAt: lastWeek, lastProgressAt: lastWeek });
    ids.nextYear = await insertMatter(rt.db, { ...base, title: '跨年工程', startDate: '2026-11-01', deadline: '2027-01-15', progress: 30, lastReportAt: recent, lastProgressAt: recent });
    ids.parent = await insertMatter(rt.db, { ...base, title: '城市更新', deadline: '2026-12-31', progress: 60, lastReportAt: recent, lastProgressAt: recent });
    ids.childRed = await insertMatter(rt.db, { ...base, parentId: ids.parent, title: '拆迁清零', deadline: '2026-11-16', progress: 10, lastReportAt: recent, lastProgressAt: recent });
    ids.childGreen = await insertMatter(rt.db, { ...base, parentId: ids.parent, title: '安置房建设', deadline: '2026-12-31', progress: 60, lastReportAt: recent, lastProgressAt: recent });

    const notice = await rt.db
      .insertInto('notices')
      .values({ tenant_id: t.tenantId, matter_id: ids.red, year: 2026, seq: 1, number: '测督通〔2026〕1号', title: '关于加快推进的通知', body: '…', reply_by: null, issued_by: null, issued_at: new Date('2026-11-18T02:00:00Z') })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids.notice = notice.id;
    await rt.db.insertInto('notice_recipients').values([
      { tenant_id: t.tenantId, notice_id: notice.id, person_id: t.people.liaison, role_label: null, acknowledged_at: null, acknowledged_by: null },
      { tenant_id: t.tenantId, notice_id: notice.id, person_id: t.people.head, role_label: null, acknowledged_at: new Date('2026-11-18T03:00:00Z'), acknowledged_by: null },
    ]).execute();
    const ext = await rt.db
      .insertInto('extension_requests')
      .values({ tenant_id: t.tenantId, matter_id: ids.blue, unit_id: u, requested_by: null, requested_deadline: '2027-01-31', previous_deadline: '2026-12-31', reason: '拆迁未完成', status: 'pending', decided_by: null, decided_at: null, decision_note: null, created_at: new Date('2026-11-18T02:00:00Z') })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids.extension = ext.id;
  });
  afterAll(() => rt.close());

  it('a dry run reports what would change and be sent, and writes nothing', async () => {
    const stats = await runSweep(rt, { at: FRI, dryRun: true });
    expect(stats.changed).toBeGreaterThanOrEqual(10);
    expect(stats.reminders).toBeGreaterThan(0);
    expect((await colourOf(ids.red)).colour).toBeNull();
    expect(await outbox()).toEqual([]);
    expect(await rt.db.selectFrom('colour_history').select('id').execute()).toEqual([]);
    expect(events).toEqual([]);
  });

  it('colours every open matter, records why, and owes reminders up the ladder', async () => {
    const stats = await runSweep(rt, { at: FRI });
    expect(stats.skipped).toBe(false);
    expect((await colourOf(ids.red)).colour).toBe('red');
    expect((await colourOf(ids.blue)).colour).toBe('blue');
    expect((await colourOf(ids.yellow)).colour).toBe('yellow');
    expect((await colourOf(ids.green)).colour).toBe('green');
    expect((await colourOf(ids.registered)).colour).toBeNull();
    expect((await colourOf(ids.red)).colour_reasons?.[0]?.text).toBe('已逾期 8 个工作日（时限 2026-11-10）');

    const history = await rt.db.selectFrom('colour_history').selectAll().where('matter_id', '=', ids.red).execute();
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ from_colour: null, to_colour: 'red' });

    const box = await outbox();
    const red = box.find((o) => o.event_key.startsWith(`colour:${ids.red}:red:`));
    expect(red?.body).toBe('【红色预警】五里堡街道办事处承办的“市政重点工程”已逾期 8 个工作日，请立即办理并汇报进度（时限：2026-11-10）');
    expect(red?.link).toBe(`/matters/${ids.red}`);
    const { handler, liaison, head, deputy, supervisor } = t.people;
    expect(red?.people).toEqual(sorted([handler, liaison, head, deputy, supervisor]));
    expect(box.find((o) => o.event_key.startsWith(`colour:${ids.blue}:blue:`))?.people).toEqual(sorted([handler, liaison, head]));
    expect(box.find((o) => o.event_key.startsWith(`colour:${ids.yellow}:yellow:`))?.people).toEqual(sorted([handler, liaison]));
    expect(box.some((o) => o.event_key.startsWith(`colour:${ids.green}:`))).toBe(false);

    // T-3, a scheduled report due today, a notice unacknowledged for a working day, an extension waiting.
    expect(box.find((o) => o.event_key === `due:${ids.dueSoon}:2026-11-25:t3`)?.body).toContain('距时限还有 3 个工作日');
    expect(box.find((o) => o.event_key === `report:${ids.weekly}:2026-11-20`)?.people).toEqual(sorted([handler, liaison]));
    expect(box.find((o) => o.event_key === `notice-unack:${ids.notice}`)?.people).toEqual([liaison]);
    expect(box.find((o) => o.event_key === `extension-pending:${ids.extension}`)?.people).toEqual([supervisor]);

    // Live events after commit, one per change.
    const colourEvents = events.filter((e) => e.type === 'matter.colour');
    expect(colourEvents.find((e) => e.data.matterId === ids.red)?.data).toMatchObject({ from: null, to: 'red' });
  });

  it('a parent takes the worst colour of its open children', async () => {
    const parent = await colourOf(ids.parent);
    expect(parent.colour).toBe('red');
    expect(parent.colour_reasons?.[0]?.text).toMatch(/^子事项“拆迁清零”：已逾期/);
  });

  it('reminds a parent turned red by an overdue child of the child, not as if itself overdue', async () => {
    const red = (await outbox()).find((o) => o.event_key.startsWith(`colour:${ids.parent}:red:`));
    expect(red?.body).toBe('【红色预警】五里堡街道办事处承办的“城市更新”，其子事项“拆迁清零”已逾期 4 个工作日（时限 2026-11-16），请督促子事项承办单位立即办理并汇报进度（本事项时限：2026-12-31）');
  });

  it('a deadline in a year without calendar data is provisional', async () => {
    const m = await colourOf(ids.nextYear);
    expect(m.deadline_provisional).toBe(true);
    expect((await colourOf(ids.green)).deadline_provisional).toBe(false);
  });

  it('is idempotent: the same moment again changes and sends nothing', async () => {
    const before = await outbox();
    const n = events.length;
    const stats = await runSweep(rt, { at: FRI });
    expect(stats.changed).toBe(0);
    expect(stats.reminders).toBe(0);
    expect(await outbox()).toEqual(before);
    expect(events.length).toBe(n);
  });

  it('repeats while the colour stays: red every working day, blue every 2, yellow every 3', async () => {
    const keys = async () => (await outbox()).map((o) => o.event_key);
    await runSweep(rt, { at: at('2026-11-21') }); // Saturday: no repeats
    expect((await keys()).filter((k) => k.startsWith('repeat:'))).toEqual([]);
    await runSweep(rt, { at: at('2026-11-23') });
    expect(await keys()).toContain(`repeat:${ids.red}:red:2026-11-23`);
    expect(await keys()).not.toContain(`repeat:${ids.blue}:blue:2026-11-23`);
    await runSweep(rt, { at: at('2026-11-24') });
    expect(await keys()).toEqual(expect.arrayContaining([`repeat:${ids.red}:red:2026-11-24`, `repeat:${ids.blue}:blue:2026-11-24`, `due:${ids.dueSoon}:2026-11-25:t1`]));
    expect(await keys()).not.toContain(`repeat:${ids.yellow}:yellow:2026-11-24`);
    await runSweep(rt, { at: at('2026-11-25') });
    expect(await keys()).toContain(`repeat:${ids.yellow}:yellow:2026-11-25`);
    const repeat = (await outbox()).find((o) => o.event_key === `repeat:${ids.red}:red:2026-11-25`);
    expect(repeat?.body).toMatch(/^【红色预警·再次提醒】.*已逾期 11 个工作日/);
  });

  it('looks again only at matters whose colour could have changed', async () => {
    const stats = await runSweep(rt, { at: new Date('2026-11-25T03:00:00Z') });
    expect(stats.candidates).toBe(0);
    // A write to the facts (a progress report) makes the matter a candidate again.
    await rt.db.updateTable('matters').set({ progress: 100, last_report_at: at('2026-11-25'), last_progress_at: at('2026-11-25') }).where('id', '=', ids.yellow).execute();
    const after = await runSweep(rt, { at: new Date('2026-11-25T03:01:00Z') });
    expect(after.candidates).toBe(1);
    expect((await colourOf(ids.yellow)).colour).toBe('green');
  });

  it('a colour reset by hand is derived again; the sweep’s own writes do not mark matters dirty', async () => {
    await rt.db.updateTable('matters').set({ colour: null, colour_since: null }).where('id', '=', ids.red).execute();
    const stats = await runSweep(rt, { at: new Date('2026-11-25T03:02:00Z') });
    expect(stats.candidates).toBe(1);
    expect((await colourOf(ids.red)).colour).toBe('red');
    expect((await runSweep(rt, { at: new Date('2026-11-25T03:03:00Z') })).candidates).toBe(0);
  });

  it('two sweeps at once: one does the work, nothing is owed twice', async () => {
    await rt.db.updateTable('matters').set({ progress: 5 }).where('id', '=', ids.green).execute();
    const before = (await outbox()).length;
    const [a, b] = await Promise.all([runSweep(rt, { at: at('2026-11-26') }), runSweep(rt, { at: at('2026-11-26') })]);
    expect([a.skipped, b.skipped].sort()).toEqual([false, true]);
    expect(Math.max(a.changed, b.changed)).toBeGreaterThan(0);
    const box = await outbox();
    expect(new Set(box.map((o) => o.event_key)).size).toBe(box.length);
    expect(box.length).toBeGreaterThan(before);
  });

  it('changed thresholds reclassify the tenant at the next sweep', async () => {
    await rt.db.updateTable('tenants').set({ settings: JSON.stringify({ warningThresholds: { stallDays: 60 } }) }).where('id', '=', t.tenantId).execute();
    const stats = await runSweep(rt, { at: at('2026-11-26') });
    expect(stats.reclassifiedTenants).toBe(1);
    expect((await colourOf(ids.blue)).colour).toBe('green');
    const h = await rt.db.selectFrom('colour_history').selectAll().where('matter_id', '=', ids.blue).orderBy('id').execute();
    expect(h.map((x) => x.to_colour)).toEqual(['blue', 'green']);
  });

  it('a reclassification also clears a colour left on a matter that is no longer open', async () => {
    const closed = await insertMatter(rt.db, { tenantId: t.tenantId, unitId: t.units.street, title: '已办结事项', status: 'closed', deadline: '2026-11-10' });
    await rt.db.updateTable('matters').set({ colour: 'red' }).where('id', '=', closed).execute();
    await rt.db.deleteFrom('matter_dirty').where('matter_id', '=', closed).execute();
    await rt.db.deleteFrom('sweep_state').execute();
    const stats = await runSweep(rt, { at: at('2026-11-26') });
    expect(stats.reclassifiedTenants).toBe(1);
    expect((await colourOf(closed)).colour).toBeNull();
  });

  it('names a missed milestone by its description, and lists each change with its number and title', async () => {
    const id = await insertMatter(rt.db, {
      tenantId: t.tenantId,
      unitId: t.units.street,
      title: '节点事项',
      startDate: '2026-10-01',
      deadline: '2027-06-30',
      progress: 5,
      lastReportAt: at('2026-11-25'),
      lastProgressAt: at('2026-11-25'),
      milestones: [
        { date: '2026-11-02', plannedProgress: 10, description: '完成立项审批' },
        { date: '2027-03-01', plannedProgress: 60, description: '主体完工' },
      ],
    });
    const stats = await runSweep(rt, { at: at('2026-11-26') });
    const reasons = (await colourOf(id)).colour_reasons ?? [];
    expect(reasons.map((r) => r.text).join('；')).toContain('完成立项审批');
    expect(reasons.map((r) => r.text).join('；')).not.toContain('主体完工');
    const listed = stats.changes.find((c) => c.matterId === id);
    expect(listed?.title).toBe('节点事项');
    expect(listed?.number).toMatch(/^测督〔2026〕\d+号$/);
  });

  it('reads chunks ahead and writes two at a time, to the same result as in one chunk', async () => {
    const wipe = async () => {
      await rt.db.updateTable('matters').set({ colour: null, colour_reasons: JSON.stringify([]), colour_since: null }).where('tenant_id', '=', t.tenantId).execute();
      await rt.db.deleteFrom('sweep_state').execute();
    };
    const snapshot = async () =>
      (await rt.db.selectFrom('matters').select(['id', 'colour', 'colour_reasons']).where('tenant_id', '=', t.tenantId).orderBy('id').execute()).map((m) => [
        m.id,
        m.colour,
        (m.colour_reasons ?? []).map((r) => r.text),
      ]);
    const moment = at('2026-11-27');
    await wipe();
    const small = await runSweep(rt, { at: moment, chunkSize: 3 });
    const inSmall = await snapshot();
    await wipe();
    const whole = await runSweep(rt, { at: new Date(moment.getTime() + 60_000) });
    expect(await snapshot()).toEqual(inSmall);
    expect(small.chunks).toBeGreaterThan(4);
    expect(small.changed).toBe(whole.changed);
    const box = await outbox();
    expect(new Set(box.map((o) => o.event_key)).size).toBe(box.length);
    // Every matter that went from no colour to a warning colour was reminded once, in whichever chunk it came.
    const warned = inSmall.filter(([, colour]) => colour !== null && colour !== 'green').map(([id]) => id);
    const reminded = box.filter((o) => o.event_key.startsWith('colour:') && o.event_key.endsWith(moment.toISOString())).map((o) => Number(o.event_key.split(':')[1]));
    expect(sorted(reminded)).toEqual(sorted(warned as number[]));
  });
});


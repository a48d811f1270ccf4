import { Readable } from 'node:stream';
import sharp from 'sharp';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedTenant } from '../../../test/fixtures';
import { createTestRuntime, type TestRuntime } from '../../../test/runtime';
import { AppError } from '../../errors';
import type { Actor } from '../../lib/actor';
import { seedGrid } from './grid.fixtures';
import { getProblem } from './problem-detail.service';
import { acceptProblem, dispatchProblem, handleProblem, registerProblem, signProblem, verifyProblem } from './problem-flow.service';
import { uploadProblemPhoto } from './problem-photo.service';
import { reportProblem } from './problem-report.service';
import { escalateProblem, visitProblem } from './problem-side.service';
import { verifyTrace } from '../trace/trace.verify';
import { updateCell } from './grid-cells.service';

let rt: TestRuntime;
let t: Awaited<ReturnType<typeof seedTenant>>;
let g: Awaited<ReturnType<typeof seedGrid>>;
let gridA: Actor;
let gridB: Actor;
let office: Actor;
let housing: Actor;

const jpeg = () => sharp({ create: { width: 32, height: 24, channels: 3, background: '#5a5' } }).jpeg().toBuffer();
async function photo(actor: Actor): Promise<number> {
  return (await uploadProblemPhoto(rt, actor, { stream: Readable.from([await jpeg()]), fileName: 'x.jpg' })).id;
}
async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'none';
  } catch (err) {
    return err instanceof AppError ? err.code : String(err);
  }
}

beforeAll(async () => {
  rt = await createTestRuntime({ at: '2026-11-18T02:00:00Z' }); // Wednesday 10:00 in Shanghai
  t = await seedTenant(rt);
  g = await seedGrid(rt, t);
  gridA = await t.actor('t1grida');
  gridB = await t.actor('t1gridb');
  office = await t.actor('t1dcb');
  housing = await t.actor('t1hliaison');
});
afterAll(async () => {
  await rt.close();
});

describe('a problem from a 网格长’s phone to 回访', () => {
  it('lands in the right cell, is dispatched, handled, checked by someone else, closed and rated', async () => {
    const before = await photo(gridA);
    const r = await reportProblem(rt, gridA, { categoryId: g.cat('SJ0101'), description: '小区门口暴露垃圾', ...g.points.a, photoIds: [before], reporterPublic: false }, { source: 'grid' });
    expect(r).toMatchObject({ status: 'reported', cellId: g.cells.cellA, holdLevel: 'cell', cellNote: expect.stringContaining('第一网格') });
    expect(r.ticket).toMatch(/^WG20261118\d{6}$/);

    await acceptProblem(rt, gridA, r.id, {});
    await registerProblem(rt, gridA, r.id, {});
    await dispatchProblem(rt, gridA, r.id, { unitId: t.units.housing });
    await signProblem(rt, housing, r.id);
    rt.clock.advance(3 * 3600_000);
    await handleProblem(rt, housing, r.id, { result: '已清运', photoIds: [await photo(housing)] });
    // The department that handled it does not check it; the cell's 网格长 does.
    await expect(verifyProblem(rt, housing, r.id, { pass: true, photoIds: [] })).rejects.toThrow('“核查”须由网格长、监督员或该问题所在层级的平台办理');
    expect(await codeOf(verifyProblem(rt, gridB, r.id, { pass: true, photoIds: [] }))).toBe('grid_problem_not_found'); // another cell's 网格长 does not see it
    await verifyProblem(rt, gridA, r.id, { pass: true, photoIds: [] });
    await visitProblem(rt, office, r.id, { rating: 'satisfied' });

    const d = await getProblem(rt, office, r.id);
    expect(d.status).toBe('visited');
    expect(d.resolvedLevel).toBe('cell');
    expect(d.events.map((e) => e.action)).toEqual(['report', 'accept', 'register', 'dispatch', 'sign', 'handle', 'verify', 'visit']);
    expect(d.photos.map((p) => p.phase)).toEqual(['report', 'after']);
    // Who held the clock: the cell until dispatch, then the department until resolved (10:00 to 13:00 is 2 working hours: lunch does not count).
    expect(d.holds.map((h) => [h.level, h.unitName, h.leftBy])).toEqual([
      ['cell', null, 'dispatched'],
      ['cell', '区住建局', 'resolved'],
    ]);
    expect(d.holds[1]?.workingMinutes).toBe(120);
    const told = await rt.db.selectFrom('outbox').select('kind').where('tenant_id', '=', t.tenantId).execute();
    expect(told.map((o) => o.kind)).toEqual(expect.arrayContaining(['grid.reported', 'grid.dispatched', 'grid.handled', 'grid.reporter.accepted', 'grid.reporter.closed']));
    const traced = await rt.db.selectFrom('trace').select('action').where('entity_type', '=', 'grid_problem').where('entity_id', '=', r.id).execute();
    expect(traced.map((x) => x.action)).toEqual(['grid.report', 'grid.accept', 'grid.register', 'grid.dispatch', 'grid.sign', 'grid.handle', 'grid.verify', 'grid.visit']);
  });

  it('refuses a 核查 by the one who did the 处置, with the reason, and lets someone else do it', async () => {
    const r = await reportProblem(rt, gridA, { categoryId: g.cat('SJ0401'), description: '占道经营', ...g.points.a, photoIds: [], reporterPublic: false }, { source: 'grid' });
    await acceptProblem(rt, gridA, r.id, {});
    await registerProblem(rt, gridA, r.id, {});
    await dispatchProblem(rt, gridA, r.id, { handlerAccountId: gridA.accountId ?? 0 });
    await signProblem(rt, gridA, r.id);
    await handleProblem(rt, gridA, r.id, { result: '已劝离', photoIds: [] });
    await expect(verifyProblem(rt, gridA, r.id, { pass: true, photoIds: [] })).rejects.toThrow(/核查须由处置人以外的人员进行/);
    const d = await getProblem(rt, gridA, r.id);
    expect(d.actions.blocked).toEqual([expect.objectContaining({ action: 'verify', code: 'grid_verify_by_handler' })]);
    // 返工 by the inspector, then passed.
    await verifyProblem(rt, office, r.id, { pass: false, note: '仍有摊位', photoIds: [] });
    expect((await getProblem(rt, office, r.id)).reworkCount).toBe(1);
  });

  it('closes 即办 at once with before and after photos, at the cell', async () => {
    const r = await reportProblem(rt, gridA, { categoryId: g.cat('SJ0201'), description: '电线杆小广告', ...g.points.a, photoIds: [await photo(gridA)], instant: { result: '已清除', afterPhotoIds: [await photo(gridA)] }, reporterPublic: false }, { source: 'grid' });
    const d = await getProblem(rt, gridA, r.id);
    expect(d).toMatchObject({ status: 'closed', resolvedLevel: 'cell' });
    expect(d.photos.map((p) => p.phase)).toEqual(['before', 'after']);
    expect(d.holds).toEqual([expect.objectContaining({ leftBy: 'resolved' })]);
  });

  it('reopens on the first 不满意, at the level that closed it, and not on the second', async () => {
    const r = await reportProblem(rt, gridA, { categoryId: g.cat('SJ0201'), description: '小广告', ...g.points.a, photoIds: [await photo(gridA)], instant: { result: '已清除', afterPhotoIds: [await photo(gridA)] }, reporterPublic: false }, { source: 'grid' });
    await visitProblem(rt, office, r.id, { rating: 'unsatisfied', comment: '又贴上了' });
    let d = await getProblem(rt, office, r.id);
    expect(d).toMatchObject({ status: 'registered', holdLevel: 'cell', reopenCount: 1, closedAt: null });
    await dispatchProblem(rt, gridA, r.id, { handlerAccountId: gridA.accountId ?? 0 });
    await signProblem(rt, gridA, r.id);
    await handleProblem(rt, gridA, r.id, { result: '再次清除', photoIds: [] });
    await verifyProblem(rt, office, r.id, { pass: true, photoIds: [] });
    await visitProblem(rt, office, r.id, { rating: 'unsatisfied' });
    d = await getProblem(rt, office, r.id);
    expect(d).toMatchObject({ status: 'visited', rating: 'unsatisfied', reopenCount: 1 });
  });
});

describe('where a report lands, and bad input', () => {
  it('puts a point in no building cell at its community, and one in no cell of the grid in the district queue', async () => {
    const c = await reportProblem(rt, gridA, { categoryId: g.cat('SJ0101'), description: '垃圾', ...g.points.community, photoIds: [], reporterPublic: false }, { source: 'grid' });
    expect(c).toMatchObject({ cellId: g.cells.community, holdLevel: 'community' });
    const near = await reportProblem(rt, gridA, { categoryId: g.cat('SJ0101'), description: '垃圾', lon: 113.645, lat: 34.705, photoIds: [], reporterPublic: false }, { source: 'grid' });
    expect(near).toMatchObject({ cellId: null, holdLevel: 'district', cellNote: expect.stringContaining('转区级') });
  });

  it('tells the level it lands at, once: the cell’s 网格长; the community’s staff and, once the cell has a unit, its liaison; the office for the district queue', async () => {
    const told = async (id: string) =>
      (
        await rt.db
          .selectFrom('outbox as o')
          .innerJoin('outbox_recipients as r', 'r.outbox_id', 'o.id')
          .select(['r.person_id', 'o.title', 'o.link', 'o.payload'])
          .where('o.kind', '=', 'grid.reported')
          .where('o.event_key', 'like', `grid.reported:${id}:%`)
          .execute()
      ).sort((x, y) => x.person_id - y.person_id);
    const input = { categoryId: g.cat('SJ0101'), description: '垃圾', photoIds: [], reporterPublic: false };
    const a = await reportProblem(rt, gridA, { ...input, ...g.points.a }, { source: 'grid' });
    expect(await told(a.id)).toEqual([{ person_id: g.staff.gridA.personId, title: expect.stringContaining(`【网格】${a.ticket} `), link: `/grid/problems/${a.id}`, payload: { problemId: Number(a.id) } }]);
    const before = await reportProblem(rt, gridA, { ...input, ...g.points.community }, { source: 'grid' });
    expect((await told(before.id)).map((x) => x.person_id)).toEqual([g.staff.community.personId]);
    // The community cell is given the street office as its unit: the next report there is held by it and tells its liaison.
    await updateCell(rt, office, g.cells.community, { unitId: t.units.street });
    const after = await reportProblem(rt, gridA, { ...input, ...g.points.community }, { source: 'grid' });
    expect((await getProblem(rt, office, after.id)).holds[0]?.unitName).toBe('五里堡街道办事处');
    expect((await told(after.id)).map((x) => x.person_id)).toEqual([g.staff.community.personId, t.people.liaison].sort((x, y) => x - y));
    await updateCell(rt, office, g.cells.community, { unitId: null });
    const district = await reportProblem(rt, gridA, { ...input, lon: 113.645, lat: 34.705 }, { source: 'grid' });
    expect((await told(district.id)).map((x) => x.person_id)).toEqual([t.people.supervisor]);
  });

  it('keeps the trace chain whole when reports are written at the same time, with and without photos (the head locked in the report’s statement or after)', async () => {
    const input = { categoryId: g.cat('SJ0101'), description: '同时上报', ...g.points.a, reporterPublic: false };
    const photos = await Promise.all([photo(gridA), photo(gridA)]);
    const reports = await Promise.all([
      ...Array.from({ length: 8 }, () => reportProblem(rt, gridA, { ...input, photoIds: [] }, { source: 'grid' })),
      ...photos.map((p) => reportProblem(rt, gridA, { ...input, photoIds: [p] }, { source: 'grid' })),
    ]);
    const traced = await rt.db.selectFrom('trace').select('entity_id').where('action', '=', 'grid.report').where('entity_id', 'in', reports.map((r) => r.id)).execute();
    expect(traced).toHaveLength(10);
    const verified = await verifyTrace(rt.db, rt.anchor, rt.clock.now(), t.tenantId, { ignoreAnchor: true });
    expect(verified.status).toBe('intact');
  });

  it('refuses a location far outside the district, an unknown category, and someone else’s photo, saying what to fix', async () => {
    await expect(reportProblem(rt, gridA, { categoryId: g.cat('SJ0101'), description: '垃圾', ...g.points.far, photoIds: [], reporterPublic: false }, { source: 'grid' })).rejects.toThrow(/位置不在本辖区内（距辖区中心约 \d+ 公里）/);
    expect(await codeOf(reportProblem(rt, gridA, { categoryId: 99_999, description: '垃圾', ...g.points.a, photoIds: [], reporterPublic: false }, { source: 'grid' }))).toBe('grid_category_unknown');
    const theirs = await photo(gridB);
    await expect(reportProblem(rt, gridA, { categoryId: g.cat('SJ0101'), description: '垃圾', ...g.points.a, photoIds: [theirs], reporterPublic: false }, { source: 'grid' })).rejects.toThrow(/请重新拍照上传/);
  });

  it('finds what refers to a problem by index: a problem merged into it, a reporter who came with one', async () => {
    const { rows } = await sql<{ indexname: string }>`select indexname from pg_indexes where indexname in ('grid_problems_merged_into_idx', 'grid_problem_reporters_original_idx') order by 1`.execute(rt.db);
    expect(rows.map((r) => r.indexname)).toEqual(['grid_problem_reporters_original_idx', 'grid_problems_merged_into_idx']);
  });

  it('names open problems of the category nearby, and skips that search for a caller that does not use it', async () => {
    const input = { categoryId: g.cat('SJ0402'), description: '共享单车乱停', ...g.points.a, photoIds: [], reporterPublic: false };
    const first = await reportProblem(rt, gridA, input, { source: 'grid' });
    const second = await reportProblem(rt, gridA, input, { source: 'grid' });
    expect(second.possibleDuplicates.map((d) => d.ticket)).toContain(first.ticket);
    const third = await reportProblem(rt, gridA, input, { source: 'grid', suggestDuplicates: false });
    expect(third.possibleDuplicates).toEqual([]);
  });

  it('answers a hotline work order imported twice with the same problem', async () => {
    const input = { categoryId: g.cat('SJ0301'), description: '夜间施工', address: '大学路 1 号', photoIds: [], reporterName: '王先生', reporterMobile: '13912345678', reporterPublic: false, sourceRef: '12345-2026-0001' };
    const a = await reportProblem(rt, office, input, { source: 'hotline' });
    const b = await reportProblem(rt, office, input, { source: 'hotline' });
    expect(b).toMatchObject({ id: a.id, existing: true });
    const d = await getProblem(rt, office, a.id);
    expect(d.reporterMobile).toBe('139****5678');
    const stored = await rt.db.selectFrom('grid_problems').select('reporter_mobile_enc').where('id', '=', a.id).executeTakeFirstOrThrow();
    expect(stored.reporter_mobile_enc).not.toContain('13912345678');
  });

  it('climbs on 超出权限 one level at a time and refuses past the top', async () => {
    const r = await reportProblem(rt, gridA, { categoryId: g.cat('SJ0303'), description: '违建', ...g.points.a, photoIds: [], reporterPublic: false }, { source: 'grid' });
    await escalateProblem(rt, gridA, r.id, { reason: '需执法部门' });
    expect((await getProblem(rt, office, r.id)).holdLevel).toBe('community');
    const community = await t.actor('t1sqgrid');
    await escalateProblem(rt, community, r.id, { reason: '社区无执法权' });
    expect((await getProblem(rt, office, r.id)).holdLevel).toBe('street');
    const street = await t.actor('t1liaison'); // the street office's liaison: its unit holds the street cell
    await escalateProblem(rt, street, r.id, { reason: '跨部门' });
    await escalateProblem(rt, office, r.id, { reason: '需市级协调' });
    const d = await getProblem(rt, office, r.id);
    expect(d.holds.map((h) => h.level)).toEqual(['cell', 'community', 'street', 'district', 'city']);
    expect(d.actions.blocked.map((b) => b.code)).toContain('grid_escalation_top');
    await expect(escalateProblem(rt, office, r.id, { reason: '再报' })).rejects.toThrow(/已在最高层级（市级），不能再向上报送/);
  });
});

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, login, seedTenant, testApp, type Session } from '../../../test/fixtures';
import { createTestRuntime, type TestRuntime } from '../../../test/runtime';
import { runSweep } from '../warnings/sweep.service';

let rt: TestRuntime;
let app: FastifyInstance;
let t: Awaited<ReturnType<typeof seedTenant>>;
const s: Record<string, Session> = {};
const div: Record<string, number> = {};
let roundId: number;

const call = (who: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: Record<string, unknown>) => app.inject({ method, url, headers: as(s[who]!), ...(payload === undefined ? {} : { payload }) });
const marks = (n: number) => ({ duty: n, law: n, service: n, innovation: n, integrity: n });

describe('季评 (quarterly division evaluation)', () => {
  beforeAll(async () => {
    rt = await createTestRuntime();
    t = await seedTenant(rt, 't1');
    await seedTenant(rt, 't2');
    app = await testApp(rt);
    div['城建办'] = t.division;
    const add = async (name: string, parent: number) =>
      (await rt.db.insertInto('units').values({ tenant_id: t.tenantId, name, kind: 'division', parent_id: parent }).returning('id').executeTakeFirstOrThrow()).id;
    div['综治办'] = await add('综治办', t.units.street);
    div['党政办'] = await add('党政办', t.units.street);
    div['建管科'] = await add('建管科', t.units.housing);
    div['规划科'] = await add('规划科', t.units.housing);
    for (const u of ['t1dcb', 't1shuji', 't1head', 't1handler', 't1hliaison', 't1liaison', 't2dcb']) s[u] = await login(app, u);
  });
  afterAll(async () => {
    await app.close();
    await rt.close();
  });

  it('opens a round for a quarter with every unit’s active divisions, once per quarter', async () => {
    const bad = await call('t1dcb', 'POST', '/api/evaluation/rounds', { year: 2026, quarter: 4, weights: { leader: 50, service_unit: 30, staff: 30 } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toContain('三类评议主体的权重之和应为 100');
    const res = await call('t1dcb', 'POST', '/api/evaluation/rounds', { year: 2026, quarter: 4 });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ title: '2026年第四季度处室季评', status: 'open', divisions: 5, units: 2, weights: { leader: 40, service_unit: 30, staff: 30 }, rule: { mode: 'count', advanced: 1, lagging: 1 } });
    roundId = res.json().id;
    const again = await call('t1dcb', 'POST', '/api/evaluation/rounds', { year: 2026, quarter: 4 });
    expect(again.statusCode).toBe(400);
    expect(again.json().message).toContain('2026年第四季度的季评已经开始');
    expect((await call('t1head', 'POST', '/api/evaluation/rounds', { year: 2026, quarter: 3 })).statusCode).toBe(403);
    expect((await call('t2dcb', 'GET', `/api/evaluation/rounds/${roundId}`)).statusCode).toBe(404);
  });

  it('names raters, refuses staff outside their unit, and shows each rater their divisions', async () => {
    const street = [div['城建办']!, div['综治办']!, div['党政办']!];
    const wrong = await call('t1dcb', 'PUT', `/api/evaluation/rounds/${roundId}/raters`, { raters: [{ personId: t.people.handler, raterKind: 'staff', divisionIds: [div['建管科']] }] });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().message).toContain('只能作为干部职工评议本单位的处室');
    const twice = await call('t1dcb', 'PUT', `/api/evaluation/rounds/${roundId}/raters`, {
      raters: [
        { personId: t.people.leader, raterKind: 'leader', divisionIds: [div['城建办']] },
        { personId: t.people.leader, raterKind: 'leader', divisionIds: [div['城建办']] },
      ],
    });
    expect(twice.statusCode).toBe(400);
    expect(twice.json().message).toContain('同一评议人只能列一次');
    const ok = await call('t1dcb', 'PUT', `/api/evaluation/rounds/${roundId}/raters`, {
      raters: [
        { personId: t.people.leader, raterKind: 'leader', divisionIds: Object.values(div) },
        { personId: t.people.handler, raterKind: 'staff', divisionIds: street },
        { personId: t.people.housingLiaison, raterKind: 'service_unit', divisionIds: street },
      ],
    });
    expect(ok.json()).toEqual({ raters: 3, assignments: 11 });
    const mine = await call('t1handler', 'GET', '/api/evaluation/my');
    expect(mine.json().items.map((i: { divisionName: string; unitName: string; scores: unknown }) => [i.unitName, i.divisionName, i.scores])).toEqual([
      ['五里堡街道办事处', '城建办', null],
      ['五里堡街道办事处', '综治办', null],
      ['五里堡街道办事处', '党政办', null],
    ]);
  });

  it('takes marks from assigned raters only, and ranks divisions within each unit', async () => {
    const rate = (who: string, d: string, n: number) => call(who, 'POST', `/api/evaluation/rounds/${roundId}/ratings`, { divisionId: div[d], scores: marks(n) });
    const outOfRange = await call('t1handler', 'POST', `/api/evaluation/rounds/${roundId}/ratings`, { divisionId: div['城建办'], scores: { ...marks(90), law: 120 } });
    expect(outOfRange.statusCode).toBe(400);
    expect(outOfRange.json().message).toContain('评分不能大于 100');
    expect((await rate('t1head', '城建办', 90)).statusCode).toBe(403); // not named a rater
    expect((await rate('t1handler', '建管科', 90)).statusCode).toBe(403);
    for (const [who, d, n] of [
      ['t1shuji', '城建办', 95], ['t1shuji', '综治办', 80], ['t1shuji', '党政办', 70], ['t1shuji', '建管科', 88], ['t1shuji', '规划科', 92],
      ['t1handler', '城建办', 90], ['t1handler', '综治办', 85], ['t1handler', '党政办', 60],
      ['t1hliaison', '城建办', 60], ['t1hliaison', '综治办', 90], ['t1hliaison', '党政办', 75],
    ] as const) expect((await rate(who, d, n)).statusCode).toBe(200);
    await rate('t1handler', '党政办', 65); // a rater may change their mark while the round is open

    const result = (await call('t1shuji', 'GET', `/api/evaluation/rounds/${roundId}`)).json();
    const street = result.units.find((u: { unitName: string }) => u.unitName === '五里堡街道办事处');
    // 城建办 95×.4+90×.3+60×.3 = 83; 综治办 80×.4+85×.3+90×.3 = 84.5; 党政办 70×.4+65×.3+75×.3 = 70
    expect(street.divisions.map((d: { divisionName: string; score: number; rank: number; standing: string }) => [d.divisionName, d.score, d.rank, d.standing])).toEqual([
      ['综治办', 84.5, 1, 'advanced'],
      ['城建办', 83, 2, 'middle'],
      ['党政办', 70, 3, 'lagging'],
    ]);
    expect(result.units.find((u: { unitName: string }) => u.unitName === '区住建局').divisions.map((d: { standing: string }) => d.standing)).toEqual(['advanced', 'lagging']);
  });

  it('turns each 整改措施 of a 后进 division into an assigned 整改事项 that goes red when late', async () => {
    const notLagging = await call('t1dcb', 'POST', `/api/evaluation/rounds/${roundId}/rectifications`, { divisionId: div['综治办'], problems: '无', measures: [{ text: '无', deadline: '2026-12-31' }] });
    expect(notLagging.statusCode).toBe(400);
    expect(notLagging.json().message).toContain('不是本轮后进处室');
    const missing = await call('t1dcb', 'POST', `/api/evaluation/rounds/${roundId}/rectifications`, { divisionId: div['党政办'], problems: '', measures: [] });
    expect(missing.json().message).toContain('请填写突出问题');
    const res = await call('t1dcb', 'POST', `/api/evaluation/rounds/${roundId}/rectifications`, {
      divisionId: div['党政办'],
      problems: '服务群众意识不强，办文办事效率不高',
      measures: [
        { text: '建立首问负责制和限时办结制', deadline: '2026-12-15' },
        { text: '开展作风整顿，每月通报办文时效', deadline: '2027-01-29' },
      ],
    });
    expect(res.statusCode).toBe(200);
    const ids: number[] = res.json().matterIds;
    expect(ids).toHaveLength(2);
    const matters = await rt.db.selectFrom('matters').select(['id', 'source', 'status', 'lead_unit_id', 'deadline', 'title', 'number']).where('id', 'in', ids).orderBy('id').execute();
    expect(matters.map((m) => [m.source, m.status, m.lead_unit_id, m.deadline])).toEqual([
      ['rectification', 'assigned', t.units.street, '2026-12-15'],
      ['rectification', 'assigned', t.units.street, '2027-01-29'],
    ]);
    expect(matters[0]!.title).toBe('党政办整改：建立首问负责制和限时办结制');
    const again = await call('t1dcb', 'POST', `/api/evaluation/rounds/${roundId}/rectifications`, { divisionId: div['党政办'], problems: '重复', measures: [{ text: '重复', deadline: '2026-12-31' }] });
    expect(again.statusCode).toBe(409);

    await runSweep(rt, { at: new Date('2026-12-16T02:00:00Z') });
    const result = (await call('t1dcb', 'GET', `/api/evaluation/rounds/${roundId}`)).json();
    const street = result.units.find((u: { unitName: string }) => u.unitName === '五里堡街道办事处');
    const lagging = street.divisions.find((d: { divisionName: string }) => d.divisionName === '党政办');
    expect(lagging.problems).toBe('服务群众意识不强，办文办事效率不高');
    expect(lagging.measures.map((m: { matterNumber: string; colour: string }) => [m.matterNumber, m.colour])).toEqual([
      [matters[0]!.number, 'red'],
      [matters[1]!.number, expect.not.stringMatching(/^red$/)],
    ]);
  });

  it('exports the seed’s table as .docx and .xlsx, and stops taking marks once closed', async () => {
    const docx = await call('t1shuji', 'GET', `/api/evaluation/rounds/${roundId}/docx`);
    expect(docx.statusCode).toBe(200);
    const file = path.join(rt.dataDir, 'jiping.docx');
    fs.writeFileSync(file, docx.rawPayload);
    const xml = execFileSync('unzip', ['-p', file, 'word/document.xml']).toString('utf8');
    for (const text of ['2026年第四季度处室季评排序结果', '参加评议的处室（个）', '本机关处室排名情况', '排名后处室存在的突出问题', '3.党政办（后进）', '1.建立首问负责制和限时办结制（2026-12-15前）']) expect(xml).toContain(text);
    const xlsx = await call('t1dcb', 'GET', `/api/evaluation/rounds/${roundId}/xlsx`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(new Uint8Array(xlsx.rawPayload).buffer);
    const ws = wb.getWorksheet('排序结果')!;
    expect(ws.getRow(2).values).toEqual([undefined, '序号', '单位', '参加评议的处室（个）', '本机关处室排名情况', '排名后处室存在的突出问题', '整改措施']);
    // Units in the organisation's order: 区住建局 (2 divisions), then the street office (3).
    expect([2, 3, 4].map((c) => ws.getRow(4).getCell(c).value)).toEqual(['五里堡街道办事处', 3, '1.综治办（先进）\n2.城建办\n3.党政办（后进）']);
    expect(ws.getRow(3).getCell(2).value).toBe('区住建局');

    expect((await call('t1dcb', 'POST', `/api/evaluation/rounds/${roundId}/close`)).json().status).toBe('closed');
    const late = await call('t1shuji', 'POST', `/api/evaluation/rounds/${roundId}/ratings`, { divisionId: div['城建办'], scores: marks(50) });
    expect(late.statusCode).toBe(409);
    expect(late.json().message).toBe('季评已结束，不能再评分');
    expect((await call('t1handler', 'GET', '/api/evaluation/my')).json().items).toEqual([]);
  });
});

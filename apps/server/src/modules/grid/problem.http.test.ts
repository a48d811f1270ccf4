import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { multipartBody, PNG_1PX } from '../../../test/files-fixtures';
import { as, login, seedTenant, testApp, type Session } from '../../../test/fixtures';
import { createTestRuntime, type TestRuntime } from '../../../test/runtime';
import { seedGrid } from './grid.fixtures';

let rt: TestRuntime;
let app: FastifyInstance;
let g: Awaited<ReturnType<typeof seedGrid>>;
let t: Awaited<ReturnType<typeof seedTenant>>;
let grid: Session;
let office: Session;

beforeAll(async () => {
  rt = await createTestRuntime({ at: '2026-11-18T02:00:00Z' });
  t = await seedTenant(rt);
  g = await seedGrid(rt, t);
  app = await testApp(rt);
  grid = await login(app, 't1grida');
  office = await login(app, 't1dcb');
});
afterAll(async () => {
  await app.close();
  await rt.close();
});

const post = (s: Session, url: string, payload: unknown, headers: Record<string, string> = {}) => app.inject({ method: 'POST', url, headers: { ...as(s), ...headers }, payload: payload as object });

describe('reporting over HTTP', () => {
  it('takes a photo and a report; a retry with the same Idempotency-Key is the same problem', async () => {
    const up = await app.inject({ method: 'POST', url: '/api/grid/photos', ...multipartBody(as(grid), PNG_1PX, 'site.png', 'image/png') });
    expect(up.statusCode).toBe(200);
    const photoId = up.json().id as number;
    const body = { categoryId: g.cat('SJ0101'), description: '路边暴露垃圾', ...g.points.a, photoIds: [photoId] };
    const key = { 'idempotency-key': 'phone-report-0001' };
    const first = await post(grid, '/api/grid/problems', body, key);
    expect(first.statusCode, first.body).toBe(200);
    const again = await post(grid, '/api/grid/problems', body, key);
    expect(again.json().id).toBe(first.json().id);
    expect(again.headers['idempotency-replayed']).toBe('true');
    expect(await rt.db.selectFrom('grid_problems').select('id').where('description', '=', '路边暴露垃圾').execute()).toHaveLength(1);
    const photo = await app.inject({ url: `/api/grid/photos/${photoId}`, headers: as(office) });
    expect(photo.statusCode).toBe(200);
    expect(photo.headers['content-type']).toBe('image/jpeg');
  });

  it('refuses a file that is not a photo, and an unknown category, in Chinese naming what to fix', async () => {
    const up = await app.inject({ method: 'POST', url: '/api/grid/photos', ...multipartBody(as(grid), Buffer.from('%PDF-1.4 not a photo'), 'a.jpg', 'image/jpeg') });
    expect(up.statusCode).toBe(415);
    expect(up.json()).toMatchObject({ error: 'photo_not_image', message: expect.stringContaining('请拍照') });
    const bad = await post(grid, '/api/grid/problems', { categoryId: 99_999, description: '垃圾', ...g.points.a });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: 'grid_category_unknown', message: expect.stringContaining('重新选择类别') });
  });

  it('walks the flow through the action routes and answers each with the page and its actions', async () => {
    const r = (await post(grid, '/api/grid/problems', { categoryId: g.cat('SJ0401'), description: '占道经营', ...g.points.a })).json();
    const acc = await post(grid, `/api/grid/problems/${r.id}/accept`, {});
    expect(acc.statusCode, acc.body).toBe(200);
    expect(acc.json()).toMatchObject({ status: 'accepted', actions: { available: ['register', 'reject', 'escalate'] } });
    expect((await post(grid, `/api/grid/problems/${r.id}/register`, {})).json().status).toBe('registered');
    const refused = await post(grid, `/api/grid/problems/${r.id}/sign`, {});
    expect(refused.statusCode).toBe(409);
    expect(refused.json().message).toBe('问题当前为“已立案”，不能签收');
    const queue = (await app.inject({ url: '/api/grid/problems?mine=level', headers: as(grid) })).json();
    expect(queue.items.map((i: { id: string }) => i.id)).toContain(r.id);
    expect(queue.items.find((i: { id: string }) => i.id === r.id)).toMatchObject({ colour: 'green', minutesLeft: 120 });
  });
});

describe('what the phone page reads', () => {
  it('lists the tenant’s categories (major classes and subclasses) and the 网格长’s own cells', async () => {
    const cats = await app.inject({ method: 'GET', url: '/api/grid/categories', headers: as(grid) });
    expect(cats.statusCode).toBe(200);
    const sj = cats.json().items.find((c: { code: string }) => c.code === 'SJ0101');
    expect(sj).toMatchObject({ id: g.cat('SJ0101'), kind: 'event', name: '暴露垃圾', active: true });
    expect(cats.json().items.find((c: { id: number }) => c.id === sj.parentId)).toBeTruthy();
    const mine = await app.inject({ method: 'GET', url: '/api/grid/cells?mine=true', headers: as(grid) });
    expect(mine.json().items.map((c: { id: number }) => c.id)).toEqual([g.cells.cellA]);
  });
});

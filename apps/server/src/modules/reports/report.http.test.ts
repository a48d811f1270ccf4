import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, login, seedTenant, testApp } from '../../../test/fixtures';
import { createTestRuntime, type TestRuntime } from '../../../test/runtime';

let rt: TestRuntime;
let app: FastifyInstance;

describe('reports over HTTP', () => {
  beforeAll(async () => {
    rt = await createTestRuntime({ at: '2026-11-23T02:00:00Z' });
    await seedTenant(rt);
    app = await testApp(rt);
  });
  afterAll(async () => {
    await app.close();
    await rt.close();
  });

  it('drafts, edits, publishes and downloads a weekly report; leaders read it once published', async () => {
    const office = as(await login(app, 't1dcb'));
    const leader = as(await login(app, 't1shuji'));
    const bad = await app.inject({ method: 'POST', url: '/api/reports', headers: office, payload: { kind: 'weekly', from: '2026-11-22', to: '2026-11-16' } });
    expect([bad.statusCode, bad.json().error]).toEqual([400, 'validation_failed']);
    const created = await app.inject({ method: 'POST', url: '/api/reports', headers: office, payload: { kind: 'weekly', from: '2026-11-16', to: '2026-11-22' } });
    expect(created.statusCode).toBe(200);
    const r = created.json();
    expect(r.issueLabel).toBe('第1期');
    expect((await app.inject({ url: `/api/reports/${r.id}`, headers: leader })).statusCode).toBe(404);

    const put = await app.inject({ method: 'PUT', url: `/api/reports/${r.id}`, headers: office, payload: { title: r.title, sections: { ...r.sections, criticism: '某单位连续两周未汇报。' }, version: r.version } });
    expect(put.statusCode).toBe(200);
    const pub = await app.inject({ method: 'POST', url: `/api/reports/${r.id}/publish`, headers: office, payload: { version: put.json().version } });
    expect(pub.json().status).toBe('published');
    expect((await app.inject({ method: 'DELETE', url: `/api/reports/${r.id}`, headers: office })).json().error).toBe('report_published');

    const list = await app.inject({ url: '/api/reports?kind=weekly', headers: leader });
    expect(list.json().items.map((x: { id: number }) => x.id)).toEqual([r.id]);
    const docx = await app.inject({ url: `/api/reports/${r.id}/docx`, headers: leader });
    expect(docx.headers['content-type']).toContain('wordprocessingml');
    expect(docx.headers['content-disposition']).toContain(encodeURIComponent('督查周报-2026年第1期.docx'));
    expect(docx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const xlsx = await app.inject({ url: `/api/reports/${r.id}/xlsx`, headers: office });
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    expect((await app.inject({ url: '/api/reports', headers: as(await login(app, 't1liaison')) })).json().error).toBe('forbidden');
  });

  it('answers garbage to every cockpit and report route with a 4xx, never a 5xx', async () => {
    const doc = (await app.inject({ url: '/api/openapi.json', headers: as(await login(app, 't1dcb')) })).json() as { paths: Record<string, Record<string, unknown>> };
    const mine = Object.entries(doc.paths).filter(([p]) => p.startsWith('/api/cockpit') || p.startsWith('/api/reports'));
    expect(mine.length).toBeGreaterThanOrEqual(8);
    const garbage: unknown[] = [{}, [], 'text', 42, null, { kind: 'x', from: 'abc', to: 5, campaignId: -1, version: 'v', sections: 3, title: 'x'.repeat(500) }];
    const ids = ['0', '-1', 'abc', '99999999999999999999', '1.5'];
    const failures: string[] = [];
    for (const user of ['t1dcb', 't1shuji', 't1liaison', 't1admin']) {
      const headers = as(await login(app, user));
      for (const [path, methods] of mine) {
        for (const method of Object.keys(methods)) {
          const urls = path.includes('{') ? ids.map((id) => path.replace(/\{[^}]+\}/g, id)) : [`${path}?period=decade&from=2026-02-30&kind=x&limit=abc`];
          for (const url of urls) {
            for (const body of method === 'get' || method === 'delete' ? [undefined] : garbage) {
              const res = await app.inject({ method: method.toUpperCase() as 'GET', url, headers: { ...headers, 'content-type': 'application/json' }, payload: body === undefined ? undefined : JSON.stringify(body) });
              if (res.statusCode >= 500) failures.push(`${user} ${method} ${url} ${JSON.stringify(body)} → ${res.statusCode}`);
            }
          }
        }
      }
    }
    expect(failures).toEqual([]);
  }, 180_000);
});

import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, login, seedTenant, testApp, type Session } from '../../test/fixtures';
import { createTestRuntime, type TestRuntime } from '../../test/runtime';
import { buildApp } from '../app';

let rt: TestRuntime;
let app: FastifyInstance;
const sessions: Session[] = [];

// Bodies a careless or hostile client might send to any route.
const GARBAGE: unknown[] = [
  {},
  [],
  'text',
  42,
  null,
  { name: 12, kind: ['x'], unitId: 'abc', version: 'v', roles: 'admin', limit: -5 },
  { title: 'x'.repeat(100_000) },
  { id: { $gt: 0 }, __proto__: { admin: true } },
  // Ids past the int4 range of the keys: a 400 naming the field, not a database error.
  { name: 'x', kind: 'department', rank: 'staff', parentId: 99999999999, unitId: 99999999999, personId: 99999999999, accountId: 99999999999, leadUnitId: 99999999999, categoryId: 99999999999, handlerIds: [99999999999], attachmentIds: [99999999999], version: 1 },
];
const IDS = ['0', '-1', 'abc', '99999999999', '99999999999999999999', '1.5', "1' or '1'='1"];

/**
 * Every URL with one body, and the first URL with every body: each bad value of each kind is sent, one dimension
 * varied at a time. The full cross product (URLs × bodies × roles) sent about four times as many requests and made
 * this the slowest file of the suite, while a bad id is refused before the body is read whatever the body is.
 */
function probes<U, B>(urls: U[], bodies: B[]): [U, B][] {
  const [firstUrl] = urls;
  const out: [U, B][] = urls.map((u, i) => [u, bodies[i % bodies.length]!]);
  if (firstUrl !== undefined) for (const b of bodies.slice(1)) out.push([firstUrl, b]);
  return out;
}

describe('bad input never gets a 500', () => {
  beforeAll(async () => {
    rt = await createTestRuntime();
    await seedTenant(rt);
    app = await testApp(rt);
    for (const u of ['t1admin', 't1sec', 't1audit', 't1dcb', 't1liaison']) sessions.push(await login(app, u));
  });
  afterAll(async () => {
    await app.close();
    await rt.close();
  });

  it('serves health and the OpenAPI document', async () => {
    const health = await app.inject({ url: '/api/health' });
    expect(health.json()).toEqual({ status: 'ok', db: rt.engine, version: '0.1.0' });
    const doc = await app.inject({ url: '/api/openapi.json', headers: as(sessions[0]!) });
    expect(doc.statusCode).toBe(200);
    expect(Object.keys(doc.json().paths)).toEqual(expect.arrayContaining(['/api/auth/login', '/api/units', '/api/people', '/api/trace/verify']));
    expect((await app.inject({ url: '/api/docs', headers: as(sessions[0]!) })).statusCode).toBeLessThan(400);
  });

  it('answers every documented route with a 4xx (never a 5xx) for garbage, as every role', async () => {
    const doc = (await app.inject({ url: '/api/openapi.json', headers: as(sessions[0]!) })).json() as { paths: Record<string, Record<string, unknown>> };
    const failures: string[] = [];
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const method of Object.keys(methods)) {
        if (path === '/api/auth/logout' || path.includes('password')) continue; // would end the session mid-test
        const urls = path.includes('{') ? IDS.map((id) => path.replace(/\{[^}]+\}/g, encodeURIComponent(id))) : [`${path}?limit=abc&offset=-1&unitId=x`, `${path}?unitId=99999999999&personId=99999999999&matterId=99999999999&categoryId=99999999999&leaderId=99999999999&actorAccountId=99999999999`];
        const bodies = method === 'get' || method === 'delete' ? [undefined] : GARBAGE;
        for (const s of sessions) {
          for (const [url, body] of probes(urls, bodies)) {
            const res = await app.inject({ method: method.toUpperCase() as 'GET', url, headers: as(s), payload: body === undefined ? undefined : JSON.stringify(body), ...(body === undefined ? {} : { headers: { ...as(s), 'content-type': 'application/json' } }) });
            if (res.statusCode >= 500) failures.push(`${method.toUpperCase()} ${url} ${JSON.stringify(body)?.slice(0, 60)} → ${res.statusCode} ${res.body.slice(0, 120)}`);
            // Open311 GeoReport v2 answers errors in its spec's format ([{code, description}], XML by default).
            if (res.statusCode >= 400 && path.startsWith('/api/open311/{')) expect(res.body).toMatch(/"description"|<description>/);
            else if (res.statusCode >= 400) expect(res.json()).toHaveProperty('error');
          }
        }
      }
    }
    expect(failures).toEqual([]);
  }, 300_000);

  it('answers malformed JSON and unknown routes in the error envelope', async () => {
    const s = sessions[0]!;
    const bad = await app.inject({ method: 'POST', url: '/api/units', headers: { ...as(s), 'content-type': 'application/json' }, payload: '{"name": ' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toBe('bad_request');
    const missing = await app.inject({ url: '/api/no-such-thing', headers: as(s) });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error).toBe('not_found');
    const xml = await app.inject({ method: 'POST', url: '/api/units', headers: { ...as(s), 'content-type': 'application/xml' }, payload: '<a/>' });
    expect(xml.statusCode).toBe(415);
  });

  it('answers values the schemas let through but the database cannot hold (int4 overflow, NUL) with a 400', async () => {
    const s = sessions[0]!;
    const unit = await rt.db.selectFrom('units').select(['id', 'name', 'kind']).orderBy('id').executeTakeFirstOrThrow();
    const cases = [
      { method: 'PUT' as const, url: `/api/units/${unit.id}`, payload: { name: unit.name, kind: unit.kind, version: 3_000_000_000 } },
      { method: 'POST' as const, url: '/api/units', payload: { name: 'a\u0000b', kind: 'department' } },
    ];
    for (const c of cases) {
      const res = await app.inject({ ...c, headers: as(s) });
      expect(res.statusCode, `${c.method} ${c.url}`).toBe(400);
      expect(res.json()).toMatchObject({ error: 'invalid_value', message: expect.stringContaining('超出范围') });
    }
  });

  it('answers an undecodable URL in the envelope, serves the web app, and 404s a missing built asset instead of index.html', async () => {
    const bad = await app.inject({ url: '/api/%E0%A4%A' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toEqual({ error: 'bad_request', message: '请求的网址格式不正确' });

    const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'duban-dist-'));
    fs.mkdirSync(path.join(dist, 'assets'));
    fs.writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>督查</title>');
    fs.writeFileSync(path.join(dist, 'assets', 'app-1.js'), 'console.log(1)');
    const web = await buildApp({ ...rt, config: { ...rt.config, webDist: dist } }, { logger: false });
    try {
      expect((await web.inject({ url: '/matters/12' })).body).toContain('督查');
      expect((await web.inject({ url: '/assets/app-1.js' })).body).toBe('console.log(1)');
      const gone = await web.inject({ url: '/assets/app-0.js' });
      expect(gone.statusCode).toBe(404);
      expect(gone.json().error).toBe('not_found');
      expect((await web.inject({ url: '/%E0%A4%A' })).json().error).toBe('bad_request');
    } finally {
      await web.close();
      fs.rmSync(dist, { recursive: true, force: true });
    }
  });

  it('answers a request the HTTP parser rejects (raw non-ASCII in the URL) in the error envelope too', async () => {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as net.AddressInfo;
    const raw = await new Promise<string>((resolve, reject) => {
      const chunks: Buffer[] = [];
      const socket = net.connect(port, '127.0.0.1', () => socket.write(Buffer.from('GET /api/units?q=测试 HTTP/1.1\r\nHost: x\r\n\r\n', 'utf8')));
      socket.on('data', (c) => chunks.push(c));
      socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
      socket.on('error', reject);
    });
    expect(raw).toMatch(/^HTTP\/1\.1 400 /);
    expect(JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4))).toEqual({ error: 'bad_request', message: '请求格式不正确' });
  });
});

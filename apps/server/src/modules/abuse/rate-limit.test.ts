import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, login, seedTenant, testApp, TEST_PASSWORD } from '../../../test/fixtures';
import { createTestRuntime, type TestRuntime } from '../../../test/runtime';
import { buildApp } from '../../app';
import { RateLimiter } from './rate-limit';

// One limiter, per address, on the sign-in route and every request without a signed-in account (issue 14).
let rt: TestRuntime;
let app: FastifyInstance;

describe('rate limits', () => {
  beforeAll(async () => {
    rt = await createTestRuntime({ config: { rateLimitLogin: 3, rateLimitPublic: 6 } });
    await seedTenant(rt);
    app = await testApp(rt);
  });
  afterAll(async () => {
    await app.close();
    await rt.close();
  });

  it('answers 429 rate_limited with Retry-After and a Chinese message past the sign-in limit, per address', async () => {
    rt.clock.set('2026-11-20T02:00:10Z');
    const tryIt = (ip: string) => app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 't1dcb', password: TEST_PASSWORD }, remoteAddress: ip });
    for (let i = 0; i < 3; i++) expect((await tryIt('203.0.113.1')).statusCode).toBe(200);
    const limited = await tryIt('203.0.113.1');
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toMatchObject({ error: 'rate_limited', message: '操作过于频繁，请 50 秒后再试' });
    expect(limited.headers['retry-after']).toBe('50');
    // Another address is not affected; the next minute starts afresh.
    expect((await tryIt('203.0.113.2')).statusCode).toBe(200);
    rt.clock.advance(60_000);
    expect((await tryIt('203.0.113.1')).statusCode).toBe(200);
  });

  it('limits anonymous requests to any API route, not signed-in work', async () => {
    rt.clock.set('2026-11-20T03:00:00Z');
    const codes: number[] = [];
    for (let i = 0; i < 8; i++) codes.push((await app.inject({ url: '/api/health', remoteAddress: '198.51.100.7' })).statusCode);
    expect(codes).toEqual([200, 200, 200, 200, 200, 200, 429, 429]);
    expect((await app.inject({ url: '/api/matters', remoteAddress: '198.51.100.7' })).statusCode).toBe(429);
    const s = await login(app, 't1dcb');
    for (let i = 0; i < 8; i++) expect((await app.inject({ url: '/api/auth/me', headers: as(s) })).statusCode).toBe(200);
  });

  it('shares the sign-in count between instances on one database; the per-minute anonymous count is per process', async () => {
    rt.clock.set('2026-11-20T04:00:00Z');
    const other = await buildApp({ ...rt, limiter: new RateLimiter(rt.db, rt.clock) }, { logger: false });
    try {
      const logins: number[] = [];
      for (let i = 0; i < 2; i++) {
        for (const a of [app, other]) logins.push((await a.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 't1dcb', password: TEST_PASSWORD }, remoteAddress: '198.51.100.9' })).statusCode);
      }
      expect(logins).toEqual([200, 200, 200, 429]);
      // The anonymous flood guard (6 a minute here) is counted in each process's memory: no statement per request.
      const codes: number[] = [];
      for (let i = 0; i < 7; i++) codes.push((await other.inject({ url: '/api/health', remoteAddress: '198.51.100.8' })).statusCode);
      expect(codes).toEqual([200, 200, 200, 200, 200, 200, 429]);
      expect((await app.inject({ url: '/api/health', remoteAddress: '198.51.100.8' })).statusCode).toBe(200);
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from rate_limits where key like 'public:%'`.execute(rt.db);
      expect(rows).toEqual([{ n: 0 }]);
    } finally {
      await other.close();
    }
  });

  it('answers the anonymous limit before reading the body, with the same 429 as every limit', async () => {
    rt.clock.set('2026-11-20T04:30:20Z');
    const ip = '198.51.100.10';
    for (let i = 0; i < 6; i++) await app.inject({ url: '/api/health', remoteAddress: ip });
    const r = await app.inject({ method: 'POST', url: '/api/public/t1/lookup', payload: '{"not json', headers: { 'content-type': 'application/json' }, remoteAddress: ip });
    expect(r.statusCode).toBe(429);
    expect(r.headers['retry-after']).toBe('40');
    expect(r.headers['content-type']).toMatch(/^application\/json/);
    expect(r.json()).toEqual({ error: 'rate_limited', message: '操作过于频繁，请 40 秒后再试', details: { retryAfterSeconds: 40 } });
  });

  it('is usable by a service for any subject (a mobile number), counting concurrent hits exactly', async () => {
    rt.clock.set('2026-11-20T05:00:00Z');
    const rule = { bucket: 'report-by-mobile', limit: 5, windowSeconds: 3600 };
    const fresh = new RateLimiter(rt.db, rt.clock);
    const decisions = await Promise.all(Array.from({ length: 12 }, () => fresh.hit(rule, '13800000001')));
    expect(decisions.filter((d) => d.allowed)).toHaveLength(5);
    await expect(fresh.consume(rule, '13800000001')).rejects.toMatchObject({ code: 'rate_limited', status: 429 });
  });

  it('counts a local rule in the shared table once memory holds its most addresses (a flood from very many)', async () => {
    rt.clock.set('2026-11-20T05:30:00Z');
    const rule = { bucket: 'local-full', limit: 2, windowSeconds: 60, local: true };
    const fresh = new RateLimiter(rt.db, rt.clock);
    for (let i = 0; i < 100_000; i++) expect(fresh.hitNow(rule, `a${i}`)?.allowed).toBe(true);
    // Full: a new address is not counted in memory; the request hook then counts it in the table.
    expect(fresh.hitNow(rule, 'newcomer')).toBeUndefined();
    await fresh.consume(rule, 'newcomer', true);
    await fresh.consume(rule, 'newcomer', true);
    await expect(fresh.consume(rule, 'newcomer', true)).rejects.toMatchObject({ code: 'rate_limited', status: 429 });
    const { rows } = await sql<{ key: string }>`select key from rate_limits where key like 'local-full:%'`.execute(rt.db);
    expect(rows).toEqual([{ key: 'local-full:newcomer' }]);
    // An address memory already holds is still counted there.
    expect(fresh.hitNow(rule, 'a1')?.allowed).toBe(true);
    expect(fresh.hitNow(rule, 'a1')?.allowed).toBe(false);
  });

  it('keeps its counters in an unlogged table: no WAL flush per anonymous request, emptied by a crash', async () => {
    const { rows } = await sql<{ relpersistence: string }>`select relpersistence from pg_class where relname = 'rate_limits' and relkind = 'r'`.execute(rt.db);
    expect(rows).toEqual([{ relpersistence: 'u' }]);
  });
});

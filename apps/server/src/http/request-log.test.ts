import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestRuntime, type TestRuntime } from '../../test/runtime';
import { buildApp } from '../app';
import { RateLimiter } from '../modules/abuse/rate-limit';
import type { Config } from '../config';
import { isQuietRequest } from './request-log';

let rt: TestRuntime;
let dist: string;

// The app as `npm start` runs it (LOG_LEVEL=info), logging into `lines`, with a built web app to serve.
async function appLogging(format: Config['logFormat'], lines: string[]): Promise<FastifyInstance> {
  const config = { ...rt.config, logLevel: 'info', logFormat: format, webDist: dist };
  return buildApp({ ...rt, config }, { logSink: { write: (l: string) => lines.push(l) } });
}

// A person opening the app: the page, its script, a health probe, two API calls (one refused).
async function visit(app: FastifyInstance): Promise<void> {
  await app.inject({ url: '/' });
  await app.inject({ url: '/assets/app.js' });
  await app.inject({ url: '/matters/12' });
  await app.inject({ url: '/api/health' });
  await app.inject({ url: '/api/health' });
  await app.inject({ url: '/api/auth/me?token=abc' });
  await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'nobody', password: 'wrong-password' } });
}

describe('request log', () => {
  beforeAll(async () => {
    rt = await createTestRuntime();
    dist = fs.mkdtempSync(path.join(os.tmpdir(), 'duban-web-'));
    fs.mkdirSync(path.join(dist, 'assets'));
    fs.writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>x</title>');
    fs.writeFileSync(path.join(dist, 'assets/app.js'), 'void 0');
  });
  afterAll(async () => {
    fs.rmSync(dist, { recursive: true, force: true });
    await rt.close();
  });

  it('pretty (the default): one readable line per API call; health checks and the web app files stay quiet', async () => {
    expect(rt.config.logFormat).toBe('pretty');
    const lines: string[] = [];
    const app = await appLogging('pretty', lines);
    await visit(app);
    await app.close();
    const text = lines.join('');
    const requestLines = text.split('\n').filter((l) => /\b(GET|POST) \//.test(l));
    expect(requestLines).toHaveLength(2);
    expect(requestLines[0]).toMatch(/^\[\d\d:\d\d:\d\d\] INFO: GET \/api\/auth\/me 401 \d+ms$/);
    expect(requestLines[1]).toMatch(/^\[\d\d:\d\d:\d\d\] INFO: POST \/api\/auth\/login 401 \d+ms$/);
    expect(text).not.toContain('{');
    expect(text).not.toMatch(/health|assets|matters\/12|token=abc|incoming request|request completed/);
  });

  it('json (LOG_FORMAT=json): one JSON object per API call with method, path, status and time', async () => {
    const lines: string[] = [];
    const app = await appLogging('json', lines);
    await visit(app);
    await app.close();
    const entries = lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((e) => 'req' in e);
    expect(entries).toHaveLength(2);
    expect(entries[0]).toMatchObject({ level: 30, req: { method: 'GET', url: '/api/auth/me' }, res: { statusCode: 401 }, msg: expect.stringMatching(/^GET \/api\/auth\/me 401/) });
    expect(typeof entries[0]?.responseTime).toBe('number');
    expect(typeof entries[0]?.reqId).toBe('string');
  });

  it('writes requests refused by a rate limit only at LOG_LEVEL=debug', async () => {
    const flood = async (logLevel: string) => {
      const lines: string[] = [];
      const config = { ...rt.config, logLevel, logFormat: 'json' as const, webDist: dist, rateLimitPublic: 1 };
      const app = await buildApp({ ...rt, config, limiter: new RateLimiter(rt.db, rt.clock) }, { logSink: { write: (l: string) => lines.push(l) } });
      const ip = logLevel === 'info' ? '203.0.113.61' : '203.0.113.62';
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await app.inject({ url: '/api/auth/me', remoteAddress: ip })).statusCode);
      await app.close();
      expect(statuses).toEqual([401, 429, 429]);
      return lines.map((l) => JSON.parse(l) as { level: number; res?: { statusCode: number } }).filter((e) => e.res);
    };
    expect((await flood('info')).map((e) => e.res?.statusCode)).toEqual([401]);
    expect((await flood('debug')).map((e) => [e.level, e.res?.statusCode])).toEqual([[30, 401], [20, 429], [20, 429]]);
  });

  it('keeps failures of quiet requests in the log', () => {
    expect(isQuietRequest('/api/health', 200)).toBe(true);
    expect(isQuietRequest('/assets/index-abc.js', 200)).toBe(true);
    expect(isQuietRequest('/assets/gone.js', 404)).toBe(false);
    expect(isQuietRequest('/api/health', 503)).toBe(false);
    expect(isQuietRequest('/api/matters?q=x', 200)).toBe(false);
  });
});

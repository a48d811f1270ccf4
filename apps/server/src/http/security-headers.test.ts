import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, login, seedTenant, type Session } from '../../test/fixtures';
import { createTestRuntime, type TestRuntime } from '../../test/runtime';
import { buildApp } from '../app';
import { loadConfig, type Config } from '../config';

let rt: TestRuntime;
const apps: FastifyInstance[] = [];
let app: FastifyInstance;
let dcb: Session;

async function appWith(config: Partial<Config>): Promise<FastifyInstance> {
  const built = await buildApp({ ...rt, config: { ...rt.config, ...config } }, { logger: false });
  apps.push(built);
  return built;
}

describe('security headers and the API documentation', () => {
  beforeAll(async () => {
    rt = await createTestRuntime();
    await seedTenant(rt);
    const webDist = path.join(rt.dataDir, 'web');
    fs.mkdirSync(path.join(webDist, 'assets'), { recursive: true });
    fs.writeFileSync(path.join(webDist, 'index.html'), '<!doctype html><div id="root"></div><script type="module" src="/assets/app.js"></script>');
    fs.writeFileSync(path.join(webDist, 'assets', 'app.js'), 'console.log(1)');
    app = await appWith({ webDist });
    dcb = await login(app, 't1dcb');
  });
  afterAll(async () => {
    for (const a of apps) await a.close();
    await rt.close();
  });

  it('sends a strict Content-Security-Policy on every page, asset, API answer and error', async () => {
    for (const url of ['/', '/login', '/matters/1', '/assets/app.js', '/api/health', '/api/matters', '/api/nope', '/api/docs']) {
      const res = await app.inject({ url, headers: url.startsWith('/api/docs') ? as(dcb) : {} });
      const csp = String(res.headers['content-security-policy'] ?? '');
      expect(csp, url).toContain("default-src 'self'");
      const script = /script-src ([^;]*)/.exec(csp)?.[1] ?? '';
      expect(script, url).toBe("'self'");
      expect(csp, url).toContain("object-src 'none'");
      expect(csp, url).toContain("frame-ancestors 'self'");
      expect(csp, url).toContain("base-uri 'self'");
    }
  });

  it('shows the API documentation to signed-in accounts only by default; API_DOCS=public opens it, off removes it', async () => {
    expect(loadConfig({}).apiDocs).toBe('signed-in');
    for (const url of ['/api/openapi.json', '/api/docs', '/api/docs/json', '/api/docs/static/index.html']) {
      expect((await app.inject({ url })).statusCode, url).toBe(401);
    }
    expect((await app.inject({ url: '/api/openapi.json', headers: as(dcb) })).statusCode).toBe(200);
    expect((await app.inject({ url: '/api/docs', headers: as(dcb) })).statusCode).toBeLessThan(400);

    const open = await appWith({ apiDocs: 'public' });
    expect((await open.inject({ url: '/api/openapi.json' })).statusCode).toBe(200);
    const off = await appWith({ apiDocs: 'off' });
    expect((await off.inject({ url: '/api/openapi.json', headers: as(dcb) })).statusCode).toBe(404);
    expect((await off.inject({ url: '/api/docs', headers: as(dcb) })).statusCode).toBe(404);
  });
});

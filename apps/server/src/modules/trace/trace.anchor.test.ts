import dgram from 'node:dgram';
import fs from 'node:fs';
import http from 'node:http';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, login, seedTenant, testApp, type Session } from '../../../test/fixtures';
import { createTestRuntime, type TestRuntime } from '../../../test/runtime';
import { traceAnchorShipJob } from '../../jobs/trace-anchor-ship.job';
import type { ShippedAnchor } from './trace.anchor-ship';
import { verifyTrace } from './trace.verify';

let rt: TestRuntime;
let app: FastifyInstance;
let tenantId: number;
let auditor: Session;
let createdOnOpen = false;

const verifyAsAuditor = async () => (await app.inject({ url: '/api/trace/verify', headers: as(auditor) })).json();

describe('trace anchor: missing or unreadable fails verification', () => {
  beforeAll(async () => {
    rt = await createTestRuntime();
    createdOnOpen = fs.existsSync(rt.config.traceAnchorFile);
    tenantId = (await seedTenant(rt)).tenantId;
    app = await testApp(rt);
    auditor = await login(app, 't1audit'); // writes auth.login entries: the chain has rows
  });
  afterAll(async () => {
    await app.close();
    await rt.close();
  });

  it('is created on the first start, while the trace is empty, and then verifies intact', async () => {
    expect(createdOnOpen).toBe(true);
    const v = await verifyAsAuditor();
    expect(v.status).toBe('intact');
    expect(v.tenants[0].anchorSeq).toBeGreaterThan(0);
  });

  it('shows a missing anchor file on the 痕迹审计 page as broken, and flushing never re-creates it', async () => {
    fs.rmSync(rt.config.traceAnchorFile);
    const v = await verifyAsAuditor(); // the route flushes the anchor first
    expect(v.status).toBe('broken');
    expect(v.firstBroken).toMatchObject({ tenantId, reason: 'anchor_missing' });
    expect(v.firstBroken.message).toContain('外部锚点文件缺失');
    await rt.anchor.flush();
    expect(fs.existsSync(rt.config.traceAnchorFile)).toBe(false);
  });

  it('fails on an unreadable file, and on a file without this tenant, and leaves the file as it was', async () => {
    fs.writeFileSync(rt.config.traceAnchorFile, 'not json at all');
    expect((await verifyTrace(rt.db, rt.anchor, rt.clock.now(), tenantId)).firstBroken?.reason).toBe('anchor_unreadable');
    await rt.anchor.flush();
    expect(fs.readFileSync(rt.config.traceAnchorFile, 'utf8')).toBe('not json at all');
    fs.writeFileSync(rt.config.traceAnchorFile, JSON.stringify({ version: 1, tenants: { [String(tenantId)]: { seq: 'x' } } }));
    expect((await verifyTrace(rt.db, rt.anchor, rt.clock.now(), tenantId)).firstBroken?.reason).toBe('anchor_unreadable');

    fs.writeFileSync(rt.config.traceAnchorFile, JSON.stringify({ version: 1, tenants: {} }));
    expect((await verifyTrace(rt.db, rt.anchor, rt.clock.now(), tenantId)).firstBroken?.reason).toBe('anchor_missing');
    // A file that exists gains entries for tenants new to it (a tenant's first rows), so this one is then anchored.
    await rt.anchor.flush();
    expect((await verifyAsAuditor()).status).toBe('intact');
  });

  it('is sent off the box by HTTP POST and syslog (UDP), signed, each run of the hourly job', async () => {
    const received: ShippedAnchor[] = [];
    let status = 200;
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        received.push(JSON.parse(body));
        res.writeHead(status).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const syslog = dgram.createSocket('udp4');
    const messages: string[] = [];
    syslog.on('message', (m) => messages.push(m.toString('utf8')));
    await new Promise<void>((resolve) => syslog.bind(0, '127.0.0.1', resolve));
    try {
      const address = server.address();
      const config = {
        ...rt.config,
        traceAnchorUrl: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/anchors`,
        traceAnchorSyslog: `127.0.0.1:${syslog.address().port}`,
      };
      expect(await traceAnchorShipJob.run({ ...rt, config: { ...rt.config } })).toBeNull(); // nothing configured: nothing sent
      await traceAnchorShipJob.run({ ...rt, config });
      const head = await rt.db.selectFrom('trace_head').select(['seq', 'hash']).where('tenant_id', '=', tenantId).executeTakeFirstOrThrow();
      expect(received).toHaveLength(1);
      const entry = received[0]?.tenants[String(tenantId)];
      expect(received[0]).toMatchObject({ kind: 'duban-trace-anchor', state: 'ok' });
      expect(entry).toMatchObject({ seq: head.seq, hash: head.hash });
      expect(entry && rt.anchor.verifyEntry(tenantId, entry)).toBe(true);
      for (let i = 0; i < 50 && !messages.length; i++) await new Promise((r) => setTimeout(r, 20));
      expect(messages[0]).toMatch(/^<109>1 \S+ \S+ duban \d+ trace-anchor - \{/);
      expect(JSON.parse(messages[0]?.slice(messages[0].indexOf('{')) ?? '')).toEqual(received[0]);

      status = 503; // a receiver that refuses is a failed run (logged by the job runner), not a silent one
      await expect(traceAnchorShipJob.run({ ...rt, config })).rejects.toThrow(/HTTP 503/);
    } finally {
      server.close();
      syslog.close();
    }
  });
});

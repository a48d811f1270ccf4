import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, seedTenant, testApp, type Session } from '../../../test/fixtures';
import { owe } from '../../../test/fakes/notify-setup';
import { createTestRuntime, type TestRuntime } from '../../../test/runtime';
import { fanOut } from './fanout';

let rt: TestRuntime;
let app: FastifyInstance;
let t: Awaited<ReturnType<typeof seedTenant>>;
let base = '';
let closed = false;

type Frame = { id?: string; event?: string; data?: string };

/** A real SSE client over a socket: collects frames until closed. */
function connect(session: Session, lastEventId?: string) {
  const frames: Frame[] = [];
  let buffer = '';
  let waiters: (() => void)[] = [];
  const req = http.get(`${base}/api/events`, { headers: { cookie: session.cookie, accept: 'text/event-stream', ...(lastEventId ? { 'last-event-id': lastEventId } : {}) } }, (res) => {
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      buffer += chunk;
      let i: number;
      while ((i = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, i);
        buffer = buffer.slice(i + 2);
        const f: Frame = {};
        for (const line of block.split('\n')) {
          const [k, ...rest] = line.split(': ');
          if (k === 'id' || k === 'event' || k === 'data') f[k] = rest.join(': ');
        }
        if (f.event) frames.push(f);
        waiters.forEach((w) => w());
      }
    });
  });
  req.on('error', () => undefined);
  const waitFor = async (pred: (f: Frame) => boolean, ms = 10_000): Promise<Frame> => {
    const deadline = Date.now() + ms;
    for (;;) {
      const hit = frames.find(pred);
      if (hit) return hit;
      if (Date.now() > deadline) throw new Error(`no matching event; got ${JSON.stringify(frames)}`);
      await new Promise<void>((resolve) => {
        waiters.push(resolve);
        setTimeout(resolve, 200);
      });
      waiters = [];
    }
  };
  const ended = new Promise<void>((resolve) => req.on('response', (res) => res.on('end', resolve)));
  return { frames, waitFor, ended, close: () => req.destroy() };
}

describe('live events (SSE over a real socket)', () => {
  beforeAll(async () => {
    rt = await createTestRuntime();
    t = await seedTenant(rt);
    app = await testApp(rt);
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    if (!closed) await app.close();
    await rt.close();
  });

  it('refuses a stream without a session', async () => {
    const res = await fetch(`${base}/api/events`);
    expect(res.status).toBe(401);
  });

  it('pushes inbox.new with the unread count, and matter events only within data scope', async () => {
    const liaison = connect(await login(app, `${t.code}liaison`));
    const housing = connect(await login(app, `${t.code}hliaison`));
    const office = connect(await login(app, `${t.code}dcb`));
    await liaison.waitFor((f) => f.event === 'inbox.count');
    await housing.waitFor((f) => f.event === 'inbox.count');
    await office.waitFor((f) => f.event === 'inbox.count');

    await owe(rt, t, 1, { prefix: '实时', personIds: [t.people.liaison] });
    await fanOut(rt);
    const pushed = await liaison.waitFor((f) => f.event === 'inbox.new');
    expect(JSON.parse(pushed.data ?? '{}')).toMatchObject({ unread: 1, title: '实时 #0' });
    expect(pushed.id).toMatch(/^[0-9a-f]{8}-\d+$/);

    rt.bus.publish({ tenantId: t.tenantId, type: 'matter.colour', accountIds: null, data: { matterId: 1, unitIds: [t.units.street], colour: 'red' } });
    rt.bus.publish({ tenantId: t.tenantId + 99, type: 'matter.colour', accountIds: null, data: { matterId: 2, unitIds: [t.units.street], colour: 'red' } });
    await liaison.waitFor((f) => f.event === 'matter.colour');
    await office.waitFor((f) => f.event === 'matter.colour');
    // A marker event everyone sees, so "housing saw no matter event" is checked after delivery, not before.
    rt.bus.publish({ tenantId: t.tenantId, type: 'system.marker', accountIds: null, data: {} });
    await housing.waitFor((f) => f.event === 'system.marker');
    expect(housing.frames.filter((f) => f.event === 'matter.colour' || f.event === 'inbox.new')).toHaveLength(0);
    expect(liaison.frames.filter((f) => f.event === 'matter.colour')).toHaveLength(1);

    // Reconnecting with Last-Event-ID replays what was missed; an unknown id asks the page to resync.
    liaison.close();
    await owe(rt, t, 1, { prefix: '断线期间', personIds: [t.people.liaison] });
    await fanOut(rt);
    const again = connect(await login(app, `${t.code}liaison`), pushed.id);
    const missed = await again.waitFor((f) => f.event === 'inbox.new' && (f.data ?? '').includes('断线期间'));
    expect(JSON.parse(missed.data ?? '{}')).toMatchObject({ unread: 2 });
    const stale = connect(await login(app, `${t.code}liaison`), 'deadbeef-5');
    await stale.waitFor((f) => f.event === 'sync');
    for (const c of [again, stale, housing, office]) c.close();
  });

  it('ends open streams when the server shuts down, so shutdown never waits on a browser', async () => {
    const c = connect(await login(app, `${t.code}liaison`));
    await c.waitFor((f) => f.event === 'inbox.count');
    closed = true;
    await app.close();
    await c.ended;
  });
});

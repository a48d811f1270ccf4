import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, login, seedTenant, testApp } from '../../../test/fixtures';
import { createTestRuntime, type TestRuntime } from '../../../test/runtime';
import { insertRandomMatters, seeded } from './cockpit.fixtures';

let rt: TestRuntime;
let app: FastifyInstance;
let t: Awaited<ReturnType<typeof seedTenant>>;

/** Reads server-sent events from a live stream until `until` says stop (or time runs out). */
async function readEvents(res: Response, until: (events: { event: string; data: string }[]) => boolean, ms = 5000) {
  const reader = res.body?.getReader();
  if (!reader) throw new Error('no body');
  const events: { event: string; data: string }[] = [];
  const decoder = new TextDecoder();
  let buffer = '';
  const deadline = Date.now() + ms;
  let pending = reader.read(); // a read that lost the race below still delivers its chunk next time
  while (Date.now() < deadline && !until(events)) {
    const chunk = await Promise.race([pending, new Promise<null>((r) => setTimeout(() => r(null), 200))]);
    if (!chunk) continue;
    if (chunk.done) break;
    pending = reader.read();
    buffer += decoder.decode(chunk.value, { stream: true });
    let i: number;
    while ((i = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, i);
      buffer = buffer.slice(i + 2);
      const event = /^event: (.*)$/m.exec(block)?.[1];
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (event && data) events.push({ event, data });
    }
  }
  await reader.cancel();
  return events;
}

describe('cockpit over HTTP', () => {
  beforeAll(async () => {
    rt = await createTestRuntime({ at: '2026-11-20T02:00:00Z' });
    t = await seedTenant(rt);
    await insertRandomMatters(
      rt.db,
      { tenantId: t.tenantId, unitIds: [t.units.housing, t.units.street], leaderIds: [t.people.deputy, null], categoryIds: Object.values(t.categories), firstDay: '2026-01-05', days: 300 },
      200,
      seeded(5),
    );
    // The ledger's scope reads matter_units (lead and co-units), as matters made through the API have them.
    const ms = await rt.db.selectFrom('matters').select(['id', 'lead_unit_id']).where('tenant_id', '=', t.tenantId).execute();
    await rt.db.insertInto('matter_units').values(ms.map((m) => ({ tenant_id: t.tenantId, matter_id: m.id, unit_id: m.lead_unit_id, role: 'lead' as const, status: 'signed' as const }))).execute();
    // Co-unit matters of the street office: in its ledger scope, not in its cockpit (which counts led matters).
    await rt.db.insertInto('matter_units').values(ms.filter((m) => m.lead_unit_id !== t.units.street).slice(0, 10).map((m) => ({ tenant_id: t.tenantId, matter_id: m.id, unit_id: t.units.street, role: 'co' as const, status: 'signed' as const }))).execute();
    const warned = ms.slice(0, 30);
    for (const [i, m] of warned.entries()) {
      await rt.db.insertInto('colour_history').values({ tenant_id: t.tenantId, matter_id: m.id, from_colour: 'green', to_colour: i % 2 ? 'yellow' : 'red', at: new Date(Date.UTC(2026, 9, 1 + (i % 40), 3)) }).execute();
    }
    app = await testApp(rt);
  });
  afterAll(async () => {
    await app.close();
    await rt.close();
  });

  it('gives leaders and the office their figures, with ledger links, and refuses others', async () => {
    const office = await login(app, 't1dcb');
    const res = await app.inject({ url: '/api/cockpit?period=year', headers: as(office) });
    expect(res.statusCode).toBe(200);
    const view = res.json();
    expect(view.totals.all.n).toBe(200);
    expect(view.totals.all.link).toBe('createdFrom=2026-01-01&createdTo=2026-12-31');
    expect(view.byColour.find((c: { colour: string }) => c.colour === 'red').link).toBe('createdFrom=2026-01-01&createdTo=2026-12-31&colour=red');

    const head = await app.inject({ url: '/api/cockpit?period=custom&from=2026-01-01&to=2026-11-20', headers: as(await login(app, 't1head')) });
    expect(head.json().units.map((u: { unitId: number }) => u.unitId)).toEqual([t.units.street]);
    expect(head.json().totals.all.link).toContain('leadScope=true');

    expect((await app.inject({ url: '/api/cockpit', headers: as(await login(app, 't1liaison')) })).json().error).toBe('forbidden');
    expect((await app.inject({ url: '/api/cockpit?period=decade', headers: as(office) })).statusCode).toBe(400);
    expect((await app.inject({ url: '/api/cockpit?period=custom&from=2026-13-01', headers: as(office) })).statusCode).toBe(400);
    expect((await app.inject({ url: '/api/cockpit' })).statusCode).toBe(401);
  });

  it('links every figure to a ledger query that lists exactly that many matters', async () => {
    type Counted = { n: number; link: string };
    const isCount = (v: unknown): v is Counted => !!v && typeof v === 'object' && 'n' in v && 'link' in v;
    const collect = (v: unknown, out: Counted[] = []): Counted[] => {
      if (isCount(v)) out.push(v);
      else if (Array.isArray(v)) v.forEach((x) => collect(x, out));
      else if (v && typeof v === 'object') Object.values(v).forEach((x) => collect(x, out));
      return out;
    };
    for (const user of ['t1dcb', 't1shuji', 't1head', 't1deputy']) {
      const s = as(await login(app, user));
      for (const period of user === 't1dcb' ? ['year', 'quarter'] : ['year']) {
        const view = (await app.inject({ url: `/api/cockpit?period=${period}`, headers: s })).json();
        const counts = collect(view).filter((c) => c.link);
        expect(counts.length).toBeGreaterThan(20);
        for (const c of counts) {
          const res = await app.inject({ url: `/api/matters?${c.link}&limit=1`, headers: s });
          expect([user, c.link, res.statusCode, res.json().total]).toEqual([user, c.link, 200, c.n]);
        }
      }
    }
  }, 120_000);

  it('lists the latest reports and colour changes for the big screen', async () => {
    const m = await rt.db.selectFrom('matters').select(['id', 'lead_unit_id']).where('tenant_id', '=', t.tenantId).orderBy('id').executeTakeFirstOrThrow();
    await rt.db.insertInto('progress_reports').values({ tenant_id: t.tenantId, matter_id: m.id, unit_id: m.lead_unit_id, reporter_name: '联络员小张', progress: 60, text: '完成主体施工' }).execute();
    await rt.db.insertInto('colour_history').values({ tenant_id: t.tenantId, matter_id: m.id, from_colour: 'green', to_colour: 'yellow', at: new Date('2026-11-20T01:00:00Z') }).execute();
    const res = await app.inject({ url: '/api/cockpit/feed', headers: as(await login(app, 't1shuji')) });
    expect(res.statusCode).toBe(200);
    const kinds = res.json().items.map((i: { kind: string }) => i.kind);
    expect(kinds).toEqual(expect.arrayContaining(['report', 'colour']));
  });

  it('streams live matter events in the viewer scope over SSE', async () => {
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    const head = await login(app, 't1head'); // sees the street office only
    const street = await rt.db.selectFrom('matters').select('id').where('lead_unit_id', '=', t.units.street).executeTakeFirstOrThrow();
    const housing = await rt.db.selectFrom('matters').select('id').where('lead_unit_id', '=', t.units.housing).where('lead_leader_id', 'is', null).executeTakeFirstOrThrow();
    const controller = new AbortController();
    const res = await fetch(`${address}/api/cockpit/live`, { headers: { cookie: head.cookie }, signal: controller.signal });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    setTimeout(() => {
      rt.bus.publish({ tenantId: t.tenantId, type: 'matter.report', accountIds: null, data: { matterId: housing.id, progress: 10 } });
      rt.bus.publish({ tenantId: t.tenantId + 1, type: 'matter.report', accountIds: null, data: { matterId: street.id } });
      rt.bus.publish({ tenantId: t.tenantId, type: 'inbox.new', accountIds: null, data: { matterId: street.id } });
      rt.bus.publish({ tenantId: t.tenantId, type: 'matter.colour', accountIds: null, data: { matterId: street.id, colour: 'red' } });
    }, 300);
    const events = await readEvents(res, (es) => es.some((e) => e.event === 'matter.colour'));
    controller.abort();
    expect(events.map((e) => e.event)).toEqual(['hello', 'matter.colour']);
    expect(JSON.parse(events[1]?.data ?? '{}')).toEqual({ matterId: street.id, colour: 'red' });
    expect((await fetch(`${address}/api/cockpit/live`)).status).toBe(401);
  });
});

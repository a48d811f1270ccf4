import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, login, seedTenant, testApp } from '../../../test/fixtures';
import { FAKE, NotifyFakes } from '../../../test/fakes/notify-fakes';
import { fakeChannel, fillProfiles, owe } from '../../../test/fakes/notify-setup';
import { createTestRuntime, type TestRuntime } from '../../../test/runtime';
import { LOG_REDACT } from '../../http/request-log';
import { fanOut } from './fanout';

let rt: TestRuntime;
let app: FastifyInstance;
let t: Awaited<ReturnType<typeof seedTenant>>;
let fakes: NotifyFakes;
let matterId: number;

describe('notify HTTP', () => {
  beforeAll(async () => {
    rt = await createTestRuntime();
    t = await seedTenant(rt);
    await fillProfiles(rt, t);
    fakes = await new NotifyFakes().start();
    app = await testApp(rt);
    const m = await sql<{ id: number }>`
      insert into matters (tenant_id, year, seq, number, title, source, lead_unit_id, start_date, deadline, original_deadline)
      values (${t.tenantId}, 2026, 1, '测督〔2026〕1号', '背街小巷改造', 'key_work', ${t.units.street}, '2026-11-01', '2026-12-31', '2026-12-31') returning id`.execute(rt.db);
    matterId = m.rows[0]?.id ?? 0;
    await sql`insert into matter_units (tenant_id, matter_id, unit_id, role) values (${t.tenantId}, ${matterId}, ${t.units.street}, 'lead')`.execute(rt.db);
  });
  afterAll(async () => {
    await app.close();
    await fakes.stop();
    await rt.close();
  });

  it('keeps channel secrets write-only: stored encrypted, shown as set, never returned, traced or logged', async () => {
    const sec = await login(app, `${t.code}sec`);
    const put = await app.inject({
      method: 'PUT',
      url: '/api/settings/channels',
      headers: as(sec),
      payload: { quietHours: { enabled: true, start: '21:30', end: '07:30', holdRestDays: true }, digestTime: '08:00', channels: [fakeChannel('wecom-robot', fakes), fakeChannel('sms', fakes)] },
    });
    expect(put.statusCode).toBe(200);
    expect(put.body).not.toContain(FAKE.robotKey);
    const get = await app.inject({ url: '/api/settings/channels', headers: as(sec) });
    expect(get.body).not.toContain(FAKE.robotKey);
    expect(get.body).not.toContain(FAKE.smsKey);
    const robot = get.json().channels.find((c: { channel: string }) => c.channel === 'wecom-robot');
    expect(robot).toMatchObject({ enabled: true, hasSecret: true, secrets: { webhookKey: true } });
    expect(get.json()).toMatchObject({ quietHours: { start: '21:30', end: '07:30' }, digestTime: '08:00' });

    const stored = await rt.db.selectFrom('notify_channels').select(['secret_enc', 'config']).execute();
    expect(JSON.stringify(stored)).not.toContain(FAKE.robotKey);
    const trace = await rt.db.selectFrom('trace').select(['after']).where('action', '=', 'notify.settings').execute();
    expect(trace).toHaveLength(1);
    expect(JSON.stringify(trace)).not.toContain(FAKE.robotKey);
    expect(JSON.stringify(trace)).toContain('webhookKey');

    // Saving again without secrets keeps them; an empty string clears one.
    const again = await app.inject({ method: 'PUT', url: '/api/settings/channels', headers: as(sec), payload: { channels: [{ ...fakeChannel('sms', fakes), secrets: undefined }] } });
    expect(again.json().channels.find((c: { channel: string }) => c.channel === 'sms').hasSecret).toBe(true);
    const test = await app.inject({ method: 'POST', url: '/api/settings/channels/test', headers: as(sec), payload: { channel: 'wecom-robot' } });
    expect(test.json()).toMatchObject({ ok: true });
    expect(fakes.accepted('wecom-robot').at(-1)?.query.get('key')).toBe(FAKE.robotKey);
    const noPerson = await app.inject({ method: 'POST', url: '/api/settings/channels/test', headers: as(sec), payload: { channel: 'sms' } });
    expect(noPerson.json().ok).toBe(false);

    // The request logger censors secrets wherever they sit in a logged object.
    const lines: string[] = [];
    const log = pino({ redact: { paths: LOG_REDACT, censor: '[redacted]' } }, { write: (l: string) => lines.push(l) });
    log.info({ body: { channels: [{ secrets: { webhookKey: FAKE.robotKey } }] }, cfg: { apiKey: FAKE.smsKey, secrets: { corpSecret: FAKE.corpSecret } } }, 'x');
    expect(lines.join('')).not.toMatch(/robot-key|sms-key|corp-secret/);
  });

  it('refuses channel settings to everybody but the security admin, and bad settings with a 400', async () => {
    const dcb = await login(app, `${t.code}dcb`);
    expect((await app.inject({ url: '/api/settings/channels', headers: as(dcb) })).statusCode).toBe(403);
    const sec = await login(app, `${t.code}sec`);
    const bad = await app.inject({ method: 'PUT', url: '/api/settings/channels', headers: as(sec), payload: { channels: [{ channel: 'sms', enabled: true, config: { url: 'ftp://x', colour: 'red' } }] } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toBe('validation_failed');
  });

  it('inbox: lists, counts, marks read; another person cannot touch it', async () => {
    await owe(rt, t, 2, { prefix: '收件', personIds: [t.people.liaison] });
    await fanOut(rt);
    const me = await login(app, `${t.code}liaison`);
    const list = await app.inject({ url: '/api/inbox?unread=true', headers: as(me) });
    expect(list.json()).toMatchObject({ total: 2, unread: 2 });
    const [first] = list.json().items;
    expect(first).toMatchObject({ title: '收件 #1', link: '/matters/1', readAt: null });
    const other = await login(app, `${t.code}handler`);
    expect((await app.inject({ method: 'POST', url: `/api/inbox/${first.id}/read`, headers: as(other) })).statusCode).toBe(404);
    expect((await app.inject({ method: 'POST', url: `/api/inbox/${first.id}/read`, headers: as(me) })).json()).toEqual({ unread: 1 });
    expect((await app.inject({ url: '/api/inbox/unread-count', headers: as(me) })).json()).toEqual({ unread: 1 });
    expect((await app.inject({ method: 'POST', url: '/api/inbox/read-all', headers: as(me) })).json()).toEqual({ unread: 0 });
    expect((await app.inject({ url: '/api/inbox?unread=true', headers: as(me) })).json().total).toBe(0);
  });

  it('delivery log: filters, retries a dead delivery, refuses to retry a sent one; units cannot read it', async () => {
    await owe(rt, t, 1, { prefix: '日志' });
    await fanOut(rt);
    const row = await rt.db.selectFrom('deliveries').select('id').where('channel', '=', 'sms').orderBy('id', 'desc').executeTakeFirstOrThrow();
    await rt.db.updateTable('deliveries').set({ status: 'dead', last_error: '已放弃' }).where('id', '=', row.id).execute();
    const dcb = await login(app, `${t.code}dcb`);
    const dead = await app.inject({ url: '/api/deliveries?status=dead&channel=sms', headers: as(dcb) });
    expect(dead.json().items.map((d: { id: number }) => d.id)).toEqual([row.id]);
    const retry = await app.inject({ method: 'POST', url: `/api/deliveries/${row.id}/retry`, headers: as(dcb) });
    expect(retry.json()).toMatchObject({ status: 'pending' });
    expect((await app.inject({ method: 'POST', url: `/api/deliveries/${row.id}/retry`, headers: as(dcb) })).statusCode).toBe(409);
    const handler = await login(app, `${t.code}handler`);
    expect((await app.inject({ url: '/api/deliveries', headers: as(handler) })).statusCode).toBe(403);
    expect((await app.inject({ url: '/api/deliveries?from=2026-13-01', headers: as(dcb) })).statusCode).toBe(400);
  });

  it('matter deliveries: per recipient, for the units on the matter and the office only', async () => {
    await owe(rt, t, 1, { prefix: '事项提醒', personIds: [t.people.liaison, t.people.handler] });
    await rt.db.updateTable('outbox').set({ matter_id: matterId }).where('title', '=', '事项提醒 #0').execute();
    await fanOut(rt);
    const liaison = await login(app, `${t.code}liaison`);
    const res = await app.inject({ url: `/api/matters/${matterId}/deliveries`, headers: as(liaison) });
    expect(res.statusCode).toBe(200);
    const items: { personName: string | null; deliveries: { channel: string }[] }[] = res.json().items;
    expect(items.map((i) => i.personName).sort()).toEqual(['承办人小李', '群机器人', '联络员小张'].sort());
    expect(items.find((i) => i.personName === '联络员小张')?.deliveries.map((d) => d.channel)).toEqual(['sms']);
    const housing = await login(app, `${t.code}hliaison`);
    expect((await app.inject({ url: `/api/matters/${matterId}/deliveries`, headers: as(housing) })).statusCode).toBe(404);
    const dcb = await login(app, `${t.code}dcb`);
    expect((await app.inject({ url: `/api/matters/${matterId}/deliveries`, headers: as(dcb) })).statusCode).toBe(200);
  });

  it('personal preferences: a leader chooses the daily digest', async () => {
    const leader = await login(app, `${t.code}shuji`);
    const put = await app.inject({ method: 'PUT', url: '/api/me/notify-preferences', headers: as(leader), payload: { digest: true, muted: ['sms'] } });
    expect(put.json()).toEqual({ digest: true, muted: ['sms'] });
    expect((await app.inject({ url: '/api/me/notify-preferences', headers: as(leader) })).json()).toEqual({ digest: true, muted: ['sms'] });
    const admin = await login(app, `${t.code}admin`);
    expect((await app.inject({ url: '/api/me/notify-preferences', headers: as(admin) })).statusCode).toBe(404);
  });
});

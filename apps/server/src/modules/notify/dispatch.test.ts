import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedTenant } from '../../../test/fixtures';
import { NotifyFakes } from '../../../test/fakes/notify-fakes';
import { enableChannels, fakeChannel, fillProfiles, owe } from '../../../test/fakes/notify-setup';
import { createTestRuntime, type TestRuntime } from '../../../test/runtime';
import { SENDERS } from './channels/senders';
import { tenantNotify } from './channel-config';
import { retryDelivery } from './delivery.service';
import { claimDeliveries } from './dispatch.repository';
import { runDispatcher } from './dispatcher';
import { fanOut } from './fanout';
import { getNotifySettings } from './settings.service';
import { insertMatter } from '../warnings/sweep.test-helpers';
import { openPii } from '../../lib/pii';
import { sendTarget } from '../../lib/pii-at-rest';

let rt: TestRuntime;
let t: Awaited<ReturnType<typeof seedTenant>>;
let fakes: NotifyFakes;

const statuses = async () =>
  (await rt.db.selectFrom('deliveries').select(['status']).execute()).reduce<Record<string, number>>((acc, r) => ({ ...acc, [r.status]: (acc[r.status] ?? 0) + 1 }), {});
const smsRequestIds = () => fakes.accepted('sms').map((r) => String(r.body.requestId));

describe('dispatcher', () => {
  beforeEach(async () => {
    rt = await createTestRuntime();
    t = await seedTenant(rt);
    await fillProfiles(rt, t);
    fakes = await new NotifyFakes().start();
  });
  afterEach(async () => {
    await fakes.stop();
    await rt.close();
  });

  it('writes the inbox at once and sends each SMS exactly once while the gateway goes down and comes back', async () => {
    await enableChannels(rt, t, [fakeChannel('sms', fakes)]);
    await owe(rt, t, 6, { personIds: [t.people.liaison, t.people.handler] });
    fakes.modes.sms = 'down';
    const first = await runDispatcher(rt, { once: true });
    expect(first).toMatchObject({ fannedOut: 6, claimed: 12, sent: 0, retrying: 12 });
    expect(await rt.db.selectFrom('inbox_messages').select('id').execute()).toHaveLength(12);
    expect(await statuses()).toEqual({ retrying: 12 });

    // Still down at the first retry, then back: the backlog goes out once.
    rt.clock.advance(31_000);
    await runDispatcher(rt, { once: true });
    fakes.modes.sms = 'ok';
    rt.clock.advance(61_000);
    expect(await runDispatcher(rt, { once: true })).toMatchObject({ sent: 12 });
    expect(await statuses()).toEqual({ sent: 12 });
    const ids = smsRequestIds();
    expect(ids).toHaveLength(12);
    expect(new Set(ids).size).toBe(12);
    const row = await rt.db.selectFrom('deliveries').select(['attempts', 'provider_reply', 'last_error']).executeTakeFirstOrThrow();
    expect(row.attempts).toBe(3);
    expect(row.provider_reply).toContain('"code":0');
  });

  it('sends an SMS to the person’s own number, kept only sealed and masked in the delivery row', async () => {
    await enableChannels(rt, t, [fakeChannel('sms', fakes)]);
    await owe(rt, t, 1, { personIds: [t.people.liaison, t.people.handler] });
    expect(await runDispatcher(rt, { once: true })).toMatchObject({ sent: 2 });
    const number = (id: number) => `1390000${String(id).padStart(4, '0')}`; // fillProfiles
    expect(new Set(fakes.accepted('sms').map((r) => r.body.mobile))).toEqual(new Set([number(t.people.liaison), number(t.people.handler)]));
    const rows = await rt.db.selectFrom('deliveries').select(['person_id', 'target', 'target_enc']).execute();
    for (const r of rows) {
      const full = number(r.person_id ?? 0);
      expect(r.target).toBe(`${full.slice(0, 3)}****${full.slice(-4)}`);
      expect(openPii(rt.secretKey, r.target_enc ?? '')).toBe(full);
    }
    expect(JSON.stringify(rows)).not.toMatch(/1390000\d{4}/);
  });

  it('gives up after 24 hours of failures (dead), and an admin retry sends it', async () => {
    await enableChannels(rt, t, [fakeChannel('sms', fakes)]);
    await owe(rt, t, 1);
    fakes.modes.sms = 'errcode';
    for (let i = 0; i < 40 && (await statuses()).dead !== 1; i++) {
      await runDispatcher(rt, { once: true });
      rt.clock.advance(3_600_000);
    }
    const dead = await rt.db.selectFrom('deliveries').select(['status', 'last_error', 'attempts']).executeTakeFirstOrThrow();
    expect(dead.status).toBe('dead');
    expect(dead.last_error).toContain('放弃');
    expect(dead.attempts).toBeGreaterThan(5);
    expect(dead.attempts).toBeLessThan(40);
    fakes.modes.sms = 'ok';
    const row = await rt.db.selectFrom('deliveries').select('id').executeTakeFirstOrThrow();
    await retryDelivery(rt, await t.actor(`${t.code}dcb`), row.id);
    expect(await runDispatcher(rt, { once: true })).toMatchObject({ sent: 1 });
    expect(smsRequestIds()).toHaveLength(1);
  });

  it('takes back the claims of a killed dispatcher when its lease ends; the request id absorbs its half-done send', async () => {
    await enableChannels(rt, t, [fakeChannel('sms', fakes)]);
    await owe(rt, t, 5);
    await fanOut(rt);
    const now = rt.clock.now();
    // A dispatcher claims everything, sends one message, then dies before recording anything.
    const claimed = await claimDeliveries(rt.db, 'killed', now, new Date(now.getTime() + 60_000), 100);
    expect(claimed).toHaveLength(5);
    const victim = claimed[0];
    if (!victim) throw new Error('nothing claimed');
    const channel = (await tenantNotify(rt.db, rt.secretKey, t.tenantId)).channels.get('sms');
    if (!channel) throw new Error('sms not configured');
    await SENDERS.sms({ channel, messages: [{ title: victim.title, body: victim.body, url: null, urgent: false }], targets: [sendTarget(rt.secretKey, victim)], idempotencyKey: victim.idempotency_key, egress: { allowedHosts: rt.config.channelAllowedHosts } });

    // While the lease holds, nobody else touches them.
    expect(await runDispatcher(rt, { once: true })).toMatchObject({ claimed: 0 });
    rt.clock.advance(61_000);
    expect(await runDispatcher(rt, { once: true })).toMatchObject({ claimed: 5, sent: 5 });
    expect(await statuses()).toEqual({ sent: 5 });
    const ids = smsRequestIds();
    expect(ids).toHaveLength(6); // the victim twice, under the same request id
    expect(new Set(ids).size).toBe(5);
  });

  it('lets two dispatchers run at once without sending anything twice', async () => {
    await enableChannels(rt, t, [fakeChannel('sms', fakes), fakeChannel('wecom-app', fakes)]);
    await owe(rt, t, 120, { personIds: [t.people.liaison, t.people.handler, t.people.head] });
    const [a, b] = await Promise.all([runDispatcher(rt, { once: true, limit: 25, worker: 'a' }), runDispatcher(rt, { once: true, limit: 25, worker: 'b' })]);
    expect(a.sent + b.sent).toBe(720);
    expect(await statuses()).toEqual({ sent: 720 });
    const ids = smsRequestIds();
    expect(ids).toHaveLength(360);
    expect(new Set(ids).size).toBe(360);
    // WeCom app: a call names all recipients of a message the batch holds; each (message, person) once.
    const pairs = fakes.accepted('wecom-app').flatMap((r) => String(r.body.touser).split('|').map((u) => `${JSON.stringify(r.body.textcard)}|${u}`));
    expect(pairs).toHaveLength(360);
    expect(new Set(pairs).size).toBe(360);
    expect(fakes.accepted('wecom-app').length).toBeLessThan(200);
    expect(fakes.requests.filter((r) => r.service === 'wecom-token')).toHaveLength(1);
  });

  it('batches a robot backlog into markdown digests within 20 posts a minute, every message exactly once', async () => {
    await enableChannels(rt, t, [fakeChannel('wecom-robot', fakes), fakeChannel('dingtalk-robot', fakes)]);
    const body = '请于 2026-11-25 前报送项目进展，并附现场照片与台账。'.repeat(3);
    await owe(rt, t, 300, { body });
    await runDispatcher(rt, { once: true, limit: 500, concurrency: 1 });
    const posts = fakes.accepted('wecom-robot');
    expect(posts.length).toBeGreaterThan(1);
    expect(posts.length).toBeLessThanOrEqual(20);
    const contents = posts.map((p) => String((p.body.markdown as { content: string }).content));
    const mentions = (cs: string[], i: number) => cs.filter((c) => new RegExp(`催办 #${i}(?!\\d)`).test(c));
    for (let i = 0; i < 300; i++) expect(mentions(contents, i).length, `message ${i}`).toBeLessThanOrEqual(1);
    expect(contents[0]).toContain('督办消息汇总');
    expect(contents[0]).toContain('<@wx_liaison>');
    // DingTalk got its own digests, signed (the fake refuses a bad signature).
    expect(fakes.accepted('dingtalk').length).toBeGreaterThan(1);
    expect(fakes.accepted('dingtalk').length).toBeLessThanOrEqual(20);
    // It mentions the liaison (no DingTalk id) by number: sent in full, stored masked and sealed.
    const liaisonNumber = `1390000${String(t.people.liaison).padStart(4, '0')}`;
    expect((fakes.accepted('dingtalk')[0]?.body.at as { atMobiles: string[] }).atMobiles).toEqual([liaisonNumber]);
    const robotRow = await rt.db.selectFrom('deliveries').select(['target', 'target_enc']).where('channel', '=', 'dingtalk-robot').executeTakeFirstOrThrow();
    expect(robotRow.target).toBe(`m:${liaisonNumber.slice(0, 3)}****${liaisonNumber.slice(-4)}`);
    expect(openPii(rt.secretKey, robotRow.target_enc ?? '')).toBe(`m:${liaisonNumber}`);

    // What did not fit in this minute waits for the next; nothing is lost or repeated.
    for (let i = 0; i < 5 && ((await statuses()).pending ?? 0) > 0; i++) {
      rt.clock.advance(61_000);
      await runDispatcher(rt, { once: true, limit: 500, concurrency: 1 });
    }
    expect(await statuses()).toEqual({ sent: 600 });
    const all = fakes.accepted('wecom-robot').map((p) => String((p.body.markdown as { content: string }).content));
    for (let i = 0; i < 300; i++) expect(mentions(all, i), `message ${i}`).toHaveLength(1);
  });

  it('holds every message in quiet hours, red warnings included, until the next working morning', async () => {
    rt.clock.set('2026-11-20T14:30:00Z'); // Friday 22:30 in Shanghai
    await enableChannels(rt, t, [fakeChannel('sms', fakes)]);
    const urgentMatter = await insertMatter(rt.db, { tenantId: t.tenantId, unitId: t.units.street, deadline: '2026-11-19' });
    await rt.db.updateTable('matters').set({ priority: 'urgent' }).where('id', '=', urgentMatter).execute();
    await owe(rt, t, 1, { prefix: '例行提醒' });
    await owe(rt, t, 1, { prefix: '红色预警', kind: 'warning.red', personIds: [t.people.liaison, t.people.handler, t.people.head] });
    await owe(rt, t, 1, { prefix: '紧急事项红色预警', kind: 'warning.red', matterId: urgentMatter });
    await runDispatcher(rt, { once: true });
    expect(await rt.db.selectFrom('inbox_messages').select('id').execute()).toHaveLength(5);
    expect(fakes.accepted('sms')).toHaveLength(0);
    const held = await rt.db.selectFrom('deliveries').select(['status', 'next_at', 'urgent']).execute();
    expect(held).toHaveLength(5);
    for (const d of held) {
      expect(d.status).toBe('pending');
      expect(new Date(d.next_at).toISOString()).toBe('2026-11-22T23:00:00.000Z'); // Monday 07:00 Shanghai
    }
    expect(held.filter((d) => d.urgent)).toHaveLength(4); // still marked 【紧急】 when they go

    rt.clock.set('2026-11-22T22:59:00Z');
    expect(await runDispatcher(rt, { once: true })).toMatchObject({ claimed: 0 });
    rt.clock.set('2026-11-22T23:00:00Z');
    expect(await runDispatcher(rt, { once: true })).toMatchObject({ sent: 5 });
  });

  it('with the tenant\'s exemption on, sends red reminders of matters marked 紧急 at night, and only those', async () => {
    rt.clock.set('2026-11-20T14:30:00Z'); // Friday 22:30 in Shanghai
    await enableChannels(rt, t, [fakeChannel('sms', fakes)], { enabled: true, start: '21:00', end: '07:00', holdRestDays: true, exemptUrgentMatters: true });
    const urgentMatter = await insertMatter(rt.db, { tenantId: t.tenantId, unitId: t.units.street, deadline: '2026-11-19' });
    const normalMatter = await insertMatter(rt.db, { tenantId: t.tenantId, unitId: t.units.street, deadline: '2026-11-19' });
    await rt.db.updateTable('matters').set({ priority: 'urgent' }).where('id', '=', urgentMatter).execute();
    await owe(rt, t, 1, { prefix: '紧急事项红色预警', kind: 'warning.red', matterId: urgentMatter });
    await owe(rt, t, 1, { prefix: '一般事项红色预警', kind: 'warning.red', matterId: normalMatter });
    await owe(rt, t, 1, { prefix: '紧急事项黄色预警', kind: 'warning.yellow', matterId: urgentMatter });
    fakes.modes.sms = 'down';
    await runDispatcher(rt, { once: true });
    // The exempt one is tried at once and retried through the night; the others wait for Monday.
    fakes.modes.sms = 'ok';
    rt.clock.advance(31_000);
    await runDispatcher(rt, { once: true });
    expect(fakes.accepted('sms').map((r) => String(r.body.content))).toEqual([expect.stringContaining('紧急事项红色预警')]);
    const waiting = await rt.db.selectFrom('deliveries').select(['next_at']).where('status', '=', 'pending').execute();
    expect(waiting.map((d) => new Date(d.next_at).toISOString())).toEqual(['2026-11-22T23:00:00.000Z', '2026-11-22T23:00:00.000Z']);
  });

  it('keeps the exemption off by default and saves it as a tenant setting', async () => {
    const sec = await t.actor(`${t.code}sec`);
    expect((await getNotifySettings(rt, sec)).quietHours.exemptUrgentMatters).toBe(false);
    await enableChannels(rt, t, [], { enabled: true, start: '21:00', end: '07:00', holdRestDays: true, exemptUrgentMatters: true });
    expect((await getNotifySettings(rt, sec)).quietHours.exemptUrgentMatters).toBe(true);
  });

  it('sends a leader who chose the digest one combined message per day; the inbox still gets each at once', async () => {
    await enableChannels(rt, t, [fakeChannel('wecom-app', fakes)]);
    await rt.db.updateTable('people').set({ notify_digest: true }).where('id', '=', t.people.leader).execute();
    await owe(rt, t, 3, { prefix: '周报', personIds: [t.people.leader] });
    await runDispatcher(rt, { once: true });
    expect(await rt.db.selectFrom('inbox_messages').select('id').where('person_id', '=', t.people.leader).execute()).toHaveLength(3);
    expect(fakes.accepted('wecom-app')).toHaveLength(0);
    rt.clock.set('2026-11-23T00:30:00Z'); // Monday 08:30 Shanghai, the default digest time
    await runDispatcher(rt, { once: true });
    const calls = fakes.accepted('wecom-app');
    expect(calls).toHaveLength(1);
    expect(calls[0]?.body.msgtype).toBe('markdown');
    expect(String((calls[0]?.body.markdown as { content: string }).content)).toContain('督办消息汇总（3 条）');
  });

  it('WeCom app: refetches an expired token, and marks recipients outside the app range as failed without failing the rest', async () => {
    await enableChannels(rt, t, [fakeChannel('wecom-app', fakes)]);
    fakes.invalidUsers.add('wx_handler');
    await owe(rt, t, 1, { personIds: [t.people.liaison, t.people.handler] });
    await runDispatcher(rt, { once: true });
    const rows = await rt.db.selectFrom('deliveries').select(['person_id', 'status', 'last_error']).orderBy('person_id').execute();
    expect(rows.find((r) => r.person_id === t.people.liaison)?.status).toBe('sent');
    expect(rows.find((r) => r.person_id === t.people.handler)).toMatchObject({ status: 'failed', last_error: expect.stringContaining('invaliduser') });
    const call = fakes.accepted('wecom-app')[0];
    expect(call?.body).toMatchObject({ msgtype: 'textcard', enable_duplicate_check: 1, agentid: 1000002 });

    fakes.expireTokens();
    await owe(rt, t, 1, { prefix: '二次' });
    await runDispatcher(rt, { once: true });
    expect(fakes.requests.filter((r) => r.service === 'wecom-token')).toHaveLength(2);
    expect(await rt.db.selectFrom('deliveries').select('id').where('status', '=', 'sent').execute()).toHaveLength(2);
  });
});

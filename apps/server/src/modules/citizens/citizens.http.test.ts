import sharp from 'sharp';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { multipartBody } from '../../../test/files-fixtures';
import { as, login, seedTenant, testApp, type Session } from '../../../test/fixtures';
import { createTestRuntime, type TestRuntime } from '../../../test/runtime';
import type { Actor } from '../../lib/actor';
import { seedGrid } from '../grid/grid.fixtures';
import { acceptProblem, dispatchProblem, handleProblem, registerProblem, signProblem, verifyProblem } from '../grid/problem-flow.service';
import { unitSatisfaction } from '../satisfaction/satisfaction.service';
import { flagClusters } from './citizens-cluster';

let rt: TestRuntime;
let app: FastifyInstance;
let t: Awaited<ReturnType<typeof seedTenant>>;
let g: Awaited<ReturnType<typeof seedGrid>>;
let office: Session;
let gridA: Actor;
let housing: Actor;
let ipSeq = 0;

// Each test speaks from its own address, so the per-address limit (5 an hour here) is only met where it is tested.
const newIp = () => `10.17.0.${++ipSeq}`;
const jpegWithGps = () =>
  sharp({ create: { width: 64, height: 48, channels: 3, background: '#888' } })
    .withExif({ IFD0: { Make: 'PhoneCo' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '34/1 42/1 18/1', GPSLongitudeRef: 'E', GPSLongitude: '113/1 36/1 18/1' } })
    .jpeg()
    .toBuffer();

beforeAll(async () => {
  rt = await createTestRuntime({ at: '2026-11-18T02:00:00Z', config: { rateLimitCitizen: 5, rateLimitCitizenMobile: 2 } });
  t = await seedTenant(rt);
  g = await seedGrid(rt, t);
  app = await testApp(rt);
  office = await login(app, 't1dcb');
  gridA = await t.actor('t1grida');
  housing = await t.actor('t1hliaison');
});
afterAll(async () => {
  await app.close();
  await rt.close();
});

const pub = (method: 'GET' | 'POST', url: string, ip: string, payload?: unknown, headers: Record<string, string> = {}) =>
  app.inject({ method, url, remoteAddress: ip, headers: payload === undefined ? headers : { 'content-type': 'application/json', ...headers }, payload: payload === undefined ? undefined : JSON.stringify(payload) });

async function report(ip: string, body: Record<string, unknown>, key?: string) {
  const res = await pub('POST', '/api/public/t1/reports', ip, { categoryId: g.cat('BJ0101'), description: '路面井盖缺失，很危险', ...g.points.a, ...body }, key ? { 'idempotency-key': key } : {});
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { ticket: string; token: string; link: string };
}
const idOf = async (ticket: string) => String((await rt.db.selectFrom('grid_problems').select('id').where('ticket', '=', ticket).executeTakeFirstOrThrow()).id);

/** 受理 → 立案 → 派遣 (住建局) → 签收 → 处置 → 核查 → 结案, as the grid's own people do it. */
async function closeIt(id: string) {
  await acceptProblem(rt, gridA, id, {});
  await registerProblem(rt, gridA, id, {});
  await dispatchProblem(rt, gridA, id, { unitId: t.units.housing });
  await signProblem(rt, housing, id);
  await handleProblem(rt, housing, id, { result: '已补装井盖', photoIds: [] });
  await verifyProblem(rt, gridA, id, { pass: true, photoIds: [] });
}

describe('the public page', () => {
  it('shows the categories by major class and the cells to tap, without an account; an unknown tenant is 404', async () => {
    const home = await pub('GET', '/api/public/t1', newIp());
    expect(home.statusCode).toBe(200);
    expect(home.json().categories.map((c: { name: string }) => c.name)).toContain('公用设施');
    expect(home.json().cells.length).toBeGreaterThan(0);
    expect(home.headers['content-security-policy']).toContain("script-src 'self'");
    expect((await pub('GET', '/api/public/nowhere', newIp())).json()).toMatchObject({ error: 'citizen_tenant_unknown' });
  });

  it('takes a photo, strips its GPS, and a double submit with one Idempotency-Key makes one report', async () => {
    const ip = newIp();
    const up = await app.inject({ method: 'POST', url: '/api/public/t1/photos', remoteAddress: ip, ...multipartBody({}, await jpegWithGps(), 'p.jpg', 'image/jpeg') });
    expect(up.statusCode, up.body).toBe(200);
    const photo = up.json() as { id: number; key: string };
    const body = { photos: [photo], name: '李四', mobile: '13800001234', description: '幸福路井盖缺失' };
    const first = await report(ip, body, 'citizen-submit-0001');
    const again = await report(ip, body, 'citizen-submit-0001');
    expect(again.ticket).toBe(first.ticket);
    expect(await rt.db.selectFrom('grid_problems').select('id').where('description', '=', '幸福路井盖缺失').execute()).toHaveLength(1);
    const p = await rt.db.selectFrom('grid_problems').selectAll().where('ticket', '=', first.ticket).executeTakeFirstOrThrow();
    expect(p).toMatchObject({ source: 'citizen', cell_id: g.cells.cellA, reporter_account_id: null });
    expect(p.reporter_mobile_enc).toMatch(/^s4:/);
    expect(JSON.stringify(p)).not.toContain('13800001234');

    // The served photo (signed URL from the public view) carries no EXIF at all, so no GPS.
    const view = (await pub('GET', `/api/public/t1/track/${first.token}`, ip)).json();
    expect(view.photos).toHaveLength(1);
    const served = await pub('GET', view.photos[0], ip);
    expect(served.statusCode).toBe(200);
    expect(served.headers['content-type']).toBe('image/jpeg');
    expect((await sharp(served.rawPayload).metadata()).exif).toBeUndefined();
    expect(served.rawPayload.includes(Buffer.from('PhoneCo'))).toBe(false);
    // A forged key is refused.
    expect((await pub('GET', view.photos[0].replace(/s=[^&]+/, 's=forged'), ip)).statusCode).toBe(404);
    expect((await pub('POST', '/api/public/t1/reports', ip, { categoryId: g.cat('BJ0101'), description: '井盖', ...g.points.a, photos: [{ id: photo.id, key: 'x'.repeat(32) }] })).json()).toMatchObject({ error: 'attachment_not_available' });
  });

  it('looks up by ticket and last 4 digits; a wrong ticket and a wrong number get the same answer; no personal data', async () => {
    const ip = newIp();
    const r = await report(ip, { name: '王五', mobile: '13900005678', description: '路灯杆倾斜' });
    const wrongDigits = await pub('POST', '/api/public/t1/lookup', ip, { ticket: r.ticket, last4: '0000' });
    const wrongTicket = await pub('POST', '/api/public/t1/lookup', ip, { ticket: 'WG20261118999999', last4: '5678' });
    expect(wrongDigits.statusCode).toBe(404);
    expect(wrongDigits.body).toBe(wrongTicket.body.replace(wrongTicket.json().requestId ?? '', wrongDigits.json().requestId ?? ''));
    expect(wrongDigits.json()).toMatchObject({ error: 'citizen_lookup_failed' });
    const ok = await pub('POST', '/api/public/t1/lookup', ip, { ticket: r.ticket.toLowerCase(), last4: '5678' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ ticket: r.ticket, statusLabel: '待受理', canRate: false, steps: [{ label: '已受理（登记）' }] });
    expect(ok.body).not.toContain('王五');
    expect(ok.body).not.toContain('5678"');
    expect(ok.body).not.toContain('13900005678');
    // An anonymous report cannot be looked up by digits (there are none), only by its private link.
    const anon = await report(ip, { description: '匿名反映井盖' });
    expect((await pub('POST', '/api/public/t1/lookup', ip, { ticket: anon.ticket, last4: '1234' })).statusCode).toBe(404);
    expect((await pub('GET', `/api/public/t1/track/${anon.token}`, ip)).statusCode).toBe(200);
    expect((await pub('GET', `/api/public/t1/track/${'A'.repeat(32)}`, ip)).json()).toMatchObject({ error: 'citizen_link_unknown' });
  });

  it('answers 429 with Retry-After and a Chinese message per address and per mobile number', async () => {
    const ip = newIp();
    await report(ip, { mobile: '13700000001' });
    await report(ip, { mobile: '13700000001' });
    const third = await pub('POST', '/api/public/t1/reports', newIp(), { categoryId: g.cat('BJ0101'), description: '第三次', ...g.points.a, mobile: '13700000001' });
    expect(third.statusCode).toBe(429); // the number's limit, from another address
    expect(Number(third.headers['retry-after'])).toBeGreaterThan(0);
    expect(third.json().message).toMatch(/操作过于频繁，请 \d+ 秒后再试/);
    const flood = newIp();
    for (let i = 0; i < 5; i++) await report(flood, {});
    const sixth = await pub('POST', '/api/public/t1/reports', flood, { categoryId: g.cat('BJ0101'), description: '第六次', ...g.points.a });
    expect(sixth.statusCode).toBe(429);
    expect(sixth.headers['retry-after']).toBeDefined();
  });
});

describe('staff and the reporter’s number', () => {
  it('shows the mobile masked; the full number only to those who call back, and every unmasking is traced', async () => {
    const r = await report(newIp(), { mobile: '13811112222', name: '赵六' });
    const id = await idOf(r.ticket);
    const list = await app.inject({ url: `/api/citizens/problems/${id}/reporters`, headers: as(office) });
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json().items[0]).toMatchObject({ mobile: '138****2222', canUnmask: true, kind: 'reporter' });
    expect(list.body).not.toContain('13811112222');
    const rid = list.json().items[0].id;
    const liaison = await login(app, 't1hliaison');
    expect((await app.inject({ method: 'POST', url: `/api/citizens/reporters/${rid}/unmask`, headers: as(liaison) })).statusCode).toBe(403);
    const full = await app.inject({ method: 'POST', url: `/api/citizens/reporters/${rid}/unmask`, headers: as(office) });
    expect(full.json()).toEqual({ mobile: '13811112222' });
    const traced = await rt.db.selectFrom('trace').select(['action', 'entity_id']).where('action', '=', 'citizen.unmask').execute();
    expect(traced).toEqual([{ action: 'citizen.unmask', entity_id: id }]);
  });
});

describe('duplicates, merge and clusters', () => {
  it('offers open problems of the category within the radius, not outside it, and lets a citizen follow one', async () => {
    const ip = newIp();
    const first = await report(ip, { description: '人民路井盖缺失，电话13912345678', lon: 113.6052, lat: 34.7052 });
    const near = await pub('GET', `/api/public/t1/nearby?categoryId=${g.cat('BJ0101')}&lat=34.7060&lon=113.6052`, ip); // ~90 m north
    expect(near.json().items.map((i: { ticket: string }) => i.ticket)).toContain(first.ticket);
    // Someone else's report, shown to a stranger: the number they typed into it is masked.
    expect(near.json().items.find((i: { ticket: string }) => i.ticket === first.ticket).description).toBe('人民路井盖缺失，电话139****5678');
    const far = await pub('GET', `/api/public/t1/nearby?categoryId=${g.cat('BJ0101')}&lat=34.7082&lon=113.6052`, ip); // ~330 m
    expect(far.json().items.map((i: { ticket: string }) => i.ticket)).not.toContain(first.ticket);
    const other = await pub('GET', `/api/public/t1/nearby?categoryId=${g.cat('BJ0102')}&lat=34.7052&lon=113.6052`, ip);
    expect(other.json().items.map((i: { ticket: string }) => i.ticket)).not.toContain(first.ticket);
    const follow = await pub('POST', `/api/public/t1/follow/${first.ticket}`, ip, { mobile: '13622223333' });
    expect(follow.statusCode, follow.body).toBe(200);
    const view = (await pub('GET', `/api/public/t1/track/${follow.json().token}`, ip)).json();
    expect(view.ticket).toBe(first.ticket);
    expect(view.steps.map((s: { label: string }) => s.label)).toContain('有群众加入关注');
  });

  it('merges a duplicate: every reporter of both is told now and at the next step', async () => {
    const ip = newIp();
    const keep = await report(ip, { mobile: '13533330001', description: '建设路井盖缺失', lon: 113.6071, lat: 34.7071 });
    const dup = await report(newIp(), { mobile: '13533330002', description: '建设路又一个井盖缺失', lon: 113.6072, lat: 34.7071 });
    const keepId = await idOf(keep.ticket);
    const dupId = await idOf(dup.ticket);
    const merged = await app.inject({ method: 'POST', url: `/api/citizens/problems/${dupId}/merge`, headers: as(office), payload: { intoId: Number(keepId) } });
    expect(merged.statusCode, merged.body).toBe(200);
    const after = await rt.db.selectFrom('grid_problems').select(['status', 'merged_into_id']).where('id', '=', dupId).executeTakeFirstOrThrow();
    expect([after.status, String(after.merged_into_id)]).toEqual(['merged', keepId]);
    const sms = async (kind: string) =>
      (await rt.db.selectFrom('outbox').select(['kind', 'payload']).where('kind', '=', kind).execute()).filter((o) => {
        const pl = (o.payload ?? {}) as { problemId?: string };
        return pl.problemId === keepId || pl.problemId === dupId;
      });
    expect(await sms('citizen.merged')).toHaveLength(1);
    await acceptProblem(rt, gridA, keepId, {});
    const accepted = await sms('citizen.accepted');
    expect(accepted).toHaveLength(2); // the first reporter and the merged one, each by SMS
    expect(accepted.every((o) => String((o.payload as { citizenSms?: string }).citizenSms).startsWith('s4:'))).toBe(true);
    // The merged reporter's link shows the problem that carries on.
    const view = (await pub('GET', `/api/public/t1/track/${dup.token}`, ip)).json();
    expect(view).toMatchObject({ ticket: dup.ticket, mergedIntoTicket: keep.ticket, statusLabel: '已受理' });
  });

  it('flags a cluster at the fifth report of a category in one cell within 30 days, once', async () => {
    await flagClusters(rt); // what the tests above reported (井盖 at point a) is flagged first
    for (let i = 0; i < 4; i++) await report(newIp(), { categoryId: g.cat('SJ0101'), description: `暴露垃圾 ${i}`, lon: 113.6031 + i * 0.0001, lat: 34.7031 });
    expect(await flagClusters(rt)).toMatchObject({ ran: true, flagged: 0 });
    for (let i = 4; i < 6; i++) await report(newIp(), { categoryId: g.cat('SJ0101'), description: `暴露垃圾 ${i}`, lon: 113.6031 + i * 0.0001, lat: 34.7031 });
    expect(await flagClusters(rt)).toMatchObject({ ran: true, flagged: 1 });
    expect(await flagClusters(rt)).toMatchObject({ ran: true, flagged: 0 }); // once
    const clusters = (await app.inject({ url: '/api/citizens/clusters', headers: as(office) })).json().items;
    const mine = clusters.filter((c: { category_id: number }) => c.category_id === g.cat('SJ0101'));
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ status: 'open', reports: 6, cell_id: g.cells.cellA });
    const sup = await app.inject({ method: 'POST', url: `/api/citizens/clusters/${mine[0].id}/supervise`, headers: as(office), payload: { workdays: 10 } });
    expect(sup.statusCode, sup.body).toBe(200);
    expect(sup.json()).toMatchObject({ status: 'supervised', matterNumber: expect.stringContaining('〔2026〕') });
  });
});

describe('回访 by the citizen and moderation', () => {
  it('rates through the private link: 不满意 reopens once at the level that closed it; the vote counts in 满意率', async () => {
    const ip = newIp();
    const r = await report(ip, { mobile: '13455556666', description: '井盖缺失待修' });
    const id = await idOf(r.ticket);
    expect((await pub('POST', `/api/public/t1/track/${r.token}/rating`, ip, { rating: 'satisfied' })).statusCode).toBe(409); // not closed yet
    await closeIt(id);
    const view = (await pub('GET', `/api/public/t1/track/${r.token}`, ip)).json();
    expect(view).toMatchObject({ statusLabel: '已结案', canRate: true });
    expect(view.steps.map((s: { label: string }) => s.label)).toEqual(['已受理（登记）', '已受理', '已立案', '已派遣', '已处置', '已结案']);
    expect(view.steps[3].text).toBe('派往 区住建局 处理');
    const bad = await pub('POST', `/api/public/t1/track/${r.token}/rating`, ip, { rating: 'unsatisfied', comment: '还是没修好' });
    expect(bad.statusCode, bad.body).toBe(200);
    expect(bad.json()).toMatchObject({ statusLabel: '已立案', canRate: false });
    const p = await rt.db.selectFrom('grid_problems').select(['reopen_count', 'hold_level', 'status']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(p).toEqual({ reopen_count: 1, hold_level: 'cell', status: 'registered' });
    await dispatchProblem(rt, gridA, id, { unitId: t.units.housing });
    await signProblem(rt, housing, id);
    await handleProblem(rt, housing, id, { result: '重新补装', photoIds: [] });
    await verifyProblem(rt, gridA, id, { pass: true, photoIds: [] });
    const second = await pub('POST', `/api/public/t1/track/${r.token}/rating`, ip, { rating: 'unsatisfied' });
    expect(second.json()).toMatchObject({ statusLabel: '已回访', rating: 'unsatisfied' }); // reopens only once
    const rate = await unitSatisfaction(rt.db, t.tenantId, t.units.housing, { from: '2026-01-01', to: '2026-12-31' });
    expect(rate.rate).not.toBeNull(); // counted (the tenant's points for 不满意)
    const votes = await rt.db.selectFrom('satisfaction_ratings').select(['level', 'channel', 'rater']).where('unit_id', '=', t.units.housing).execute();
    expect(votes).toEqual([
      { level: 'unsatisfied', channel: 'grid_visit', rater: 'citizen' },
      { level: 'unsatisfied', channel: 'grid_visit', rater: 'citizen' },
    ]);
  });

  it('hides a sentence and a photo from the public view, with the reason traced and the reporter told', async () => {
    const ip = newIp();
    const up = (await app.inject({ method: 'POST', url: '/api/public/t1/photos', remoteAddress: ip, ...multipartBody({}, await jpegWithGps(), 'p.jpg', 'image/jpeg') })).json();
    const r = await report(ip, { mobile: '13377778888', description: '井盖缺失。隔壁张三家总是乱倒垃圾。', photos: [up] });
    const id = await idOf(r.ticket);
    const hideText = await app.inject({ method: 'POST', url: `/api/citizens/problems/${id}/moderate`, headers: as(office), payload: { kind: 'text', text: '隔壁张三家总是乱倒垃圾。', reason: '涉及他人隐私' } });
    expect(hideText.statusCode, hideText.body).toBe(200);
    rt.clock.advance(60_000);
    const hidePhoto = await app.inject({ method: 'POST', url: `/api/citizens/problems/${id}/moderate`, headers: as(office), payload: { kind: 'photo', photoId: up.id, reason: '照片拍到人脸' } });
    expect(hidePhoto.statusCode, hidePhoto.body).toBe(200);
    const missing = await app.inject({ method: 'POST', url: `/api/citizens/problems/${id}/moderate`, headers: as(office), payload: { kind: 'text', text: '没有这句话', reason: '测试' } });
    expect(missing.statusCode).toBe(400);
    const view = (await pub('GET', `/api/public/t1/track/${r.token}`, ip)).json();
    expect(view.description).toBe('井盖缺失。【该内容已隐去】');
    expect(view.photos).toEqual([]);
    const traced = await rt.db.selectFrom('trace').select('action').where('action', '=', 'citizen.moderate').where('entity_id', '=', id).execute();
    expect(traced).toHaveLength(2);
    expect(await rt.db.selectFrom('outbox').select('id').where('kind', '=', 'citizen.moderated').execute()).toHaveLength(2);
  });

  it('lists recently resolved problems by street without personal data', async () => {
    const res = await pub('GET', '/api/public/t1/resolved', newIp());
    expect(res.statusCode).toBe(200);
    expect(res.json().streets.map((s: { name: string }) => s.name)).toContain('五里堡街道');
    expect(res.body).not.toMatch(/1[3-9]\d{9}/);
    // The rated problem above was closed in 第一网格, under 五里堡街道: it shows under its street, by that street's filter too.
    expect(res.json().items[0]).toMatchObject({ area: '五里堡街道', categoryName: '井盖缺失破损' });
    const byStreet = await pub('GET', `/api/public/t1/resolved?street=${g.cells.street}`, newIp());
    expect(byStreet.json().items.length).toBe(res.json().items.length);
  });
});

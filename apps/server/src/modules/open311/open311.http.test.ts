import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, login, seedTenant, testApp, type Session } from '../../../test/fixtures';
import { createTestRuntime, type TestRuntime } from '../../../test/runtime';
import { seedGrid } from '../grid/grid.fixtures';

// Open311 GeoReport v2 against the spec's own examples (wiki.open311.org/GeoReport_v2), adapted to our services.
let rt: TestRuntime;
let app: FastifyInstance;
let g: Awaited<ReturnType<typeof seedGrid>>;
let sec: Session;
let key = '';
const BASE = '/api/open311/t1/v2';
// Requests per key per minute here (the clock stands still, so every POST of this file counts in one window).
const LIMIT = 20;
const FORM = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };
const xml = new XMLParser({ parseTagValue: false, isArray: (name) => ['service', 'request', 'error', 'attribute', 'value', 'note'].includes(name) });

// The element names the spec gives each resource (plus our documented extensions).
const SERVICE_FIELDS = ['service_code', 'service_name', 'description', 'metadata', 'type', 'keywords', 'group'];
const REQUEST_FIELDS = ['service_request_id', 'status', 'status_notes', 'service_name', 'service_code', 'description', 'agency_responsible', 'service_notice', 'requested_datetime', 'updated_datetime', 'expected_datetime', 'address', 'lat', 'long', 'media_url'];
const EXTENSIONS = ['extended_attributes', 'notes'];

beforeAll(async () => {
  rt = await createTestRuntime({ at: '2026-11-18T02:00:00Z', config: { rateLimitOpen311: LIMIT } });
  const t = await seedTenant(rt);
  g = await seedGrid(rt, t);
  await seedTenant(rt, 't2');
  app = await testApp(rt);
  sec = await login(app, 't1sec');
  const issued = await app.inject({ method: 'POST', url: '/api/open311/keys', headers: as(sec), payload: { name: '市城市服务App' } });
  expect(issued.statusCode, issued.body).toBe(200);
  key = issued.json().key;
});
afterAll(async () => {
  await app.close();
  await rt.close();
});

// The spec's example POST body, with our service code, a point in 第一网格 and a Chinese mobile.
const specExample = (apiKey: string, extra: Record<string, string> = {}) =>
  new URLSearchParams({
    api_key: apiKey,
    jurisdiction_id: 't1',
    service_code: 'SJ0304',
    lat: String(g.points.a.lat),
    long: String(g.points.a.lon),
    address_string: '工人路 1234 号',
    email: 'smit333@sfgov.edu',
    device_id: 'tt222111',
    account_id: '123456',
    first_name: 'john',
    last_name: 'smith',
    phone: '13812345678',
    description: 'A large sinkhole is destroying the street',
    media_url: 'http://farm3.static.flickr.com/2002/2212426634_5ed477a060.jpg',
    'attribute[urgency]': 'urgent',
    ...extra,
  }).toString();

const postRequest = (format: 'json' | 'xml', body: string) => app.inject({ method: 'POST', url: `${BASE}/requests.${format}`, headers: FORM, payload: body });

describe('GET services and a service definition', () => {
  it('lists the public leaf categories as services, in JSON and in well-formed XML with the spec\'s elements', async () => {
    const res = await app.inject({ url: `${BASE}/services.json?jurisdiction_id=t1` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    const services = res.json() as Record<string, unknown>[];
    const pothole = services.find((s) => s.service_code === 'SJ0304');
    expect(pothole).toEqual({ service_code: 'SJ0304', service_name: '道路破损未修复', description: '事件 · 施工管理：道路破损未修复', metadata: true, type: 'realtime', keywords: '道路破损未修复, 施工管理, 事件', group: '施工管理' });
    expect(services.some((s) => s.service_code === 'SJ03')).toBe(false); // a major class is a group, not a service
    for (const s of services) expect(Object.keys(s).sort()).toEqual([...SERVICE_FIELDS].sort());

    const x = await app.inject({ url: `${BASE}/services.xml` });
    expect(x.headers['content-type']).toBe('text/xml; charset=utf-8');
    expect(x.body.startsWith('<?xml version="1.0" encoding="utf-8"?>')).toBe(true);
    expect(XMLValidator.validate(x.body)).toBe(true);
    const doc = xml.parse(x.body) as { services: { service: Record<string, string>[] } };
    expect(doc.services.service).toHaveLength(services.length);
    expect(doc.services.service.find((s) => s.service_code === 'SJ0304')).toMatchObject({ service_name: '道路破损未修复', metadata: 'true', type: 'realtime', group: '施工管理' });
  });

  it('defines a service\'s attributes (the urgency list) as the spec\'s example does', async () => {
    const res = await app.inject({ url: `${BASE}/services/SJ0304.json` });
    expect(res.json()).toEqual({
      service_code: 'SJ0304',
      attributes: [
        {
          variable: true,
          code: 'urgency',
          datatype: 'singlevaluelist',
          required: false,
          datatype_description: '不填为“一般”',
          order: 1,
          description: '紧急程度（不填时按问题类别的默认紧急程度）',
          values: [
            { key: 'normal', name: '一般' },
            { key: 'urgent', name: '紧急' },
            { key: 'critical', name: '特急' },
          ],
        },
      ],
    });
    const x = await app.inject({ url: `${BASE}/services/SJ0304.xml` });
    expect(XMLValidator.validate(x.body)).toBe(true);
    const def = xml.parse(x.body).service_definition;
    expect(def.service_code).toBe('SJ0304');
    expect(def.attributes.attribute[0]).toMatchObject({ variable: 'true', code: 'urgency', datatype: 'singlevaluelist', required: 'false', order: '1' });
    expect(def.attributes.attribute[0].values.value.map((v: { key: string }) => v.key)).toEqual(['normal', 'urgent', 'critical']);
  });
});

describe('POST a request, then follow it', () => {
  let id = '';
  it('takes the spec\'s example request and answers the id at once (realtime), the ticket in service_notice', async () => {
    const res = await postRequest('json', specExample(key));
    expect(res.statusCode, res.body).toBe(200);
    const [r] = res.json();
    expect(Object.keys(r)).toEqual(['service_request_id', 'service_notice', 'account_id']);
    expect(r.service_request_id).toMatch(/^\d+$/);
    expect(r.service_notice).toMatch(/^已受理，受理编号 WG20261118\d{6}/);
    id = r.service_request_id;
    const p = await rt.db.selectFrom('grid_problems').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(p).toMatchObject({ source: 'open311', urgency: 'urgent', cell_id: g.cells.cellA, reporter_name: 'smithjohn', description: 'A large sinkhole is destroying the street' });
    expect(p.reporter_mobile_enc).toMatch(/^s4:/); // sealed at rest
    const extra = await rt.db.selectFrom('open311_requests').selectAll().where('problem_id', '=', id).executeTakeFirstOrThrow();
    expect(extra).toMatchObject({ media_url: 'http://farm3.static.flickr.com/2002/2212426634_5ed477a060.jpg', device_id: 'tt222111', account_id: '123456' });
    expect(extra.email_enc).toMatch(/^s4:/);

    const x = await postRequest('xml', specExample(key, { description: '井盖旁路面塌了一块，请联系 13912345678', lat: '', long: '' }));
    expect(x.statusCode, x.body).toBe(200);
    expect(XMLValidator.validate(x.body)).toBe(true);
    const req = xml.parse(x.body).service_requests.request[0];
    expect(req.service_request_id).toMatch(/^\d+$/);
    expect(req.account_id).toBe('');
  });

  it('GETs it by id in both formats, with the spec\'s fields, +08:00 datetimes and no personal data', async () => {
    const res = await app.inject({ url: `${BASE}/requests/${id}.json` });
    expect(res.statusCode).toBe(200);
    const [r] = res.json();
    expect(r).toMatchObject({
      service_request_id: id,
      status: 'open',
      status_notes: '待受理：位于五里堡街道幸福路社区第一网格内',
      service_name: '道路破损未修复',
      service_code: 'SJ0304',
      description: 'A large sinkhole is destroying the street',
      requested_datetime: '2026-11-18T10:00:00+08:00',
      updated_datetime: '2026-11-18T10:00:00+08:00',
      address: '工人路 1234 号',
      lat: g.points.a.lat,
      long: g.points.a.lon,
      media_url: 'http://farm3.static.flickr.com/2002/2212426634_5ed477a060.jpg',
      extended_attributes: { ticket: expect.stringMatching(/^WG/), grid_status: 'reported', urgency: 'urgent' },
    });
    expect(r.expected_datetime).toMatch(/^2026-11-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/);
    expect(r.notes[0]).toMatchObject({ datetime: '2026-11-18T10:00:00+08:00', description: '上报' });
    for (const k of Object.keys(r)) expect([...REQUEST_FIELDS, ...EXTENSIONS]).toContain(k);
    for (const secret of ['13812345678', 'smith', 'john', 'smit333', 'tt222111', '123456']) expect(res.body).not.toContain(secret);

    const x = await app.inject({ url: `${BASE}/requests/${id}.xml` });
    expect(XMLValidator.validate(x.body)).toBe(true);
    const req = xml.parse(x.body).service_requests.request[0];
    expect(req).toMatchObject({ service_request_id: id, status: 'open', service_code: 'SJ0304', requested_datetime: '2026-11-18T10:00:00+08:00' });
    for (const k of Object.keys(req)) expect([...REQUEST_FIELDS, ...EXTENSIONS]).toContain(k);
  });

  it('masks a number a reporter wrote into the description', async () => {
    const list = (await app.inject({ url: `${BASE}/requests.json?status=open` })).json() as { description: string; lat: number | null }[];
    const byAddress = list.find((r) => r.lat === null);
    expect(byAddress?.description).toBe('井盖旁路面塌了一块，请联系 139****5678');
  });

  it('leaves out what staff hid on the citizens\' page (moderation), in the request and its notes', async () => {
    const office = await login(app, 't1dcb');
    const hide = await app.inject({ method: 'POST', url: `/api/citizens/problems/${id}/moderate`, headers: as(office), payload: { kind: 'text', text: 'destroying the street', reason: '测试隐去' } });
    expect(hide.statusCode, hide.body).toBe(200);
    const [r] = (await app.inject({ url: `${BASE}/requests/${id}.json` })).json() as { description: string; notes: { summary: string | null }[] }[];
    expect(r?.description).toBe('A large sinkhole is 【该内容已隐去】');
    expect(JSON.stringify(r)).not.toContain('destroying the street');
    const [listed] = (await app.inject({ url: `${BASE}/requests.json?service_request_id=${id}` })).json() as { description: string }[];
    expect(listed?.description).toBe('A large sinkhole is 【该内容已隐去】');
  });

  it('filters GET requests as the spec says: id list overrides, service_code, dates at most 90 days apart, status', async () => {
    const all = (await app.inject({ url: `${BASE}/requests.json` })).json() as { service_request_id: string; status: string }[];
    expect(all.length).toBe(2);
    expect((await app.inject({ url: `${BASE}/requests.json?service_request_id=${id},99999&status=closed` })).json().map((r: { service_request_id: string }) => r.service_request_id)).toEqual([id]);
    expect((await app.inject({ url: `${BASE}/requests.json?service_code=SJ0101` })).json()).toEqual([]);
    expect((await app.inject({ url: `${BASE}/requests.json?service_code=SJ0101,SJ0304&status=open` })).json()).toHaveLength(2);
    expect((await app.inject({ url: `${BASE}/requests.json?status=closed` })).json()).toEqual([]);
    expect((await app.inject({ url: `${BASE}/requests.json?start_date=2026-11-01T00:00:00Z&end_date=2026-11-17T00:00:00Z` })).json()).toEqual([]);
    expect((await app.inject({ url: `${BASE}/requests.json?start_date=2026-11-18T00:00:00%2B08:00&end_date=2026-11-19T00:00:00%2B08:00` })).json()).toHaveLength(2);
    expect((await app.inject({ url: `${BASE}/requests.json?page_size=1&page=2` })).json()).toHaveLength(1);

    const far = await app.inject({ url: `${BASE}/requests.xml?start_date=2010-05-24T00:00:00Z&end_date=2010-09-24T00:00:00Z&status=open` });
    expect(far.statusCode).toBe(400);
    expect(xml.parse(far.body).errors.error[0]).toEqual({ code: '400', description: 'end_date：与 start_date 相隔不能超过 90 天' });
    const badStatus = await app.inject({ url: `${BASE}/requests.json?status=pending` });
    expect(badStatus.json()).toEqual([{ code: 400, description: 'status：“pending”不是有效的状态，可填 open、closed' }]);
  });

  it('reports a closed problem as closed, updated when it was closed', async () => {
    await rt.db.updateTable('grid_problems').set({ status: 'closed', closed_at: new Date('2026-11-19T01:30:00Z') }).where('id', '=', id).execute();
    const [r] = (await app.inject({ url: `${BASE}/requests/${id}.json` })).json();
    expect(r).toMatchObject({ status: 'closed', updated_datetime: '2026-11-19T09:30:00+08:00', status_notes: expect.stringMatching(/^已结案/) });
    expect((await app.inject({ url: `${BASE}/requests.json?status=closed` })).json()).toHaveLength(1);
  });

  it('resolves a token (the 受理编号) to the request id', async () => {
    const ticket = (await rt.db.selectFrom('grid_problems').select('ticket').where('id', '=', id).executeTakeFirstOrThrow()).ticket;
    expect((await app.inject({ url: `${BASE}/tokens/${ticket}.json` })).json()).toEqual([{ service_request_id: id, token: ticket }]);
    const x = await app.inject({ url: `${BASE}/tokens/${ticket}.xml` });
    expect(xml.parse(x.body).service_requests.request[0]).toEqual({ service_request_id: id, token: ticket });
    const missing = await app.inject({ url: `${BASE}/tokens/12345.json` });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()[0].code).toBe(404);
  });
});

describe('api_key and errors', () => {
  it('answers 403 in the spec\'s error format without a key, with a wrong key, another tenant\'s key or a revoked one', async () => {
    const none = await postRequest('xml', specExample('').replace('api_key=&', ''));
    expect(none.statusCode).toBe(403);
    expect(XMLValidator.validate(none.body)).toBe(true);
    expect(xml.parse(none.body).errors.error[0]).toEqual({ code: '403', description: 'api_key 未提供：提交服务请求须带上安全管理员签发的接口密钥' });
    const wrong = await postRequest('json', specExample('xyz'));
    expect(wrong.statusCode).toBe(403);
    expect(wrong.json()).toEqual([{ code: 403, description: 'api_key 无效、已过期或已吊销：请向安全管理员申请接口密钥' }]);
    const other = await app.inject({ method: 'POST', url: '/api/open311/t2/v2/requests.json', headers: FORM, payload: specExample(key, { jurisdiction_id: 't2' }) });
    expect(other.statusCode).toBe(403);

    const issued = (await app.inject({ method: 'POST', url: '/api/open311/keys', headers: as(sec), payload: { name: '将被吊销' } })).json();
    const list = (await app.inject({ url: '/api/open311/keys', headers: as(sec) })).json().items as { id: number; name: string; prefix: string; requests: number }[];
    expect(list.find((k) => k.name === '市城市服务App')).toMatchObject({ requests: 2, prefix: key.slice(0, 9) });
    expect(JSON.stringify(list)).not.toContain(key);
    expect((await app.inject({ method: 'DELETE', url: `/api/open311/keys/${issued.id}`, headers: as(sec) })).statusCode).toBe(200);
    const revoked = await postRequest('json', specExample(issued.key));
    expect(revoked.statusCode).toBe(403);
    const traced = await rt.db.selectFrom('trace').select(['action', 'entity_type']).where('entity_type', '=', 'open311_key').orderBy('id').execute();
    expect(traced.map((e) => e.action)).toEqual(['token.issue', 'token.issue', 'token.revoke']);
  });

  it('lets only the security admin issue keys', async () => {
    const office = await login(app, 't1dcb');
    expect((await app.inject({ method: 'POST', url: '/api/open311/keys', headers: as(office), payload: { name: 'x' } })).statusCode).toBe(403);
  });

  it('names the missing or bad field (400), and 404s an unknown service, request, tenant or format', async () => {
    const cases: [string, number, string][] = [
      [specExample(key, { service_code: '' }), 400, 'service_code：未提供服务代码（见 services 列表）'],
      [specExample(key, { lat: '', long: '', address_string: '' }), 400, 'location：须提供 lat 和 long，或 address_string，或 address_id'],
      [specExample(key, { long: '' }), 400, 'long：lat 和 long 须同时提供'],
      [specExample(key, { phone: '555-1234' }), 400, 'phone：应为 11 位手机号码'],
      [specExample(key, { 'attribute[urgency]': 'asap' }), 400, 'attribute[urgency]：“asap”不是有效的取值，可填 normal、urgent、critical'],
      [specExample(key, { service_code: 'NOPE' }), 404, '没有这个服务代码（service_code）'],
      [specExample(key, { jurisdiction_id: 'sfgov.org' }), 404, '没有这个辖区（jurisdiction）'],
    ];
    for (const [body, status, description] of cases) {
      const res = await postRequest('json', body);
      expect([res.statusCode, res.json()]).toEqual([status, [{ code: status, description }]]);
    }
    expect((await app.inject({ url: `${BASE}/services/NOPE.json` })).statusCode).toBe(404);
    expect((await app.inject({ url: `${BASE}/requests/99999.json` })).json()).toEqual([{ code: 404, description: '没有这个服务请求（service_request_id）' }]);
    expect((await app.inject({ url: '/api/open311/nowhere/v2/services.xml' })).statusCode).toBe(404);
    const csv = await app.inject({ url: `${BASE}/services.csv` });
    expect(csv.statusCode).toBe(404);
    expect(XMLValidator.validate(csv.body)).toBe(true);
  });

  it('limits each key per minute (429 with Retry-After)', async () => {
    const own = (await app.inject({ method: 'POST', url: '/api/open311/keys', headers: as(sec), payload: { name: '限流测试' } })).json().key as string;
    const codes: number[] = [];
    for (let i = 0; i < LIMIT; i++) codes.push((await postRequest('json', specExample(own, { service_code: '' }))).statusCode);
    expect(codes.every((c) => c === 400)).toBe(true);
    const last = await postRequest('json', specExample(own, { service_code: '' }));
    expect(last.statusCode).toBe(429);
    expect(Number(last.headers['retry-after'])).toBeGreaterThan(0);
    expect(last.json()[0].code).toBe(429);
  });

  it('makes a retry with the same Idempotency-Key one request (the XML answer replayed as it was)', async () => {
    const body = specExample(key, { description: '重发测试：人行道砖松动' });
    const headers = { ...FORM, 'idempotency-key': 'open311-retry-0001' };
    const first = await app.inject({ method: 'POST', url: `${BASE}/requests.xml`, headers, payload: body });
    const again = await app.inject({ method: 'POST', url: `${BASE}/requests.xml`, headers, payload: body });
    expect(again.headers['idempotency-replayed']).toBe('true');
    expect(again.headers['content-type']).toBe('text/xml; charset=utf-8');
    expect(again.body).toBe(first.body);
    expect(await rt.db.selectFrom('grid_problems').select('id').where('description', '=', '重发测试：人行道砖松动').execute()).toHaveLength(1);
  });

  it('never answers garbage with a 5xx, and always in the spec\'s error format', async () => {
    const bodies = ['', '{', '[]', '42', JSON.stringify({ api_key: key, service_code: { $gt: '' }, lat: [1, 2] }), JSON.stringify({ api_key: key, service_code: 'SJ0304', lat: 'NaN', long: 'x', address_string: 'y' })];
    for (const payload of bodies) {
      const res = await app.inject({ method: 'POST', url: `${BASE}/requests.json`, headers: { 'content-type': 'application/json' }, payload });
      expect(res.statusCode, `${payload} → ${res.body}`).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, payload).toBeLessThan(500);
      expect(res.json()[0]).toHaveProperty('description');
    }
    for (const id of ['0', '-1', 'abc', '99999999999999999999', "1' or '1'='1"]) {
      for (const url of [`${BASE}/requests/${encodeURIComponent(id)}.xml`, `${BASE}/tokens/${encodeURIComponent(id)}.xml`, `${BASE}/requests.xml?service_request_id=${encodeURIComponent(id)}`, `${BASE}/requests.xml?page=${encodeURIComponent(id)}`]) {
        const res = await app.inject({ url });
        expect(res.statusCode, url).toBeLessThan(500);
        if (res.statusCode >= 400) expect(XMLValidator.validate(res.body), url).toBe(true);
      }
    }
  });

  it('serves the discovery document', async () => {
    const d = (await app.inject({ url: '/api/open311/t1/discovery.json' })).json();
    expect(d.endpoints[0]).toMatchObject({ specification: 'http://wiki.open311.org/GeoReport_v2', url: expect.stringMatching(/\/api\/open311\/t1\/v2$/), formats: ['text/xml', 'application/json'] });
    expect(XMLValidator.validate((await app.inject({ url: '/api/open311/t1/discovery.xml' })).body)).toBe(true);
  });
});

describe('one transaction, CORS and the description cap', () => {
  let own = '';
  let office: Session;
  beforeAll(async () => {
    own = (await app.inject({ method: 'POST', url: '/api/open311/keys', headers: as(sec), payload: { name: '跨域测试' } })).json().key as string;
    office = await login(app, 't1dcb');
  });
  const problems = async () => Number((await rt.db.selectFrom('grid_problems').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  it('writes the problem and its request row together or not at all', async () => {
    const ok = await postRequest('json', specExample(own, { description: '事务测试：路灯不亮' }));
    expect(ok.statusCode, ok.body).toBe(200);
    const id = ok.json()[0].service_request_id as string;
    expect(await rt.db.selectFrom('open311_requests').select('problem_id').where('problem_id', '=', id).execute()).toHaveLength(1);
    // The request row's insert fails (a test-only trigger): the problem written before it in the request goes too.
    await sql`create function open311_fail() returns trigger language plpgsql as $$ begin raise exception 'open311 row refused'; end $$`.execute(rt.owner);
    await sql`create trigger open311_fail before insert on open311_requests for each row execute function open311_fail()`.execute(rt.owner);
    try {
      const before = await problems();
      const failed = await postRequest('json', specExample(own, { description: '事务测试：不应留下' }));
      expect(failed.statusCode).toBe(500);
      expect(failed.json()[0].description).toBe('服务器内部错误，请稍后重试');
      expect(await problems()).toBe(before);
    } finally {
      await sql`drop trigger open311_fail on open311_requests`.execute(rt.owner);
      await sql`drop function open311_fail()`.execute(rt.owner);
    }
  });

  it('refuses a description over 2000 characters, saying the cap is every channel\'s and the spec allows 4000', async () => {
    const res = await postRequest('json', specExample(own, { description: '坑'.repeat(2001) }));
    expect(res.statusCode).toBe(400);
    expect(res.json()[0].description).toBe('description：不能超过 2000 个字（本系统各渠道统一上限，GeoReport v2 规范允许 4000 字；本次 2001 字）');
    expect((await postRequest('json', specExample(own, { description: '坑'.repeat(2000) }))).statusCode).toBe(200);
  });

  it('answers CORS only for the origins the tenant allows, preflight included', async () => {
    const origin = 'https://city.example.cn';
    const get = (o: string) => app.inject({ url: `${BASE}/services.json`, headers: { origin: o } });
    expect((await get(origin)).headers['access-control-allow-origin']).toBeUndefined(); // none allowed by default
    const put = await app.inject({ method: 'PUT', url: '/api/citizens/settings', headers: as(office), payload: { open311Origins: [origin, 'https://app.example.cn:8443'] } });
    expect(put.statusCode, put.body).toBe(200);
    const bad = await app.inject({ method: 'PUT', url: '/api/citizens/settings', headers: as(office), payload: { open311Origins: ['city.example.cn/path'] } });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('来源应为');
    const res = await get(origin);
    expect(res.headers['access-control-allow-origin']).toBe(origin);
    expect(res.headers.vary).toContain('Origin');
    expect((await get('https://evil.example.com')).headers['access-control-allow-origin']).toBeUndefined();
    const pre = await app.inject({ method: 'OPTIONS', url: `${BASE}/requests.json`, headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } });
    expect(pre.statusCode).toBe(204);
    expect(pre.headers['access-control-allow-origin']).toBe(origin);
    expect(pre.headers['access-control-allow-methods']).toContain('POST');
    expect(String(pre.headers['access-control-allow-headers']).toLowerCase()).toContain('content-type');
    const preBad = await app.inject({ method: 'OPTIONS', url: `${BASE}/requests.json`, headers: { origin: 'https://evil.example.com', 'access-control-request-method': 'POST' } });
    expect(preBad.headers['access-control-allow-origin']).toBeUndefined();
    // An error answer carries it too, so the page can read the spec's error.
    const err = await app.inject({ method: 'POST', url: `${BASE}/requests.json`, headers: { ...FORM, origin }, payload: 'api_key=wrong&service_code=SJ0304&address_string=x' });
    expect(err.statusCode).toBe(403);
    expect(err.headers['access-control-allow-origin']).toBe(origin);
    await app.inject({ method: 'PUT', url: '/api/citizens/settings', headers: as(office), payload: { open311Origins: ['*'] } });
    expect((await get('https://any.example.org')).headers['access-control-allow-origin']).toBe('*');
  });
});

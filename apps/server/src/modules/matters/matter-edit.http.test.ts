import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, login, seedTenant, testApp, type Session } from '../../../test/fixtures';
import { createTestRuntime, type TestRuntime } from '../../../test/runtime';

// 修改 after an approved extension (issue 12, item 1): an edit never moves a deadline it did not mean to.
let rt: TestRuntime;
let app: FastifyInstance;
let t: Awaited<ReturnType<typeof seedTenant>>;
const s: Record<string, Session> = {};

type Json = Record<string, unknown> & { id: number; version: number; deadline: string; originalDeadline: string; content: string };

const call = async (who: string, method: 'POST' | 'PUT', url: string, payload: unknown = {}) => app.inject({ method, url, headers: as(s[who]!), payload: payload as object });
const base = (extra: Record<string, unknown> = {}) => ({ title: '背街小巷整治', content: '整治 12 条背街小巷', source: 'superior', leadUnitId: t.units.street, startDate: '2026-12-01', deadline: '2027-01-29', ...extra });

/** Registers, assigns, signs, and has an extension to 2027-02-26 approved. */
async function extendedMatter(extra: Record<string, unknown> = {}): Promise<Json> {
  const m: Json = (await call('dcb', 'POST', '/api/matters', base(extra))).json();
  expect((await call('dcb', 'POST', `/api/matters/${m.id}/assign`, { version: m.version })).statusCode).toBe(200);
  expect((await call('liaison', 'POST', `/api/matters/${m.id}/sign`)).statusCode).toBe(200);
  const ext = await call('liaison', 'POST', `/api/matters/${m.id}/extensions`, { requestedDeadline: '2027-02-26', reason: '春节期间停工' });
  const eid = (ext.json().extensions as { id: number }[])[0]!.id;
  const decided: Json = (await call('dcb', 'POST', `/api/matters/${m.id}/extensions/${eid}/decision`, { approve: true })).json();
  expect(decided.deadline).toBe('2027-02-26');
  return decided;
}

async function traceOf(id: number) {
  return rt.db.selectFrom('trace').select(['action', 'before', 'after']).where('entity_type', '=', 'matter').where('entity_id', '=', String(id)).orderBy('seq').execute();
}

describe('editing a matter after an approved extension', () => {
  beforeAll(async () => {
    rt = await createTestRuntime({ at: '2026-12-01T02:00:00Z' });
    t = await seedTenant(rt, 'e1');
    app = await testApp(rt);
    for (const [k, u] of Object.entries({ dcb: 'e1dcb', liaison: 'e1liaison' })) s[k] = await login(app, u);
  });
  afterAll(async () => {
    await app.close();
    await rt.close();
  });

  it('saves a content-only edit that still carries the pre-extension deadline without undoing the extension', async () => {
    const m = await extendedMatter();
    const res = await call('dcb', 'PUT', `/api/matters/${m.id}`, { ...base({ content: '整治 15 条背街小巷' }), version: m.version });
    expect(res.statusCode, res.body).toBe(200);
    const after: Json = res.json();
    expect(after.content).toBe('整治 15 条背街小巷');
    expect(after.deadline).toBe('2027-02-26');
    expect(after.originalDeadline).toBe('2027-01-29');
    const update = (await traceOf(m.id)).filter((r) => r.action === 'matter.update').at(-1);
    expect(update?.after).toMatchObject({ deadline: '2027-02-26' });
    expect(update?.before).toMatchObject({ deadline: '2027-02-26' });
  });

  it('keeps the extension when the edit counts the deadline in working days from the start again', async () => {
    const m = await extendedMatter({ deadline: null, deadlineWorkdays: 40 });
    const res = await call('dcb', 'PUT', `/api/matters/${m.id}`, { ...base({ deadline: null, deadlineWorkdays: 40, title: '背街小巷整治（一期）' }), version: m.version });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().deadline).toBe('2027-02-26');
  });

  it('refuses a deliberate deadline change after an extension without its own reason, and traces it with one', async () => {
    const m = await extendedMatter();
    const bare = await call('dcb', 'PUT', `/api/matters/${m.id}`, { ...base({ deadline: '2027-03-31' }), version: m.version });
    expect(bare.statusCode, bare.body).toBe(400);
    expect(bare.json().error).toBe('validation_failed');
    expect(bare.json().details.map((d: { field: string }) => d.field)).toContain('deadlineChangeReason');
    expect((await call('dcb', 'PUT', `/api/matters/${m.id}`, { ...base({ deadline: '2027-03-31' }), deadlineChangeReason: 'x'.repeat(600), version: m.version })).statusCode).toBe(400);

    const res = await call('dcb', 'PUT', `/api/matters/${m.id}`, { ...base({ deadline: '2027-03-31' }), deadlineChangeReason: '区委常委会决定延后', version: m.version });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().deadline).toBe('2027-03-31');
    const change = (await traceOf(m.id)).find((r) => r.action === 'matter.deadline_change');
    expect(change?.before).toEqual({ deadline: '2027-02-26' });
    expect(change?.after).toEqual({ deadline: '2027-03-31', reason: '区委常委会决定延后' });
  });

  it('still lets the office set the deadline freely before any extension', async () => {
    const m: Json = (await call('dcb', 'POST', '/api/matters', base())).json();
    const res = await call('dcb', 'PUT', `/api/matters/${m.id}`, { ...base({ deadline: '2027-02-10' }), version: m.version });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().deadline).toBe('2027-02-10');
  });
});

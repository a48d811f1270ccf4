import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, login, seedTenant, testApp } from '../../../test/fixtures';
import { createTestRuntime, type TestRuntime } from '../../../test/runtime';
import { JOBS } from '../../jobs';

// Security events (等保 安全审计): in the trace, with outcome and source address, filtered by the auditor, never purged.
let rt: TestRuntime;
let app: FastifyInstance;
let t: Awaited<ReturnType<typeof seedTenant>>;

type Entry = { action: string; ip: string | null; after: { outcome?: string } | null };

describe('security events', () => {
  beforeAll(async () => {
    rt = await createTestRuntime();
    t = await seedTenant(rt);
    app = await testApp(rt);
  });
  afterAll(async () => {
    await app.close();
    await rt.close();
  });

  it('records sign-in failures, exports and the auditor’s own queries, and lets the auditor filter them', async () => {
    await app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: '203.0.113.31', payload: { username: 't1dcb', password: 'Wrong#pass1' } });
    const dcb = await login(app, 't1dcb');
    expect((await app.inject({ url: '/api/matters/export.xlsx', headers: as(dcb) })).statusCode).toBe(200);
    await app.inject({ method: 'POST', url: '/api/auth/logout', headers: as(dcb) });
    const audit = await login(app, 't1audit');

    const failures = await app.inject({ url: '/api/trace?category=security&outcome=failure', headers: as(audit) });
    expect(failures.statusCode).toBe(200);
    const items: Entry[] = failures.json().items;
    expect(items.map((i) => i.action)).toEqual(['auth.login_failed']);
    expect(items[0]).toMatchObject({ ip: '203.0.113.31', after: { outcome: 'failure' } });

    const all = await app.inject({ url: '/api/trace?category=security', headers: as(audit) });
    const actions = (all.json().items as Entry[]).map((i) => i.action);
    expect(actions).toEqual(expect.arrayContaining(['auth.login', 'auth.login_failed', 'auth.logout', 'export.matters', 'trace.query']));
    // Business changes are not security events.
    expect(actions.every((a) => !a.startsWith('matter.'))).toBe(true);
    const byAddress = await app.inject({ url: '/api/trace?category=security&ip=203.0.113.31', headers: as(audit) });
    expect((byAddress.json().items as Entry[]).every((i) => i.ip === '203.0.113.31')).toBe(true);
    // The query itself is recorded with its filter.
    const query = await rt.db.selectFrom('trace').select(['after']).where('action', '=', 'trace.query').orderBy('seq', 'desc').executeTakeFirstOrThrow();
    expect(query.after).toMatchObject({ outcome: 'success', filter: { category: 'security', ip: '203.0.113.31' } });
    // Others may not read the security events.
    expect((await app.inject({ url: '/api/trace?category=security', headers: as(await login(app, 't1sec')) })).statusCode).toBe(403);
  });

  it('keeps every security event when every scheduled clean-up runs, a year later', async () => {
    const before = await rt.db.selectFrom('trace').select((eb) => eb.fn.countAll<number>().as('n')).where('tenant_id', '=', t.tenantId).executeTakeFirstOrThrow();
    rt.clock.advance(365 * 86_400_000);
    for (const job of JOBS.filter((j) => j.name.endsWith('purge'))) await job.run(rt);
    const after = await rt.db.selectFrom('trace').select((eb) => eb.fn.countAll<number>().as('n')).where('tenant_id', '=', t.tenantId).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    expect(JOBS.filter((j) => j.name.endsWith('purge')).map((j) => j.name)).toEqual(['session-purge', 'security-purge']);
  });
});

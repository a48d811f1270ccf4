import type { Role } from '@duban/shared';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertMatter, multipartBody } from '../../test/files-fixtures';
import { as, login, seedTenant, testApp, TEST_PASSWORD, type Session } from '../../test/fixtures';
import { createTestRuntime, type TestRuntime } from '../../test/runtime';
import { insertMeeting } from '../modules/meetings/meeting.fixtures';
import { randomToken, sha256 } from '../lib/crypto';
import { hashPassword } from '../modules/auth/password';
import { AUTHZ_MATRIX, type MatrixRow, type ObjectKind, type World } from './authz-matrix';
import { routeTable } from './route-table';

// Every route × every role × an object in the caller's unit / another unit / another tenant (issue 14).
let rt: TestRuntime;
let app: FastifyInstance;
type Tenant = Awaited<ReturnType<typeof seedTenant>>;
let t1: Tenant;
let t2: Tenant;

type Variant = 'own' | 'other' | 'foreign';
/** Who calls: the account's roles, and which units' records it sees (the street office is "own", 教育局 "other"). */
type Caller = { username: string; roles: readonly Role[]; seesOwn: boolean; seesOther: boolean; session?: Session };
const CALLERS: Caller[] = [
  { username: 't1admin', roles: ['sysadmin'], seesOwn: true, seesOther: true },
  { username: 't1sec', roles: ['secadmin'], seesOwn: true, seesOther: true },
  { username: 't1audit', roles: ['auditor'], seesOwn: true, seesOther: true },
  { username: 't1dcb', roles: ['supervisor', 'inspector'], seesOwn: true, seesOther: true },
  { username: 't1shuji', roles: ['leader'], seesOwn: true, seesOther: true }, // 分管 every unit of the test tenant
  { username: 't1head', roles: ['unit_head'], seesOwn: true, seesOther: false },
  { username: 't1liaison', roles: ['liaison'], seesOwn: true, seesOther: false },
  { username: 't1handler', roles: ['handler'], seesOwn: true, seesOther: false },
  { username: 't1insp', roles: ['inspector'], seesOwn: true, seesOther: false },
  { username: 't1grid', roles: ['grid_leader'], seesOwn: true, seesOther: false },
];
type Anonymous = { username: '(anonymous)' };
const ANONYMOUS: Anonymous = { username: '(anonymous)' };
const isCaller = (c: Caller | Anonymous): c is Caller => 'roles' in c;
// Documentation pages (swagger-ui's static files) are public by design and hold no data.
const OUT_OF_MATRIX = (url: string) => !url.startsWith('/api/') || url.startsWith('/api/docs');
const NO_SUCH_ID = 99_999;

function expectedAllowed(row: MatrixRow, caller: Caller, variant: Variant | null): boolean {
  const { access } = row;
  const roleOk = access === 'public' || access === 'signed-in' || caller.roles.some((r) => access.includes(r));
  if (!roleOk || variant === 'foreign') return false;
  return sees(row, caller, variant);
}

function sees(row: MatrixRow, caller: Caller, variant: Variant | null): boolean {
  if (variant === 'foreign') return false;
  if (!row.scoped || caller.roles.some((r) => row.tenantWideFor?.includes(r))) return true;
  return variant === 'other' ? caller.seesOther : caller.seesOwn;
}

async function version(table: 'matters' | 'units' | 'people' | 'accounts' | 'supervision_reports' | 'meetings', id: number): Promise<number> {
  const r = await rt.db.selectFrom(table).select('version').where('id', '=', id).executeTakeFirst();
  return r?.version ?? 1;
}

// One object of the kind for a variant; `fresh` builds a new one (for routes that delete or change it for good).
async function objectFor(route: string, kind: ObjectKind, variant: Variant, cache: Map<string, number>, fresh: boolean): Promise<{ id: number; version: number }> {
  const t = variant === 'foreign' ? t2 : t1;
  // Per route: an allowed call may move the object (a matter edited into another unit), never another route's.
  const key = `${route}:${variant}`;
  const make = async (): Promise<number> => {
    switch (kind) {
      case 'matter':
        return variant === 'other' ? insertMatter(rt, t, { leadUnitId: t.units.edu, coUnitIds: [] }) : insertMatter(rt, t);
      case 'unit':
        return (await rt.db.insertInto('units').values({ tenant_id: t.tenantId, name: `矩阵${randomToken(4)}`, kind: 'government', parent_id: null }).returning('id').executeTakeFirstOrThrow()).id;
      case 'person':
        return (await rt.db.insertInto('people').values({ tenant_id: t.tenantId, unit_id: t.units.edu, name: '矩阵人员', rank: 'staff' }).returning('id').executeTakeFirstOrThrow()).id;
      case 'account':
        return (
          await rt.db
            .insertInto('accounts')
            .values({ tenant_id: t.tenantId, username: `victim${randomToken(5).replace(/[^a-z0-9]/gi, 'x')}`, display_name: '受测', password_hash: 'x', roles: [] })
            .returning('id')
            .executeTakeFirstOrThrow()
        ).id;
      case 'category':
        return (await rt.db.insertInto('categories').values({ tenant_id: t.tenantId, name: `矩阵${randomToken(4)}` }).returning('id').executeTakeFirstOrThrow()).id;
      case 'token': {
        const owner = t.accounts[`${t.code}sec`] ?? 0;
        const secret = randomToken();
        return (
          await rt.db
            .insertInto('api_tokens')
            .values({ tenant_id: t.tenantId, account_id: owner, name: '矩阵', token_hash: sha256(secret), token_prefix: 'dbn_test', created_by: owner })
            .returning('id')
            .executeTakeFirstOrThrow()
        ).id;
      }
      case 'campaign':
      case 'report': {
        const s = await login(app, `${t.code}dcb`);
        const res =
          kind === 'campaign'
            ? await app.inject({ method: 'POST', url: '/api/inspection-campaigns', headers: as(s), payload: { name: '矩阵督查' } })
            : await app.inject({ method: 'POST', url: '/api/reports', headers: as(s), payload: { kind: 'weekly', from: '2026-11-09', to: '2026-11-15' } });
        if (res.statusCode !== 200) throw new Error(`cannot make a ${kind}: ${res.body}`);
        return Number(res.json().id);
      }
      case 'meeting':
      case 'decision': {
        const made = await insertMeeting(rt, t, variant === 'other' ? { unitId: t.units.edu } : {});
        return kind === 'meeting' ? made.meetingId : made.decisionId;
      }
      case 'none':
        return NO_SUCH_ID;
    }
  };
  let id = fresh ? undefined : cache.get(key);
  if (id === undefined) {
    id = await make();
    if (!fresh) cache.set(key, id);
  }
  const table = kind === 'matter' ? 'matters' : kind === 'unit' ? 'units' : kind === 'person' ? 'people' : kind === 'account' ? 'accounts' : kind === 'report' ? 'supervision_reports' : kind === 'meeting' ? 'meetings' : null;
  return { id, version: table ? await version(table, id) : 1 };
}

describe('authorization matrix', () => {
  beforeAll(async () => {
    rt = await createTestRuntime();
    t1 = await seedTenant(rt, 't1');
    t2 = await seedTenant(rt, 't2');
    const extra = async (username: string, role: Role) => {
      const person = await rt.db.insertInto('people').values({ tenant_id: t1.tenantId, unit_id: t1.units.street, name: username, rank: 'staff' }).returning('id').executeTakeFirstOrThrow();
      await rt.db.insertInto('accounts').values({ tenant_id: t1.tenantId, username, display_name: username, password_hash: await hashPassword(TEST_PASSWORD), roles: [role], person_id: person.id }).execute();
    };
    // Matters the API numbers start far above those the fixture writes straight into the table.
    await rt.db.insertInto('number_sequences').values([t1, t2].map((t) => ({ tenant_id: t.tenantId, kind: 'matter', year: 2026, last: 100_000 }))).execute();
    await extra('t1insp', 'inspector');
    await extra('t1grid', 'grid_leader');
    app = await testApp(rt);
    for (const c of CALLERS) c.session = await login(app, c.username);
  });
  afterAll(async () => {
    await app.close();
    await rt.close();
  });

  it('has one row for every route, and no row for a route that is gone', () => {
    const routes = new Set(routeTable(app).filter((r) => r.method !== 'HEAD' && !OUT_OF_MATRIX(r.url)).map((r) => `${r.method} ${r.url}`));
    const missing = [...routes].filter((k) => !AUTHZ_MATRIX[k]);
    const stale = Object.keys(AUTHZ_MATRIX).filter((k) => !routes.has(k));
    expect(missing, 'routes without a row in http/authz-matrix.ts (add one: see docs/security.md)').toEqual([]);
    expect(stale, 'rows in http/authz-matrix.ts for routes that do not exist').toEqual([]);
  });

  it('answers every route as the table says, for every role and object', async () => {
    const problems: string[] = [];
    const cache = new Map<string, number>();
    const sup = CALLERS.find((c) => c.username === 't1dcb');
    for (const { method, url } of routeTable(app)) {
      const row = AUTHZ_MATRIX[`${method} ${url}`];
      if (method === 'HEAD' || OUT_OF_MATRIX(url) || !row || row.skip) continue;
      const kind = row.object;
      const variants: (Variant | null)[] = !url.includes(':id') ? [null] : kind === 'none' || !kind ? ['own'] : row.scoped ? ['own', 'other', 'foreign'] : ['own', 'foreign'];
      const fresh = method === 'DELETE' || kind === 'token';
      for (const variant of variants) {
        // The denied first, then the allowed: an allowed call may change the object (publish, delete).
        const callers: (Caller | Anonymous)[] = [ANONYMOUS, ...CALLERS];
        callers.sort((a, b) => Number(isCaller(a) && expectedAllowed(row, a, variant)) - Number(isCaller(b) && expectedAllowed(row, b, variant)));
        for (const caller of callers) {
          const obj = variant && kind ? await objectFor(`${method} ${url}`, kind, variant, cache, fresh) : { id: NO_SUCH_ID, version: 1 };
          const path = `${url.replace(':id', String(obj.id)).replace(':eid', String(NO_SUCH_ID)).replace(':fileId', String(NO_SUCH_ID)).replace(':date', '2026-12-26').replace(':year', '2027')}${row.query ? `?${row.query}` : ''}`;
          const world: World = {
            units: t1.units,
            people: t1.people,
            id: obj.id,
            version: obj.version,
            read: async (u) => (await app.inject({ url: u, headers: as(sup?.session ?? { cookie: '', csrf: '' }) })).json(),
          };
          const body = row.body ? await row.body(world) : method === 'GET' || method === 'DELETE' ? undefined : {};
          const headers: Record<string, string> = isCaller(caller) && caller.session ? as(caller.session) : {};
          const send = row.multipart
            ? multipartBody(headers, Buffer.from('matrix'), 'matrix.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
            : body === undefined
              ? { headers }
              : { payload: JSON.stringify(body), headers: { ...headers, 'content-type': 'application/json' } };
          const res = await app.inject({ method: method as 'GET', url: path, ...send });
          const anonymous = !isCaller(caller);
          const allowed = isCaller(caller) ? expectedAllowed(row, caller, variant) : row.access === 'public';
          const where = `${method} ${url} as ${caller.username}${variant ? ` on ${variant}` : ''} → ${res.statusCode} ${res.body.slice(0, 100)}`;
          if (res.statusCode >= 500) problems.push(`5xx: ${where}`);
          else if (allowed && (res.statusCode === 401 || res.statusCode === 403 || (res.statusCode === 404 && kind !== 'none' && !!variant && !url.includes(':eid')))) problems.push(`should be allowed: ${where}`);
          else if (!allowed && anonymous && res.statusCode !== 401) problems.push(`anonymous should get 401: ${where}`);
          // A state conflict (409) for a caller who may see the record but not act tells them nothing new.
          else if (!allowed && res.statusCode === 409 && isCaller(caller) && sees(row, caller, variant)) continue;
          else if (!allowed && ![401, 403, 404].includes(res.statusCode)) {
            problems.push(`should be denied${res.statusCode === 400 ? ' (give the row a body that passes validation)' : ''}: ${where}`);
          }
        }
      }
    }
    expect(problems).toEqual([]);
  }, 900_000);
});

import type { Role } from '@duban/shared';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app';
import type { Actor } from '../src/lib/actor';
import { mobileColumns } from '../src/lib/pii-at-rest';
import { loadActor } from '../src/modules/auth/actor.loader';
import { hashPassword } from '../src/modules/auth/password';
import { seedOfficialCalendar } from '../src/modules/calendar/calendar.service';
import type { TestRuntime } from './runtime';

export const TEST_PASSWORD = 'Test@2026pw';

/** A small tenant: supervision office, two departments, a street office with a division, and people in each role. */
export async function seedTenant(rt: TestRuntime, code = 't1') {
  const db = rt.db;
  const tenant = await db.insertInto('tenants').values({ code, name: `测试区${code}`, doc_prefix: '测督', settings: '{}' }).returning('id').executeTakeFirstOrThrow();
  const t = tenant.id;
  await seedOfficialCalendar(db, t);
  // One statement, so the ids follow the list's order on every engine (tests rely on the dictionary's order).
  const categoryRows = await db
    .insertInto('categories')
    .values(['民生实事', '项目建设', '安全生产'].map((name) => ({ tenant_id: t, name })))
    .returning(['id', 'name'])
    .execute();
  const categories: Record<string, number> = Object.fromEntries(categoryRows.map((r) => [r.name, r.id]));
  const unit = async (name: string, kind: 'party' | 'government' | 'street' | 'division' | 'other', parentId: number | null = null) =>
    (await db.insertInto('units').values({ tenant_id: t, name, kind, parent_id: parentId }).returning('id').executeTakeFirstOrThrow()).id;
  const units = {
    leaders: await unit('区领导', 'other'),
    office: await unit('区督查办', 'party'),
    housing: await unit('区住建局', 'government'),
    edu: await unit('区教育局', 'government'),
    street: await unit('五里堡街道办事处', 'street'),
  };
  const division = await unit('城建办', 'division', units.street);
  const person = async (name: string, unitId: number, extra: { title?: string; is_unit_head?: boolean; is_liaison?: boolean; mobile?: string } = {}) =>
    (
      await db
        .insertInto('people')
        .values({ tenant_id: t, unit_id: unitId, name, rank: 'staff', title: extra.title ?? null, ...mobileColumns(rt.secretKey, extra.mobile), is_unit_head: extra.is_unit_head ?? false, is_liaison: extra.is_liaison ?? false })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  const people = {
    leader: await person('李书记', units.leaders, { title: '区委书记' }),
    deputy: await person('赵副区长', units.leaders, { title: '副区长' }),
    supervisor: await person('王督查', units.office, { mobile: '13800000001' }),
    head: await person('街道书记', units.street, { is_unit_head: true, mobile: '13800000002' }),
    liaison: await person('联络员小张', units.street, { is_liaison: true, mobile: '13800000003' }),
    handler: await person('承办人小李', units.street, { mobile: '13800000004' }),
    housingLiaison: await person('住建联络员', units.housing, { is_liaison: true, mobile: '13800000005' }),
  };
  await db
    .insertInto('leader_units')
    .values([units.office, units.housing, units.edu, units.street].map((u) => ({ tenant_id: t, person_id: people.leader, unit_id: u })))
    .execute();
  await db.insertInto('leader_units').values({ tenant_id: t, person_id: people.deputy, unit_id: units.housing }).execute();
  const hash = await hashPassword(TEST_PASSWORD);
  const accountSpecs: Record<string, { roles: Role[]; personId: number | null }> = {
    [`${code}admin`]: { roles: ['sysadmin'], personId: null },
    [`${code}sec`]: { roles: ['secadmin'], personId: null },
    [`${code}audit`]: { roles: ['auditor'], personId: null },
    [`${code}dcb`]: { roles: ['supervisor', 'inspector'], personId: people.supervisor },
    [`${code}shuji`]: { roles: ['leader'], personId: people.leader },
    [`${code}deputy`]: { roles: ['leader'], personId: people.deputy },
    [`${code}head`]: { roles: ['unit_head'], personId: people.head },
    [`${code}liaison`]: { roles: ['liaison'], personId: people.liaison },
    [`${code}handler`]: { roles: ['handler'], personId: people.handler },
    [`${code}hliaison`]: { roles: ['liaison'], personId: people.housingLiaison },
  };
  const accounts: Record<string, number> = {};
  for (const [username, spec] of Object.entries(accountSpecs)) {
    accounts[username] = (
      await db
        .insertInto('accounts')
        .values({ tenant_id: t, username, display_name: username, password_hash: hash, roles: spec.roles, person_id: spec.personId })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  }
  const actor = async (username: string): Promise<Actor> => {
    const id = accounts[username];
    if (id === undefined) throw new Error(`no test account ${username}`);
    const a = await loadActor(db, id, { ip: '127.0.0.1', requestId: 'test' });
    if (!a) throw new Error(`account ${username} not active`);
    return a;
  };
  return { tenantId: t, units, division, people, accounts, actor, code, categories };
}

export type Session = { cookie: string; csrf: string };

/** Logs in through the API and returns the cookies and CSRF token a browser would hold. */
export async function login(app: FastifyInstance, username: string, password = TEST_PASSWORD): Promise<Session> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
  const cookies = res.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  const csrf = res.cookies.find((c) => c.name === 'duban_csrf')?.value ?? '';
  return { cookie: cookies, csrf };
}

/** Headers for a cookie-authenticated request (with the CSRF token for writes). */
export function as(session: Session): Record<string, string> {
  return { cookie: session.cookie, 'x-csrf-token': session.csrf };
}

/** The app over a test runtime, without logging. */
export function testApp(rt: TestRuntime): Promise<FastifyInstance> {
  return buildApp(rt, { logger: false });
}

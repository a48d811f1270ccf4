import type { Rank } from '@duban/shared';
import type { Transaction } from 'kysely';
import type { DB } from '../db/schema';
import { systemActor } from '../lib/actor';
import { inTransaction, type Deps } from '../lib/deps';
import { hashPassword } from '../modules/auth/password';
import { mobileColumns } from '../lib/pii-at-rest';
import { sealSecret } from '../lib/secret';
import { recordTrace } from '../modules/trace/trace.service';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from './demo-accounts';
import { DEMO_LEADERS, DEMO_UNITS } from './demo-org';
import { between, chineseName, mobileNumber, pick, seededRandom } from './random';

/** What later demo steps (matters, grids, scores) build on. */
export type DemoContext = {
  tenantId: number;
  unitIds: Map<string, number>; // by full name
  peopleByUnit: Map<number, number[]>;
  personByAccount: Map<string, number>; // username → person id
  rand: () => number;
};

/** A later issue's contribution to the demo tenant; runs once, right after the organisation. */
export type DemoStep = (deps: Deps, trx: Transaction<DB>, ctx: DemoContext) => Promise<void>;

const DEMO_CODE = 'erqi';

/** True when the demo tenant exists already. */
export async function demoExists(deps: Deps): Promise<boolean> {
  return !!(await deps.db.selectFrom('tenants').select('id').where('code', '=', DEMO_CODE).executeTakeFirst());
}

/**
 * Creates the demo tenant 二七区: ~90 units with divisions, ~700 people with ranks, the district
 * leaders with their 分管 units, the supervision office and the demo accounts; then `steps`.
 * Deterministic: the same data on every machine.
 */
export async function seedDemo(deps: Deps, steps: readonly DemoStep[] = []): Promise<number> {
  const rand = seededRandom(20261122);
  const hash = await hashPassword(DEMO_PASSWORD);
  return inTransaction(deps.db, async (trx) => {
    const tenant = await trx
      .insertInto('tenants')
      .values({ code: DEMO_CODE, name: '郑州市二七区', doc_prefix: '二七督', settings: JSON.stringify({ demo: true }) })
      .returning('id')
      .executeTakeFirstOrThrow();
    const t = tenant.id;
    const unitIds = new Map<string, number>();
    let sort = 0;
    for (const u of DEMO_UNITS) {
      sort += 10;
      const row = await trx
        .insertInto('units')
        .values({ tenant_id: t, kind: u.kind, name: u.name, short_name: u.shortName ?? null, sort, code: `U${String(sort).padStart(4, '0')}` })
        .returning('id')
        .executeTakeFirstOrThrow();
      unitIds.set(u.name, row.id);
      let dsort = 0;
      for (const d of u.divisions ?? []) {
        dsort += 10;
        const div = await trx.insertInto('units').values({ tenant_id: t, parent_id: row.id, kind: 'division', name: d, sort: dsort }).returning('id').executeTakeFirstOrThrow();
        unitIds.set(`${u.name}/${d}`, div.id);
      }
    }
    const unitId = (name: string) => {
      const id = unitIds.get(name);
      if (id === undefined) throw new Error(`demo unit missing: ${name}`);
      return id;
    };

    type NewPerson = {
      tenant_id: number;
      unit_id: number;
      division_id: number | null;
      name: string;
      mobile: string;
      email: string | null;
      rank: Rank;
      title: string;
      wecom_user_id: string;
      is_unit_head: boolean;
      is_liaison: boolean;
      notify_digest: boolean;
    };
    const people: NewPerson[] = [];
    const usedMobiles = new Set<string>();
    const person = (unit: string, title: string, rank: Rank, extra: Partial<NewPerson> = {}): NewPerson => {
      let mobile = mobileNumber(rand);
      while (usedMobiles.has(mobile)) mobile = mobileNumber(rand);
      usedMobiles.add(mobile);
      const p: NewPerson = {
        tenant_id: t,
        unit_id: unitId(unit),
        division_id: null,
        name: chineseName(rand),
        mobile,
        email: null,
        rank,
        title,
        wecom_user_id: `wx${String(people.length + 1).padStart(4, '0')}`,
        is_unit_head: false,
        is_liaison: false,
        notify_digest: false,
        ...extra,
      };
      people.push(p);
      return p;
    };

    const leaders = DEMO_LEADERS.map((l) => person('区领导', l.title, l.deputy ? 'county_deputy' : 'county_principal', { notify_digest: !l.deputy }));
    for (const u of DEMO_UNITS) {
      if (u.name === '区领导') continue;
      const street = u.kind === 'street' || u.kind === 'town';
      const headTitle = street ? (u.kind === 'town' ? '镇党委书记' : '党工委书记') : u.kind === 'enterprise' ? '董事长' : '主要负责人';
      person(u.name, headTitle, 'section_principal', { is_unit_head: true });
      if (street) person(u.name, u.kind === 'town' ? '镇长' : '办事处主任', 'section_principal');
      const deputies = between(rand, 1, street ? 3 : 2);
      for (let i = 0; i < deputies; i++) person(u.name, street ? '党工委副书记' : '副职', 'section_deputy');
      const divisions = u.divisions ?? [];
      const div = (i: number) => {
        const d = divisions[i % Math.max(divisions.length, 1)];
        return d ? unitId(`${u.name}/${d}`) : null;
      };
      person(u.name, '督查联络员', rand() < 0.5 ? 'section_deputy' : 'staff', { is_liaison: true, division_id: div(1) });
      const staff = between(rand, 2, street ? 6 : 5);
      for (let i = 0; i < staff; i++) person(u.name, pick(rand, ['科员', '科员', '项目负责人', '办事员', '科长']), 'staff', { division_id: div(i) });
    }

    // Named people behind the demo accounts.
    const supervisionHead = people.find((p) => p.unit_id === unitId('区委区政府督查办公室') && p.is_unit_head);
    const wulibao = unitId('五里堡街道办事处');
    const liaison = people.find((p) => p.unit_id === wulibao && p.is_liaison);
    const handler = people.find((p) => p.unit_id === wulibao && p.title === '科员') ?? people.find((p) => p.unit_id === wulibao && !p.is_liaison && !p.is_unit_head);
    const it = (title: string) => person('区政务服务和大数据管理局', title, 'staff');
    const admins = { admin: it('系统管理员'), secadmin: it('安全管理员'), auditor: it('审计管理员') };
    if (supervisionHead) supervisionHead.title = '督查办主任';
    if (handler) handler.title = '项目具体负责人';

    const inserted = await trx
      .insertInto('people')
      .values(people.map(({ mobile, ...p }) => ({ ...p, ...mobileColumns(deps.secretKey, mobile) })))
      .returning(['id', 'unit_id'])
      .execute();
    const idOf = (p: NewPerson | undefined) => (p ? inserted[people.indexOf(p)]?.id ?? null : null);
    const peopleByUnit = new Map<number, number[]>();
    for (const r of inserted) peopleByUnit.set(r.unit_id, [...(peopleByUnit.get(r.unit_id) ?? []), r.id]);

    // 分管: the listed units, plus the street offices shared out among the deputies (联系街道).
    const topUnits = DEMO_UNITS.filter((u) => u.name !== '区领导').map((u) => unitId(u.name));
    const streets = DEMO_UNITS.filter((u) => u.kind === 'street' || u.kind === 'town').map((u) => unitId(u.name));
    const leaderRows: { tenant_id: number; person_id: number; unit_id: number }[] = [];
    const deputies = DEMO_LEADERS.map((l, i) => ({ l, id: idOf(leaders[i]) })).filter((x) => x.l.deputy);
    DEMO_LEADERS.forEach((l, i) => {
      const id = idOf(leaders[i]);
      if (id === null) return;
      const ids = l.leads === 'all' ? topUnits : l.leads.map(unitId);
      for (const u of ids) leaderRows.push({ tenant_id: t, person_id: id, unit_id: u });
    });
    streets.forEach((s, i) => {
      const d = deputies[i % deputies.length];
      if (d?.id) leaderRows.push({ tenant_id: t, person_id: d.id, unit_id: s });
    });
    const uniq = new Map(leaderRows.map((r) => [`${r.person_id}/${r.unit_id}`, r]));
    await trx.insertInto('leader_units').values([...uniq.values()]).execute();

    const personFor: Record<string, number | null> = {
      admin: idOf(admins.admin),
      secadmin: idOf(admins.secadmin),
      auditor: idOf(admins.auditor),
      duchaban: idOf(supervisionHead),
      shuji: idOf(leaders[0]),
      liaison: idOf(liaison),
      handler: idOf(handler),
    };
    const personByAccount = new Map<string, number>();
    for (const a of DEMO_ACCOUNTS) {
      const pid = personFor[a.username] ?? null;
      if (pid !== null) personByAccount.set(a.username, pid);
      const p = people[inserted.findIndex((r) => r.id === pid)];
      await trx
        .insertInto('accounts')
        .values({
          tenant_id: t,
          person_id: pid,
          username: a.username,
          display_name: p?.name ?? a.label,
          password_hash: hash,
          roles: a.roles,
          ...(a.totpSecret ? { totp_secret: sealSecret(deps.secretKey, a.totpSecret), totp_enabled_at: deps.clock.now() } : {}),
        })
        .execute();
    }
    const ctx: DemoContext = { tenantId: t, unitIds, peopleByUnit, personByAccount, rand };
    for (const step of steps) await step(deps, trx, ctx);
    await recordTrace(trx, deps.clock, systemActor(t, '系统初始化'), {
      action: 'tenant.seed',
      entityType: 'tenant',
      entityId: t,
      after: { units: unitIds.size, people: people.length, accounts: DEMO_ACCOUNTS.map((a) => a.username) },
    });
    return t;
  });
}

import { DEFAULT_CATEGORIES } from '@duban/shared';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import { seedOfficialCalendar } from '../../modules/calendar/calendar.service';
import { DEMO_LEADERS, DEMO_UNITS } from '../demo-org';
import { benchTenant, type BenchSize } from './sizes';
import { rnd, textArray } from './sql-random';
import { GIVEN, SURNAMES } from './words';

const run = (conn: Kysely<DB>, text: string) => sql.raw(text).execute(conn);

/**
 * Tenants shaped like the demo district: every unit of 二七区 with its divisions, 13 leaders with
 * their 分管 units, 8 cadres per unit (~725 per district), categories, the official calendar, and
 * accounts to sign in with (<code>.duchaban, <code>.shuji, <code>.auditor, <code>.u<sort>.liaison).
 * Leaves temp tables bench_tenants / bench_units / bench_leaders / bench_categories for the matters.
 */
export async function generateOrg(conn: Kysely<DB>, size: BenchSize, passwordHash: string): Promise<number[]> {
  const tenants = Array.from({ length: size.tenants }, (_, i) => benchTenant(i + 1));
  const perOpen = Math.floor(size.openMatters / size.tenants);
  const perClosed = Math.floor(size.closedMatters / size.tenants);
  await sql`
    insert into tenants (code, name, doc_prefix, settings)
    select code, name, prefix, jsonb_build_object('bench', ${size.name}::text)
    from unnest(${tenants.map((t) => t.code)}::text[], ${tenants.map((t) => t.name)}::text[], ${tenants.map((t) => t.docPrefix)}::text[])
      with ordinality as x(code, name, prefix, ord)
    order by ord`.execute(conn);
  await run(conn, 'drop table if exists bench_tenants, bench_units, bench_leaders, bench_categories');
  await sql`
    create temp table bench_tenants as
    select t.id as tenant_id, x.ord::int as ord, t.doc_prefix, ${perOpen}::int as n_open, ${perClosed}::int as n_closed
    from unnest(${tenants.map((t) => t.code)}::text[]) with ordinality as x(code, ord) join tenants t on t.code = x.code`.execute(conn);

  const top = DEMO_UNITS.map((u, i) => ({ ...u, sort: (i + 1) * 10 }));
  await sql`
    insert into units (tenant_id, kind, name, short_name, sort, code)
    select t.tenant_id, u.kind, u.name, u.short, u.sort, 'U' || lpad(u.sort::text, 4, '0')
    from bench_tenants t
    cross join unnest(${top.map((u) => u.name)}::text[], ${top.map((u) => u.kind)}::text[], ${top.map((u) => u.shortName ?? null)}::text[], ${top.map((u) => u.sort)}::int[])
      as u(name, kind, short, sort)
    order by t.ord, u.sort`.execute(conn);
  const divs = top.flatMap((u) => (u.divisions ?? []).map((d, i) => ({ parent: u.name, name: d, sort: (i + 1) * 10 })));
  await sql`
    insert into units (tenant_id, parent_id, kind, name, sort)
    select p.tenant_id, p.id, 'division', d.name, d.sort
    from unnest(${divs.map((d) => d.parent)}::text[], ${divs.map((d) => d.name)}::text[], ${divs.map((d) => d.sort)}::int[]) as d(parent, name, sort)
    join units p on p.name = d.parent and p.parent_id is null
    join bench_tenants t on t.tenant_id = p.tenant_id
    order by p.id, d.sort`.execute(conn);
  // Units that carry matters: every top-level unit but the leaders' office, numbered from 0 per tenant.
  await run(
    conn,
    `create temp table bench_units as
     select u.tenant_id, (row_number() over (partition by u.tenant_id order by u.sort) - 1)::int as k, u.id as unit_id, u.kind, u.sort
     from units u join bench_tenants t on t.tenant_id = u.tenant_id
     where u.parent_id is null and u.name <> '区领导'`,
  );
  await run(conn, 'create index on bench_units (tenant_id, k)');

  await generatePeople(conn);
  await generateLeaders(conn);
  await generateAccounts(conn, passwordHash);

  await sql`
    insert into categories (tenant_id, name, sort)
    select t.tenant_id, c.name, c.ord * 10 from bench_tenants t cross join unnest(${[...DEFAULT_CATEGORIES]}::text[]) with ordinality as c(name, ord)
    order by t.ord, c.ord`.execute(conn);
  await run(
    conn,
    `create temp table bench_categories as
     select c.tenant_id, (row_number() over (partition by c.tenant_id order by c.sort) - 1)::int as k, c.id as category_id
     from categories c join bench_tenants t on t.tenant_id = c.tenant_id`,
  );

  const ids = (await sql<{ tenant_id: number }>`select tenant_id from bench_tenants order by ord`.execute(conn)).rows.map((r) => r.tenant_id);
  const first = ids[0];
  if (first !== undefined) {
    await seedOfficialCalendar(conn, first);
    await run(conn, `insert into calendar_days (tenant_id, date, kind, name) select t.tenant_id, d.date, d.kind, d.name from calendar_days d, bench_tenants t where d.tenant_id = ${first} and t.tenant_id <> ${first}`);
    await run(conn, `insert into calendar_years (tenant_id, year, source) select t.tenant_id, y.year, y.source from calendar_years y, bench_tenants t where y.tenant_id = ${first} and t.tenant_id <> ${first}`);
  }
  return ids;
}

const personName = (key: string, salt: number) =>
  `substr('${SURNAMES}', 1 + floor(${rnd(key, salt)} * ${SURNAMES.length})::int, 1)
   || substr('${GIVEN}', 1 + floor(${rnd(key, salt + 1)} * ${GIVEN.length})::int, 1)
   || case when ${rnd(key, salt + 2)} < 0.65 then substr('${GIVEN}', 1 + floor(${rnd(key, salt + 3)} * ${GIVEN.length})::int, 1) else '' end`;

/** 8 cadres per unit: head, deputy (a street's 主任), deputy, liaison, four staff; divisions where the unit has them. */
async function generatePeople(conn: Kysely<DB>): Promise<void> {
  const key = '(u.unit_id::bigint * 16 + p.k)';
  await run(
    conn,
    `insert into people (tenant_id, unit_id, division_id, name, mobile, rank, title, wecom_user_id, is_unit_head, is_liaison)
     select u.tenant_id, u.unit_id,
       case when p.k >= 4 then (select d.id from units d where d.parent_id = u.unit_id order by d.sort offset (p.k % 4) limit 1) end,
       ${personName(key, 11)},
       '1' || (${textArray(['35', '36', '37', '38', '39', '50', '51', '52', '58', '59', '86', '87', '88', '89'])})[1 + floor(${rnd(key, 15)} * 14)::int]
         || lpad(floor(${rnd(key, 16)} * 100000000)::text, 8, '0'),
       case p.k when 1 then 'section_principal' when 2 then (case when u.kind in ('street', 'town') then 'section_principal' else 'section_deputy' end)
         when 3 then 'section_deputy' when 4 then (case when ${rnd(key, 17)} < 0.5 then 'section_deputy' else 'staff' end) else 'staff' end,
       case p.k when 1 then (case when u.kind = 'street' then '党工委书记' when u.kind = 'town' then '镇党委书记' when u.kind = 'enterprise' then '董事长' else '主要负责人' end)
         when 2 then (case when u.kind = 'street' then '办事处主任' when u.kind = 'town' then '镇长' else '副职' end)
         when 3 then '副职' when 4 then '督查联络员' when 5 then '项目具体负责人' when 6 then '科长' else '科员' end,
       'wx' || u.unit_id || '_' || p.k,
       p.k = 1, p.k = 4
     from bench_units u cross join generate_series(1, 8) as p(k)
     order by u.tenant_id, u.sort, p.k`,
  );
}

/** The 13 district leaders and their 分管 units (the street offices shared out among the deputies). */
async function generateLeaders(conn: Kysely<DB>): Promise<void> {
  const titles = DEMO_LEADERS.map((l) => l.title);
  await sql`
    insert into people (tenant_id, unit_id, name, rank, title, wecom_user_id, notify_digest)
    select t.tenant_id, u.id, ${sql.raw(personName('(t.tenant_id::bigint * 64 + l.ord)', 21))},
      case when l.ord <= 2 then 'county_principal' else 'county_deputy' end, l.title, 'wxl' || t.tenant_id || '_' || l.ord, l.ord <= 2
    from bench_tenants t join units u on u.tenant_id = t.tenant_id and u.name = '区领导' and u.parent_id is null
    cross join unnest(${titles}::text[]) with ordinality as l(title, ord)
    order by t.ord, l.ord`.execute(conn);
  await run(
    conn,
    `create temp table bench_leaders as
     select p.tenant_id, (row_number() over (partition by p.tenant_id order by p.id) - 1)::int as k, p.id as person_id
     from people p join units u on u.id = p.unit_id and u.name = '区领导' join bench_tenants t on t.tenant_id = p.tenant_id`,
  );
  const pairs: { k: number; unit: string }[] = [];
  const deputies = DEMO_LEADERS.map((l, k) => ({ l, k })).filter((x) => x.l.deputy);
  DEMO_LEADERS.forEach((l, k) => {
    const names = l.leads === 'all' ? DEMO_UNITS.filter((u) => u.name !== '区领导').map((u) => u.name) : l.leads;
    for (const unit of names) pairs.push({ k, unit });
  });
  DEMO_UNITS.filter((u) => u.kind === 'street' || u.kind === 'town').forEach((u, i) => {
    const d = deputies[i % deputies.length];
    if (d) pairs.push({ k: d.k, unit: u.name });
  });
  await sql`
    insert into leader_units (tenant_id, person_id, unit_id)
    select distinct l.tenant_id, l.person_id, u.id
    from unnest(${pairs.map((p) => p.k)}::int[], ${pairs.map((p) => p.unit)}::text[]) as x(k, unit)
    join bench_leaders l on l.k = x.k
    join units u on u.tenant_id = l.tenant_id and u.name = x.unit and u.parent_id is null`.execute(conn);
}

/** Accounts with the demo password: the office, the secretary, the auditor, and a liaison per unit. */
async function generateAccounts(conn: Kysely<DB>, hash: string): Promise<void> {
  await sql`
    insert into accounts (tenant_id, person_id, username, display_name, password_hash, roles)
    select t.tenant_id, p.id, tn.code || '.duchaban', p.name, ${hash}, array['supervisor', 'inspector']
    from bench_tenants t join tenants tn on tn.id = t.tenant_id
    join units u on u.tenant_id = t.tenant_id and u.name = '区委区政府督查办公室' and u.parent_id is null
    join people p on p.unit_id = u.id and p.is_unit_head
    order by t.ord`.execute(conn);
  await sql`
    insert into accounts (tenant_id, person_id, username, display_name, password_hash, roles)
    select t.tenant_id, l.person_id, tn.code || '.shuji', p.name, ${hash}, array['leader']
    from bench_tenants t join tenants tn on tn.id = t.tenant_id join bench_leaders l on l.tenant_id = t.tenant_id and l.k = 0
    join people p on p.id = l.person_id
    order by t.ord`.execute(conn);
  await sql`
    insert into accounts (tenant_id, username, display_name, password_hash, roles)
    select t.tenant_id, tn.code || '.auditor', '审计管理员', ${hash}, array['auditor']
    from bench_tenants t join tenants tn on tn.id = t.tenant_id order by t.ord`.execute(conn);
  await sql`
    insert into accounts (tenant_id, person_id, username, display_name, password_hash, roles)
    select u.tenant_id, p.id, tn.code || '.u' || lpad(u.sort::text, 4, '0') || '.liaison', p.name, ${hash}, array['liaison']
    from bench_units u join tenants tn on tn.id = u.tenant_id join people p on p.unit_id = u.unit_id and p.is_liaison
    order by u.tenant_id, u.sort`.execute(conn);
  await run(conn, 'alter table bench_tenants add column supervisor_account_id integer');
  await run(conn, `update bench_tenants t set supervisor_account_id = a.id from accounts a join tenants tn on tn.id = a.tenant_id where a.tenant_id = t.tenant_id and a.username = tn.code || '.duchaban'`);
  // Who acts for a unit in the generated history: its liaison (account and name) and its project lead.
  await run(conn, 'alter table bench_units add column liaison_id integer, add column liaison_account_id integer, add column liaison_name text, add column handler_id integer, add column head_id integer');
  await run(
    conn,
    `update bench_units u set liaison_id = p.id, liaison_name = p.name, liaison_account_id = a.id,
       handler_id = (select h.id from people h where h.unit_id = u.unit_id and h.title = '项目具体负责人' limit 1),
       head_id = (select h.id from people h where h.unit_id = u.unit_id and h.is_unit_head limit 1)
     from people p left join accounts a on a.person_id = p.id
     where p.unit_id = u.unit_id and p.is_liaison`,
  );
}

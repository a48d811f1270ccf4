import { sql } from 'kysely';
import { openPostgres } from '../../db/database';
import { migrateToLatest } from '../../db/migrate';
import { permissionsOf } from '@duban/shared';
import type { Actor } from '../../lib/actor';
import { fixedClock } from '../../lib/clock';
import { cockpitFigures } from './cockpit.service';

// Measures the cockpit over a large PostgreSQL database: `tsx cockpit.perf.ts <url> [matters]`.
// Fills an empty database with one tenant, 90 units and N random matters (default 1,000,000)
// spread over five years, then times the full figure set for a year and a week (p50/p95).
const url = process.argv[2] ?? 'postgres://postgres@127.0.0.1:5432/cockpit_perf';
const total = Number(process.argv[3] ?? 1_000_000);
const { db, close } = openPostgres(url, 8);
await migrateToLatest(db);
let tenant = await db.selectFrom('tenants').select('id').where('code', '=', 'perf').executeTakeFirst();
if (!tenant) {
  tenant = await db.insertInto('tenants').values({ code: 'perf', name: '性能测试区', doc_prefix: '性督', settings: '{}' }).returning('id').executeTakeFirstOrThrow();
  const t = tenant.id;
  const units = await db.insertInto('units').values(Array.from({ length: 90 }, (_, i) => ({ tenant_id: t, name: `单位${i + 1}`, kind: 'government' as const }))).returning('id').execute();
  const leaders = await db.insertInto('people').values(Array.from({ length: 12 }, (_, i) => ({ tenant_id: t, unit_id: units[0]!.id, name: `领导${i + 1}`, rank: 'staff' }))).returning('id').execute();
  await db.insertInto('leader_units').values(units.slice(0, 8).map((u) => ({ tenant_id: t, person_id: leaders[1]!.id, unit_id: u.id }))).execute();
  await db.insertInto('categories').values(Array.from({ length: 10 }, (_, i) => ({ tenant_id: t, name: `类别${i + 1}` }))).execute();
  const u0 = units[0]!.id;
  const l0 = leaders[0]!.id;
  const started = Date.now();
  for (let done = 0; done < total; done += 50_000) {
    await sql`
      insert into matters (tenant_id, year, seq, number, title, source, category_id, lead_leader_id, lead_unit_id, start_date, deadline,
                           original_deadline, status, progress, colour, investment_plan, investment_done, closed_at, created_at)
      select ${t}, 2022 + (g % 5), g, 'N' || g, '事项' || g,
             (array['superior','leader_instruction','key_work','major_project','meeting','citizen','npc_cppcc','grid','rectification'])[1 + g % 9],
             (select min(id) from categories where tenant_id = ${t}) + (g * 7) % 10,
             ${l0} + (g * 13) % 12, ${u0} + (g * 31) % 90,
             c::date, c::date + 30 + g % 60, c::date + 30 + g % 60,
             case when c < now() - interval '120 days' then (array['closed','archived','closed','cancelled','in_progress'])[1 + g % 5]
                  else (array['registered','assigned','in_progress','in_progress','completion_requested','closed'])[1 + g % 6] end,
             g % 100,
             (array['green','yellow','blue','red',null])[1 + g % 5],
             case when g % 9 = 3 then 1000 + g % 5000 end, case when g % 9 = 3 then g % 3000 end,
             case when c < now() - interval '120 days' then c + ((20 + g % 70) || ' days')::interval end,
             c
      from (select g, now() - ((g % 1826) || ' days')::interval - ((g % 86400) || ' seconds')::interval as c
            from generate_series(${done + 1}::int, ${Math.min(done + 50_000, total)}::int) g) s`.execute(db);
    console.log(`inserted ${Math.min(done + 50_000, total)} matters, ${Math.round((Date.now() - started) / 1000)} s`);
  }
  await sql`analyze`.execute(db);
}
const t = tenant.id;
const deps = { db, clock: fixedClock(new Date().toISOString()) };
const actor = (scope: Actor['scope'], personId: number | null, roles: Actor['roles']): Actor => ({
  tenantId: t, accountId: 1, username: 'perf', name: '测试', roles, permissions: permissionsOf(roles), personId, unitId: null, scope, ip: null, requestId: null,
});
const unitIds = (await db.selectFrom('units').select('id').where('tenant_id', '=', t).orderBy('id').limit(8).execute()).map((u) => u.id);
const leader = (await db.selectFrom('people').select('id').where('tenant_id', '=', t).orderBy('id').offset(1).limit(1).executeTakeFirstOrThrow()).id;
for (const [label, a] of [
  ['office', actor({ kind: 'tenant' }, null, ['supervisor'])],
  ['leader', actor({ kind: 'units', unitIds }, leader, ['leader'])],
] as const) {
  for (const period of ['year', 'week'] as const) {
    const times: number[] = [];
    for (let i = 0; i < 40; i++) {
      const s = performance.now();
      await cockpitFigures(deps, a, { period });
      times.push(performance.now() - s);
    }
    times.sort((x, y) => x - y);
    console.log(`${label} ${period}: p50 ${times[20]!.toFixed(1)} ms, p95 ${times[37]!.toFixed(1)} ms`);
  }
}
await close();

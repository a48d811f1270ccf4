// Times each query of the cockpit's figure set on its own: `npx tsx bench/cockpit-parts.ts <url> [period]`.
import { periodRange, shanghaiDate, weeksOf, mondayOf } from '@duban/shared';
import { openPostgres } from '../apps/server/src/db/database';
import * as repo from '../apps/server/src/modules/cockpit/cockpit.repository';

const url = process.argv[2] ?? 'postgres://postgres@127.0.0.1:5432/bench_million';
const period = (process.argv[3] ?? 'year') as 'year' | 'week';
const { db, close } = openPostgres(url, 4);
const t = (await db.selectFrom('tenants').select('id').where('code', '=', 'bench0001').executeTakeFirstOrThrow()).id;
const today = shanghaiDate(new Date());
const range = periodRange(period, today, {});
const scope = { kind: 'tenant' } as const;
const weeks = weeksOf(range).slice(-53);
const parts: Record<string, () => Promise<unknown>> = {
  periodStats: () => repo.periodStats(db, t, range, scope),
  overdueByUnit: () => repo.overdueByUnit(db, t, today, range, scope),
  overdueMatters: () => repo.overdueMatters(db, t, today, range, scope, 20),
  majorProjects: () => repo.majorProjects(db, t, range, scope, 10),
  weeklyCounts: () => repo.weeklyCounts(db, t, weeks[0] ?? mondayOf(range.from), weeks.at(-1) ?? mondayOf(range.to), scope),
  names: () => repo.names(db, t),
};
for (const [name, fn] of Object.entries(parts)) {
  const times: number[] = [];
  for (let i = 0; i < 30; i++) {
    const s = performance.now();
    await fn();
    times.push(performance.now() - s);
  }
  times.sort((a, b) => a - b);
  console.log(`${period} ${name}: p50 ${times[15]!.toFixed(1)} ms, p95 ${times[28]!.toFixed(1)} ms`);
}
await close();

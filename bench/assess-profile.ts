// `DATABASE_URL=… npx tsx bench/assess-profile.ts [period] [repeat]`: times recomputes of a period in the first
// bench tenant with this process's CPU, then the aggregate SQL of the same rows once (for digging, e.g. under
// `node --cpu-prof --import tsx`; bench/workloads/assessment.ts is the measurement).
import path from 'node:path';
import { openRuntime } from '../apps/server/src/bootstrap';
import { loadConfig } from '../apps/server/src/config';
import { systemActor } from '../apps/server/src/lib/actor';
import { recomputePeriod } from '../apps/server/src/modules/assessment/recompute.service';
import { parsePeriod } from '@duban/shared';
import { sql } from 'kysely';
import { QUARTER_AGGREGATE_SQL } from './workloads/assessment-sql';

const url = process.env.DATABASE_URL ?? '';
const code = process.argv[2] ?? '2026Q4';
const repeat = Number(process.argv[3] ?? 3);
const db = new URL(url).pathname.slice(1);
const rt = await openRuntime(loadConfig({ DATABASE_URL: url, DATA_DIR: path.resolve('bench/.data', db), DEMO: 'off', JOBS: 'off', LOG_LEVEL: 'silent' }), { migrate: 'always' });
try {
  const tenant = await rt.db.selectFrom('tenants').select('id').where('code', 'like', 'bench%').orderBy('id').executeTakeFirstOrThrow();
  for (let i = 0; i < repeat; i++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const r = await recomputePeriod(rt, systemActor(tenant.id, 'bench'), code);
    const c = process.cpuUsage(c0);
    process.stdout.write(`${code}: ${(performance.now() - t0).toFixed(0)} ms, Node CPU ${((c.user + c.system) / 1000).toFixed(0)} ms — ${JSON.stringify(r)}\n`);
  }
  const p = parsePeriod(code);
  if (p && process.env.WITH_SQL) {
    const t0 = performance.now();
    await sql.raw(QUARTER_AGGREGATE_SQL.replaceAll('$1', String(tenant.id)).replaceAll('$2', `'${p.from}'`).replaceAll('$3', `'${p.to}'`)).execute(rt.db);
    process.stdout.write(`aggregate SQL: ${(performance.now() - t0).toFixed(0)} ms\n`);
  }
} finally {
  await rt.close();
}

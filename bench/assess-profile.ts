// `DATABASE_URL=… npx tsx bench/assess-profile.ts [period] [repeat]`: times one recompute of a period in the first
// bench tenant, phase by phase (for BENCH_PROFILE-style digging; bench/workloads/assessment.ts is the measurement).
import path from 'node:path';
import { openRuntime } from '../apps/server/src/bootstrap';
import { loadConfig } from '../apps/server/src/config';
import { systemActor } from '../apps/server/src/lib/actor';
import { recomputePeriod } from '../apps/server/src/modules/assessment/recompute.service';

const url = process.env.DATABASE_URL ?? '';
const code = process.argv[2] ?? '2026Q4';
const repeat = Number(process.argv[3] ?? 3);
const db = new URL(url).pathname.slice(1);
const rt = await openRuntime(loadConfig({ DATABASE_URL: url, DATA_DIR: path.resolve('bench/.data', db), DEMO: 'off', JOBS: 'off', LOG_LEVEL: 'silent' }), { migrate: 'always' });
try {
  const tenant = await rt.db.selectFrom('tenants').select('id').where('code', 'like', 'bench%').orderBy('id').executeTakeFirstOrThrow();
  for (let i = 0; i < repeat; i++) {
    const t0 = performance.now();
    const r = await recomputePeriod(rt, systemActor(tenant.id, 'bench'), code);
    process.stdout.write(`${code}: ${(performance.now() - t0).toFixed(0)} ms — ${JSON.stringify(r)}\n`);
  }
} finally {
  await rt.close();
}

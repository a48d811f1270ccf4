/**
 * Times the sweep on a generated PostgreSQL bench database, without the rest of the bench: a full
 * reclassification (the rules hash forgotten) and a steady-state sweep (~1% of the green matters
 * stop reporting first, as the bench's workload does). The database keeps what the sweeps wrote.
 * Usage: `npx tsx bench/sweep-pg-profile.ts --url postgres://…/bench_million [--full N] [--changed N] [--steady N] [--at ISO]`
 * (--changed: wipes every open matter's colour first, so the full reclassification changes them all).
 * Add `node --cpu-prof --import tsx` to profile the Node side.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { CompiledQuery, sql } from 'kysely';
import { openRuntime } from '../apps/server/src/bootstrap';
import { loadConfig } from '../apps/server/src/config';
import { runSweep } from '../apps/server/src/modules/warnings/sweep.service';
import { STOP_REPORTING_SQL, WIPE_COLOURS_SQL } from './lib/sql';

const { values } = parseArgs({
  options: {
    url: { type: 'string' },
    full: { type: 'string', default: '1' },
    steady: { type: 'string', default: '1' },
    changed: { type: 'string', default: '0' },
    at: { type: 'string', default: '2026-11-20T10:00:00+08:00' },
  },
});
if (!values.url) throw new Error('--url is required');
const dbName = new URL(values.url).pathname.replace(/^\//, '');
const rt = await openRuntime(
  loadConfig({ DATABASE_URL: values.url, DATA_DIR: path.resolve('bench/.data', dbName), DEMO: 'off', JOBS: 'off', LOG_LEVEL: 'silent', DB_POOL_SIZE: '10' }),
  { migrate: 'always' },
);
const at = new Date(values.at ?? '');
try {
  const show = async (label: string) => {
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const s = await runSweep(rt, { at });
    const cpu = process.cpuUsage(cpu0);
    process.stdout.write(
      `${label}: ${((performance.now() - t0) / 1000).toFixed(2)} s (Node CPU ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s) — ${s.checked} checked, ${s.changed} changed, ${s.reminders} reminders, ${s.chunks} chunks\n`,
    );
  };
  for (let i = 0; i < Number(values.full); i++) {
    await sql`delete from sweep_state`.execute(rt.db);
    await show('full reclassification');
  }
  for (let i = 0; i < Number(values.changed); i++) {
    // Every open matter changes: the stored colours are wiped (as a rules edit that changes everything would).
    const r = await rt.db.executeQuery(CompiledQuery.raw(WIPE_COLOURS_SQL));
    await sql`delete from sweep_state`.execute(rt.db);
    await sql`vacuum analyze matters`.execute(rt.db);
    process.stdout.write(`${r.numAffectedRows} colours wiped\n`);
    await show('full reclassification, every matter changing');
  }
  for (let i = 0; i < Number(values.steady); i++) {
    const r = await rt.db.executeQuery(CompiledQuery.raw(STOP_REPORTING_SQL, [at, Math.floor(Math.random() * 70)]));
    process.stdout.write(`${r.numAffectedRows} matters stopped reporting\n`);
    await show('steady-state sweep');
  }
} finally {
  await rt.close();
}

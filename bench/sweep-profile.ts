/**
 * Times the embedded (PGlite) full sweep on its own, without the rest of the bench: generates the
 * `embedded` size once into bench/.data/pglite-embedded-base, copies it to a scratch directory (so
 * every run starts from the generated, stale colours, as the bench's first run does), forgets the
 * rules hash and times runSweep. A second sweep over the same copy then times a full reclassification
 * that changes nothing (`--settled N` times). Usage: `npx tsx bench/sweep-profile.ts [--runs N] [--settled N] [--size embedded]`
 * CPU time (this process's, PGlite included) is printed beside the wall time: on a loaded box it is
 * the steadier figure to compare. Add `node --cpu-prof --import tsx` to profile.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { openRuntime } from '../apps/server/src/bootstrap';
import { testConfig } from '../apps/server/src/config';
import { runSweep } from '../apps/server/src/modules/warnings/sweep.service';
import { generateBenchData } from '../apps/server/src/seed/bench/generate';
import { benchSize } from '../apps/server/src/seed/bench/sizes';

const root = path.resolve(new URL('.', import.meta.url).pathname, '..');
const { values } = parseArgs({
  options: { runs: { type: 'string', default: '1' }, settled: { type: 'string', default: '1' }, reuse: { type: 'boolean', default: false }, size: { type: 'string', default: 'embedded' } },
});
const size = benchSize(values.size ?? 'embedded');
const base = path.join(root, 'bench/.data', `pglite-${size.name}-base`);
const scratch = path.join(root, 'bench/.data', `pglite-${size.name}-scratch`);
const at = new Date('2026-11-20T10:00:00+08:00');

if (!fs.existsSync(path.join(base, 'pgdata', 'PG_VERSION'))) {
  const rt = await openRuntime(testConfig(base), { migrate: 'always' });
  const s = await generateBenchData(rt, { size });
  await rt.close();
  process.stdout.write(`generated ${size.name} in ${s.seconds} s\n`);
}

for (let run = 0; run < Number(values.runs); run++) {
  // --reuse: the scratch copy a previous run settled, for timing or profiling only the no-change sweep.
  if (!values.reuse) {
    fs.rmSync(scratch, { recursive: true, force: true });
    fs.cpSync(base, scratch, { recursive: true });
  }
  const rt = await openRuntime(testConfig(scratch), { migrate: 'always' });
  try {
    const labels = [...(values.reuse ? [] : ['stale colours']), ...Array.from({ length: Number(values.settled) }, () => 'settled')];
    for (const label of labels) {
      await sql`delete from sweep_state`.execute(rt.db);
      const t0 = performance.now();
      const cpu0 = process.cpuUsage();
      const s = await runSweep(rt, { at });
      const ms = performance.now() - t0;
      const cpu = process.cpuUsage(cpu0);
      process.stdout.write(`${label}: ${(ms / 1000).toFixed(2)} s (CPU ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s) — ${s.checked} checked, ${s.changed} changed, ${s.reminders} reminders, ${s.chunks} chunks\n`);
    }
  } finally {
    await rt.close();
  }
}

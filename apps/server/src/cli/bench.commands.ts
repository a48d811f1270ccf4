import type { Command } from 'commander';
import type { Runtime } from '../bootstrap';
import type { BenchDataSummary } from '../seed/bench/generate';
import { BENCH_SIZES, benchSize } from '../seed/bench/sizes';
import { withRuntime } from './context';

/** Generates bench data into the runtime's database and prints what it made and how long it took. */
export async function runBenchData(rt: Runtime, sizeName: string, today?: string): Promise<BenchDataSummary> {
  const size = benchSize(sizeName);
  const where = rt.engine === 'embedded' ? `embedded database in ${rt.config.dataDir}` : 'PostgreSQL (DATABASE_URL)';
  console.log(`generating "${size.name}": ${size.tenants} tenant(s), ${size.openMatters} open + ${size.closedMatters} closed matters into the ${where}`);
  const { generateBenchData } = await import('../seed/bench/generate');
  const summary = await generateBenchData(rt, { size, today, log: (m) => console.log(m) });
  console.log(`rows: ${Object.entries(summary.rows).map(([t, n]) => `${t} ${n}`).join(', ')}`);
  console.log(`trace: ${summary.trace}`);
  console.log(`done in ${summary.seconds} s; sign in as ${'bench0001.duchaban'} (password of the demo accounts)`);
  return summary;
}

/** Finishes a generation that stopped after the bulk load (derived totals, vacuum, trace): `--finish`. */
export async function runBenchFinish(rt: Runtime, sizeName: string, today = '2026-11-20'): Promise<void> {
  const size = benchSize(sizeName);
  const tenantIds = (await rt.db.selectFrom('tenants').select('id').where('code', 'like', 'bench%').orderBy('id').execute()).map((r) => r.id);
  if (!tenantIds.length) throw new Error('no bench tenants in this database: generate first');
  console.log(`finishing "${size.name}" for ${tenantIds.length} tenant(s)`);
  const t0 = Date.now();
  const { finishBenchData } = await import('../seed/bench/generate');
  const done = await finishBenchData(rt, { tenantIds, size, today, log: (m) => console.log(m) });
  console.log(`trace: ${done.trace}`);
  console.log(`done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

/** `duban bench-data --size district|medium|city|country`. */
export function registerBenchCommands(program: Command): void {
  program
    .command('bench-data')
    .description(`fill the database with deterministic benchmark data (sizes: ${Object.keys(BENCH_SIZES).join(', ')})`)
    .option('-s, --size <size>', 'how much data', 'district')
    .option('--today <date>', 'the date the generated history leads up to (YYYY-MM-DD)', '2026-11-20')
    .option('--finish', 'only finish an interrupted generation (derived totals, vacuum, trace)')
    .action((opts: { size: string; today: string; finish?: boolean }) =>
      withRuntime((rt) => (opts.finish ? runBenchFinish(rt, opts.size, opts.today) : runBenchData(rt, opts.size, opts.today).then(() => undefined)), { migrate: 'always' }),
    );
}

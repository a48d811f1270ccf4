import type { Command } from 'commander';
import type { Runtime } from '../bootstrap';
import { generateBenchData, type BenchDataSummary } from '../seed/bench/generate';
import { BENCH_SIZES, benchSize } from '../seed/bench/sizes';
import { withRuntime } from './context';

/** Generates bench data into the runtime's database and prints what it made and how long it took. */
export async function runBenchData(rt: Runtime, sizeName: string, today?: string): Promise<BenchDataSummary> {
  const size = benchSize(sizeName);
  const where = rt.engine === 'embedded' ? `embedded database in ${rt.config.dataDir}` : 'PostgreSQL (DATABASE_URL)';
  console.log(`generating "${size.name}": ${size.tenants} tenant(s), ${size.openMatters} open + ${size.closedMatters} closed matters into the ${where}`);
  const summary = await generateBenchData(rt, { size, today, log: (m) => console.log(m) });
  console.log(`rows: ${Object.entries(summary.rows).map(([t, n]) => `${t} ${n}`).join(', ')}`);
  console.log(`trace: ${summary.trace}`);
  console.log(`done in ${summary.seconds} s; sign in as ${'bench0001.duchaban'} (password of the demo accounts)`);
  return summary;
}

/** `duban bench-data --size district|medium|city|country`. */
export function registerBenchCommands(program: Command): void {
  program
    .command('bench-data')
    .description(`fill the database with deterministic benchmark data (sizes: ${Object.keys(BENCH_SIZES).join(', ')})`)
    .option('-s, --size <size>', 'how much data', 'district')
    .option('--today <date>', 'the date the generated history leads up to (YYYY-MM-DD)', '2026-11-20')
    .action((opts: { size: string; today: string }) => withRuntime((rt) => runBenchData(rt, opts.size, opts.today).then(() => undefined), { migrate: 'always' }));
}

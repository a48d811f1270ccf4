// `npm run bench:data -- --size district|medium|city|country [--today YYYY-MM-DD] [--finish]`
// --finish only completes a generation that stopped after the bulk load (derived totals, vacuum, trace).
// Uses DATABASE_URL when set (PostgreSQL); otherwise the embedded database in DATA_DIR
// (default bench/.data/<size>). Applies the migrations first. DATA_DIR also holds the trace anchor
// and the server key, so the bench server must use the same one (bench/run.ts does).
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runBenchData, runBenchFinish } from '../apps/server/src/cli/bench.commands';
import { withRuntime } from '../apps/server/src/cli/context';

const { values } = parseArgs({ options: { size: { type: 'string', default: 'district' }, today: { type: 'string', default: '2026-11-20' }, finish: { type: 'boolean', default: false } } });
const size = values.size ?? 'district';
const dbName = process.env.DATABASE_URL ? new URL(process.env.DATABASE_URL).pathname.replace(/^\//, '') : size;
process.env.DATA_DIR ??= path.resolve('bench/.data', dbName || size);
process.env.DEMO = 'off';

withRuntime((rt) => (values.finish ? runBenchFinish(rt, size, values.today) : runBenchData(rt, size, values.today).then(() => undefined)), { migrate: 'always' }).catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});

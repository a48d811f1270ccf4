// `npx tsx bench/cpu-probe.ts --db postgres://…/bench_medium [--requests 500] [--path /api/matters?…]`
// The server's CPU per request for one endpoint, sequentially (one request at a time), after its idle CPU
// over the same time is subtracted: isolates the per-request fixed cost on a busy box (issue 15).
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { headersOf, login } from './lib/http';
import { benchTenants } from './lib/prepare';
import { startServer } from './lib/server';
import { startCpuMeter } from './lib/cpu';

const { values: args } = parseArgs({ options: { db: { type: 'string' }, requests: { type: 'string', default: '500' }, path: { type: 'string', multiple: true } } });
const root = path.resolve(new URL('.', import.meta.url).pathname, '..');

async function main(): Promise<void> {
  const pgUrl = args.db ?? process.env.DATABASE_URL ?? '';
  const dbName = new URL(pgUrl).pathname.slice(1);
  const pool = new pg.Pool({ connectionString: pgUrl, max: 2 });
  const tenants = await benchTenants(pool, 16);
  await pool.end();
  const server = await startServer({ databaseUrl: pgUrl, dataDir: path.join(root, 'bench/.data', dbName), port: 31900 + Math.floor(Math.random() * 99) });
  try {
    const sessions = [];
    for (const t of tenants) sessions.push(await login(server.url, `${t.code}.duchaban`));
    const paths = args.path?.length ? args.path : ['/api/matters?status=assigned,in_progress,completion_requested&colour=red&sort=deadline&order=asc&limit=20'];
    const n = Number(args.requests);
    for (const p of paths) {
      // warm up
      for (let i = 0; i < 50; i++) await (await fetch(`${server.url}${p}`, { headers: headersOf(sessions[i % sessions.length]!) })).arrayBuffer();
      const idle = await startCpuMeter({ pgUrl, serverPid: server.pid });
      const t0 = performance.now();
      await new Promise((r) => setTimeout(r, 3000));
      const idleSpent = await idle.stop();
      const idleMsPerS = idleSpent.serverMs / ((performance.now() - t0) / 1000);
      const m = await startCpuMeter({ pgUrl, serverPid: server.pid });
      const t1 = performance.now();
      for (let i = 0; i < n; i++) {
        const r = await fetch(`${server.url}${p}`, { headers: headersOf(sessions[i % sessions.length]!) });
        await r.arrayBuffer();
        if (!r.ok) throw new Error(`${p}: ${r.status}`);
      }
      const s = await m.stop();
      const secs = (performance.now() - t1) / 1000;
      const per = (v: number) => (v / n).toFixed(3);
      process.stdout.write(
        `${p}\n  ${n} requests in ${secs.toFixed(1)} s; server ${per(s.serverMs)} ms/req (kernel ${per(s.serverSystemMs ?? Number.NaN)}; idle ${idleMsPerS.toFixed(1)} ms/s → ${per(s.serverMs - idleMsPerS * secs)} net), PG ${per(s.pgMs)} ms/req\n`,
      );
    }
  } finally {
    await server.stop();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});

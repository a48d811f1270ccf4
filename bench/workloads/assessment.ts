import { parsePeriod, periodOf } from '@duban/shared';
import { systemActor } from '../../apps/server/src/lib/actor';
import { recomputePeriod } from '../../apps/server/src/modules/assessment/recompute.service';
import { fmtCpu, fmtCpuCeiling, metered, type CpuPerOp } from '../lib/cpu';
import { notLanded, pick, ratio, verdict, type BenchContext, type Row, type Workload } from '../lib/context';
import { hasRoute, headersOf, load, type LoadResult } from '../lib/http';
import { startServer } from '../lib/server';
import { closedLoop, fmtLatency, ms, type Latency } from '../lib/stats';
import { reportLoad } from './reports';
import { QUARTER_AGGREGATE_SQL } from './assessment-sql';

// Issue 13's speed targets: a quarter's full recompute (≤ 1 s at district scale; ≤ 2× the set-based SQL over the
// same event rows at the million-matter tenant), the league table and a cadre's archive over HTTP (p95 ≤ 50 ms),
// and what assessment's subscription to the matter events costs the progress-report write (≤ 5% of throughput).

const DISTRICT_MAX = 20_000;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
const errorsOf = (r: LoadResult) => (r.non2xx || r.errors ? `${r.non2xx} non-2xx, ${r.errors} errors of ${r.total}` : undefined);

async function timed(n: number, fn: () => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn();
    out.push(performance.now() - t0);
  }
  return out;
}

/** The quarter recomputed in the bench process (the job's path) against the aggregate SQL, both timed 3 times. */
async function recomputeRows(ctx: BenchContext, code: string, district: boolean): Promise<Row[]> {
  const p = parsePeriod(code);
  if (!p) throw new Error(`bad period ${code}`);
  const actor = systemActor(ctx.tenant.id, '基准测试');
  const t0 = performance.now();
  const first = await recomputePeriod(ctx.rt, actor, code);
  const coldMs = performance.now() - t0;
  // The million-matter quarter takes minutes on a busy box: once after the first there.
  const runs = ctx.smoke || !district ? 1 : 3;
  const ours = await metered({ pgUrl: ctx.pgUrl }, () => timed(runs, () => recomputePeriod(ctx.rt, actor, code)), () => runs);
  const ceiling = await metered({ pgUrl: ctx.pgUrl }, () => timed(runs, () => ctx.pool.query(QUARTER_AGGREGATE_SQL, [ctx.tenant.id, p.from, p.to])), () => runs);
  const oursMs = median(ours.value);
  const sqlMs = median(ceiling.value);
  const target = district ? '≤ 1 s' : '≤ 2× the aggregate SQL';
  const ok = district ? oursMs <= 1000 : oursMs <= 2 * sqlMs;
  return [
    {
      workload: `assessment: recompute every score of ${code} (${first.lines.toLocaleString('en')} lines, ${first.units} units, ${first.cadres} cadres)`,
      ours: `${(oursMs / 1000).toFixed(2)} s median of ${runs} (first, writing every line: ${(coldMs / 1000).toFixed(2)} s)`,
      ceiling: `aggregate SQL ${(sqlMs / 1000).toFixed(2)} s`,
      ratio: ratio(oursMs, sqlMs),
      target,
      result: verdict(ok),
      cpu: fmtCpu(ours.cpu, 'node', 'recompute'),
      cpuCeiling: fmtCpu(ceiling.cpu, 'pg', 'statement'),
    },
  ];
}

/** One page over HTTP (4 clients) beside its main SQL statement in a closed loop (4 clients). */
async function pageRow(ctx: BenchContext, name: string, next: () => { path: string }, sqlText: string, args: () => unknown[]): Promise<Row> {
  const { value: r, cpu } = await ctx.metered(() => load(ctx.server.url, { connections: 4, seconds: ctx.seconds, next: () => ({ method: 'GET', path: next().path, headers: headersOf(ctx.office) }) }), (v) => v.total);
  const sqlRun = await metered({ pgUrl: ctx.pgUrl }, () => closedLoop(4, Math.max(1, Math.round(ctx.seconds / 2)), async () => void (await ctx.pool.query(sqlText, args()))), (v) => v.lat.n);
  const sqlLat: Latency = sqlRun.value.lat;
  return {
    workload: name,
    ours: fmtLatency(r.lat),
    ceiling: `SQL p95 ${ms(sqlLat.p95)} ms`,
    ratio: ratio(r.lat.p95, sqlLat.p95),
    target: 'p95 ≤ 50 ms',
    result: errorsOf(r) ? 'error' : verdict(r.lat.p95 <= 50),
    note: errorsOf(r),
    cpu: fmtCpu(cpu, 'server'),
    cpuCeiling: fmtCpuCeiling(sqlRun.cpu, cpu, 'server'),
  };
}

/**
 * Report writes with the subscriber on, off (ASSESSMENT_EVENTS=off) and on with the mark statement run on every event
 * (ASSESSMENT_MARK_LEASE_MS=0: how it was before the lease), rotated; each on a server started for this row, since
 * the bench server, warm from the page loads before, cost up to 10% more CPU per report than a fresh one with the
 * same settings (2026-12-07).
 */
async function subscriberRow(ctx: BenchContext): Promise<Row> {
  const name = 'progress report write: assessment subscriber on vs off (HTTP, 16 clients)';
  const target = 'on ≥ 95% of off';
  const port = 32000 + Math.floor(Math.random() * 900);
  const off = await startServer({ databaseUrl: ctx.pgUrl, dataDir: ctx.rt.config.dataDir, port, extra: { ASSESSMENT_EVENTS: 'off' } });
  const every = ctx.smoke ? null : await startServer({ databaseUrl: ctx.pgUrl, dataDir: ctx.rt.config.dataDir, port: port + 1, extra: { ASSESSMENT_MARK_LEASE_MS: '0' } });
  const onServer = ctx.smoke ? ctx.server : await startServer({ databaseUrl: ctx.pgUrl, dataDir: ctx.rt.config.dataDir, port: port + 2 });
  const sum = { on: { n: 0, s: 0, cpu: [] as CpuPerOp[] }, off: { n: 0, s: 0, cpu: [] as CpuPerOp[] }, every: { n: 0, s: 0, cpu: [] as CpuPerOp[] } };
  let bad: string | undefined;
  try {
    const seconds = Math.max(1, Math.round(ctx.seconds / 2));
    for (let round = 0; round < (ctx.smoke ? 1 : 4); round++) {
      const order = (every ? (['on', 'off', 'every'] as const) : (['on', 'off'] as const)).map((_, i, all) => all[(i + round) % all.length]!);
      for (const which of round % 2 === 0 ? order : order.reverse()) {
        const server = which === 'on' ? onServer : which === 'off' ? off : every!;
        const { value: r, cpu } = await metered({ pgUrl: ctx.pgUrl, serverPid: server.pid }, () => reportLoad({ ...ctx, server }, seconds), (v) => v.total);
        sum[which].n += r.total;
        sum[which].s += r.total / r.perSecond;
        sum[which].cpu.push(cpu);
        bad ??= errorsOf(r);
      }
    }
  } finally {
    await off.stop();
    await every?.stop();
    if (onServer !== ctx.server) await onServer.stop();
  }
  const on = sum.on.n / sum.on.s;
  const offRate = sum.off.n / sum.off.s;
  // Every round's CPU, weighted by its reports (a busy box moves one round's figure a lot).
  const mean = (xs: CpuPerOp[]): CpuPerOp => {
    const ops = xs.reduce((a, c) => a + c.ops, 0) || 1;
    const w = (f: (c: CpuPerOp) => number) => xs.reduce((a, c) => a + f(c) * c.ops, 0) / ops;
    return { serverMs: w((c) => c.serverMs), pgMs: w((c) => c.pgMs), benchMs: w((c) => c.benchMs), ops };
  };
  const cpuOff = mean(sum.off.cpu);
  const share = (c: CpuPerOp) => `${(((c.serverMs + c.pgMs) / (cpuOff.serverMs + cpuOff.pgMs)) * 100).toFixed(0)}% of off's`;
  const cpuOf = (c: CpuPerOp) => `${fmtCpu(c, 'server')} (${share(c)})`;
  const everyRate = sum.every.s ? ` (statement on every event: ${(sum.every.n / sum.every.s).toFixed(0)}/s, ${((sum.every.n / sum.every.s / offRate) * 100).toFixed(0)}%)` : '';
  return {
    workload: name,
    ours: `on ${on.toFixed(0)}/s${everyRate}`,
    ceiling: `off ${offRate.toFixed(0)}/s`,
    ratio: `${((on / offRate) * 100).toFixed(0)}%`,
    target,
    result: bad ? 'error' : verdict(on >= 0.95 * offRate),
    note: bad,
    cpu: `${cpuOf(mean(sum.on.cpu))}${sum.every.cpu.length ? `; every event: ${cpuOf(mean(sum.every.cpu))}` : ''}`,
    cpuCeiling: fmtCpu(cpuOff, 'server'),
  };
}

/** Issue 13's speed section in the job tenant (its district scale or the million-matter tenant, by its size). */
export const assessment: Workload = {
  id: 'assessment',
  async run(ctx) {
    if (!(await hasRoute(ctx.server.url, 'GET', '/api/assessment/units'))) return [notLanded('assessment', 'issue 13', 'GET /api/assessment/units')];
    const code = periodOf(ctx.today, 'quarter');
    const size = await ctx.pool.query<{ n: number }>('select count(*)::int as n from matters where tenant_id = $1', [ctx.tenant.id]);
    const district = (size.rows[0]?.n ?? 0) <= DISTRICT_MAX;
    const rows = await recomputeRows(ctx, code, district);
    const period = await ctx.pool.query<{ id: number }>('select id from assessment_periods where tenant_id = $1 and code = $2', [ctx.tenant.id, code]);
    const periodId = period.rows[0]?.id ?? 0;
    const cadres = (await ctx.pool.query<{ id: number }>(`select subject_id as id from assessment_totals where period_id = $1 and subject_type = 'person' order by subject_id limit 500`, [periodId])).rows.map((r) => r.id);
    rows.push(
      await pageRow(
        ctx,
        `league table page (GET /api/assessment/units?period=${code})`,
        () => ({ path: `/api/assessment/units?period=${code}` }),
        `select t.subject_id, u.name, t.peer_group, t.total, t.rank, t.group_size, t.flagged from assessment_totals t join units u on u.id = t.subject_id
         where t.period_id = $1 and t.subject_type = 'unit' order by t.peer_group, t.rank, u.sort`,
        () => [periodId],
      ),
    );
    if (cadres.length) {
      rows.push(
        await pageRow(
          ctx,
          `cadre archive page (GET /api/assessment/cadres/:id?period=${code}, ${cadres.length} cadres)`,
          () => ({ path: `/api/assessment/cadres/${pick(cadres)}?period=${code}` }),
          `select l.*, m.number, m.title from assessment_lines l left join matters m on m.id = l.matter_id
           where l.period_id = $1 and l.subject_type = 'person' and l.subject_id = $2 order by l.on_date, l.matter_id, l.line_key limit 100`,
          () => [periodId, pick(cadres)],
        ),
      );
    }
    rows.push(await subscriberRow(ctx));
    return rows;
  },
};

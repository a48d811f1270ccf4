import { OPEN, sweepStatement } from '../lib/sql';
import { findExport } from '../lib/landed';
import { fmtLatency } from '../lib/stats';
import { notLanded, ratio, verdict, type BenchContext, type Row, type Workload } from '../lib/context';
import { reportLoad, reportRoute } from './reports';
import type { Deps } from '../../apps/server/src/lib/deps';

export type RunSweep = (deps: Deps, opts: { at: Date; dryRun?: boolean }) => Promise<unknown>;

const atOf = (ctx: BenchContext) => `${ctx.today} 10:00:00+08`;

/** Forgets every open matter's colour, so the next sweep classifies them all again (not timed). */
export async function resetColours(ctx: Pick<BenchContext, 'pool'>): Promise<number> {
  const r = await ctx.pool.query(`update matters set colour = null, colour_since = null where status in ${OPEN}`);
  return r.rowCount ?? 0;
}

/** Times the set-based sweep statement in a transaction that is rolled back (ms). */
async function statementMs(ctx: BenchContext, force: boolean): Promise<number> {
  const c = await ctx.pool.connect();
  try {
    await c.query('begin');
    const t0 = performance.now();
    await c.query(sweepStatement(atOf(ctx), ctx.today, force));
    const ms = performance.now() - t0;
    await c.query('rollback');
    return ms;
  } finally {
    c.release();
  }
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

/**
 * Full reclassification (every open matter forgotten first) against the set-based statement;
 * then the steady state: ~1% of open matters stop reporting, and the sweep runs again.
 */
export const sweep: Workload = {
  id: 'sweep',
  async run(ctx) {
    const fullName = 'full reclassification (all open matters)';
    const steadyName = 'steady-state sweep (~1% change)';
    const runSweep = await findExport<RunSweep>('runSweep');
    const at = new Date(atOf(ctx).replace(' ', 'T').replace('+08', '+08:00'));
    const open = await resetColours(ctx);
    const ceilingFull = await statementMs(ctx, true);
    ctx.ceilings.sweepFullMs = ceilingFull;
    if (!runSweep) {
      return [
        { ...notLanded(fullName, '≤ 1.5× the set-based statement', 'runSweep'), ceiling: `${(ceilingFull / 1000).toFixed(2)} s (${open} matters)` },
        notLanded(steadyName, '≤ 1.5 s', 'runSweep'),
      ];
    }
    const full = await timed(() => runSweep(ctx.rt, { at }));
    const changed = await ctx.pool.query(
      `update matters set last_report_at = $1::timestamptz - interval '10 days' where status in ${OPEN} and colour = 'green' and id % 70 = 7`,
      [at],
    );
    const ceilingSteady = await statementMs(ctx, false);
    ctx.ceilings.sweepSteadyMs = ceilingSteady;
    const steady = await timed(() => runSweep(ctx.rt, { at }));
    const rows: Row[] = [
      {
        workload: `${fullName}, ${open.toLocaleString('en')} matters`,
        ours: `${(full / 1000).toFixed(2)} s`,
        ceiling: `${(ceilingFull / 1000).toFixed(2)} s statement`,
        ratio: ratio(full, ceilingFull),
        target: '≤ 1.5× the set-based statement',
        result: verdict(full <= 1.5 * ceilingFull),
      },
      {
        workload: `${steadyName}: ${changed.rowCount} of ${open.toLocaleString('en')} changed`,
        ours: `${(steady / 1000).toFixed(2)} s`,
        ceiling: `${(ceilingSteady / 1000).toFixed(2)} s statement`,
        ratio: ratio(steady, ceilingSteady),
        target: '≤ 1.5 s',
        result: verdict(steady <= 1500),
      },
    ];
    return rows;
  },
};

/** Report writes while a full sweep runs in the same database: p99 against the idle p99. */
export const reportDuringSweep: Workload = {
  id: 'report-under-sweep',
  async run(ctx) {
    const name = 'report-write p99 during a full sweep';
    const target = '≤ 2× idle p99';
    const runSweep = await findExport<RunSweep>('runSweep');
    if (!runSweep) return [notLanded(name, target, 'runSweep')];
    if (!(await reportRoute(ctx))) return [notLanded(name, target, 'POST /api/matters/{id}/reports')];
    await resetColours(ctx);
    const at = new Date(atOf(ctx).replace(' ', 'T').replace('+08', '+08:00'));
    let sweepMs = 0;
    const sweeping = timed(() => runSweep(ctx.rt, { at })).then((v) => (sweepMs = v));
    const r = await reportLoad(ctx, ctx.seconds);
    await sweeping;
    const idle = ctx.idleReportP99 ?? Number.NaN;
    return [
      {
        workload: `${name} (sweep took ${(sweepMs / 1000).toFixed(1)} s)`,
        ours: fmtLatency(r.lat),
        ceiling: `idle p99 ${idle.toFixed(0)} ms`,
        ratio: ratio(r.lat.p99, idle),
        target,
        result: r.non2xx || r.errors ? 'error' : verdict(r.lat.p99 <= 2 * idle),
        note: sweepMs > ctx.seconds * 1000 ? 'the sweep outlasted the load window; p99 covers its first part' : 'the load window outlasted the sweep; p99 includes idle time after it',
      },
    ];
  },
};

import { headersOf, hasRoute, load } from '../lib/http';
import { fmtLatency } from '../lib/stats';
import { fmtCpu } from '../lib/cpu';
import { notLanded, pick, verdict, type BenchContext, type Row, type Workload } from '../lib/context';

/** The cockpit's figures for a period, in a tenant chosen at random, as its office. */
export const cockpitRequest = (ctx: BenchContext, period: string) => ({ method: 'GET' as const, path: `/api/cockpit?period=${period}`, headers: headersOf(pick(ctx.tenants).office) });

/** The leader cockpit's figures for the year and for the week (4 clients each). */
export const cockpit: Workload = {
  id: 'cockpit',
  async run(ctx) {
    const periods = [
      { period: 'year', limit: 100 }, // issue 15 (was 150)
      { period: 'week', limit: 50 },
    ];
    if (!(await hasRoute(ctx.server.url, 'GET', '/api/cockpit'))) return periods.map((p) => notLanded(`cockpit ${p.period} figures`, `p95 ≤ ${p.limit} ms`, 'GET /api/cockpit'));
    const rows: Row[] = [];
    for (const p of periods) {
      const { value: r, cpu } = await ctx.metered(() => load(ctx.server.url, { connections: 4, seconds: ctx.seconds, next: () => cockpitRequest(ctx, p.period) }), (v) => v.total);
      rows.push({
        workload: `cockpit ${p.period} figures`,
        ours: fmtLatency(r.lat),
        ceiling: '–',
        ratio: '–',
        target: `p95 ≤ ${p.limit} ms`,
        result: r.non2xx || r.errors ? 'error' : verdict(r.lat.p95 <= p.limit),
        note: r.non2xx || r.errors ? `${r.non2xx} non-2xx, ${r.errors} errors of ${r.total}` : undefined,
        cpu: fmtCpu(cpu, 'server'),
      });
    }
    return rows;
  },
};

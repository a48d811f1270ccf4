import { headersOf, hasRoute, load } from '../lib/http';
import { fmtLatency } from '../lib/stats';
import { notLanded, verdict, type Row, type Workload } from '../lib/context';

/** The leader cockpit's figures for the year and for the week (4 clients each). */
export const cockpit: Workload = {
  id: 'cockpit',
  async run(ctx) {
    const periods = [
      { period: 'year', limit: 150 },
      { period: 'week', limit: 50 },
    ];
    if (!(await hasRoute(ctx.server.url, 'GET', '/api/cockpit'))) return periods.map((p) => notLanded(`cockpit ${p.period} figures`, `p95 ≤ ${p.limit} ms`, 'GET /api/cockpit'));
    const rows: Row[] = [];
    for (const p of periods) {
      const r = await load(ctx.server.url, { connections: 4, seconds: ctx.seconds, next: () => ({ method: 'GET', path: `/api/cockpit?period=${p.period}`, headers: headersOf(ctx.office) }) });
      rows.push({
        workload: `cockpit ${p.period} figures`,
        ours: fmtLatency(r.lat),
        ceiling: '–',
        ratio: '–',
        target: `p95 ≤ ${p.limit} ms`,
        result: r.non2xx || r.errors ? 'error' : verdict(r.lat.p95 <= p.limit),
        note: r.non2xx || r.errors ? `${r.non2xx} non-2xx, ${r.errors} errors of ${r.total}` : undefined,
      });
    }
    return rows;
  },
};

import { headersOf, hasRoute, load } from '../lib/http';
import { fmtLatency, ms } from '../lib/stats';
import { notLanded, ratio, verdict, type Row, type Workload } from '../lib/context';

const OPEN = 'assigned,in_progress,completion_requested';
const COLOURS = ['red', 'yellow', 'blue', 'green'];

/** 台账: the first page of open matters of one colour, sorted by deadline, with the total (4 clients). */
export const ledgerPage: Workload = {
  id: 'ledger',
  async run(ctx) {
    const name = 'ledger page (filter + sort + page of 20 + total)';
    const target = 'p95 ≤ 30 ms and ≤ 2× direct SQL';
    if (!(await hasRoute(ctx.server.url, 'GET', '/api/matters'))) return [notLanded(name, target, 'GET /api/matters')];
    let i = 0;
    const r = await load(ctx.server.url, {
      connections: 4,
      seconds: ctx.seconds,
      next: () => ({ method: 'GET', path: `/api/matters?status=${OPEN}&colour=${COLOURS[i++ % 4]}&sort=deadline&order=asc&limit=20`, headers: headersOf(ctx.office) }),
    });
    const sqlP95 = ctx.ceilings.ledgerSql?.p95 ?? Number.NaN;
    const row: Row = {
      workload: name,
      ours: fmtLatency(r.lat),
      ceiling: `SQL p95 ${ms(sqlP95)} ms`,
      ratio: ratio(r.lat.p95, sqlP95),
      target,
      result: r.non2xx || r.errors ? 'error' : verdict(r.lat.p95 <= 30 && r.lat.p95 <= 2 * sqlP95),
      note: r.non2xx || r.errors ? `${r.non2xx} non-2xx, ${r.errors} errors of ${r.total}` : undefined,
    };
    return [row];
  },
};

/** A matter's page (detail with units, reports, milestones) for matters across the tenant (4 clients). */
export const matterPage: Workload = {
  id: 'matter',
  async run(ctx) {
    const name = 'matter page (detail)';
    const target = 'p95 ≤ 30 ms';
    if (!(await hasRoute(ctx.server.url, 'GET', '/api/matters/{id}'))) return [notLanded(name, target, 'GET /api/matters/{id}')];
    let i = 0;
    const r = await load(ctx.server.url, {
      connections: 4,
      seconds: ctx.seconds,
      next: () => ({ method: 'GET', path: `/api/matters/${ctx.targets[i++ % ctx.targets.length]?.matterId}`, headers: headersOf(ctx.office) }),
    });
    const sqlP95 = ctx.ceilings.matterSql?.p95 ?? Number.NaN;
    return [
      {
        workload: name,
        ours: fmtLatency(r.lat),
        ceiling: `SQL p95 ${ms(sqlP95)} ms`,
        ratio: ratio(r.lat.p95, sqlP95),
        target,
        result: r.non2xx || r.errors ? 'error' : verdict(r.lat.p95 <= 30),
        note: r.non2xx || r.errors ? `${r.non2xx} non-2xx, ${r.errors} errors of ${r.total}` : undefined,
      },
    ];
  },
};

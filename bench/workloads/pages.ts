import { headersOf, hasRoute, load } from '../lib/http';
import { fmtLatency, ms } from '../lib/stats';
import { fmtCpu, fmtCpuCeiling } from '../lib/cpu';
import { notLanded, pick, ratio, verdict, type BenchContext, type Row, type Workload } from '../lib/context';

const OPEN = 'assigned,in_progress,completion_requested';
const COLOURS = ['red', 'yellow', 'blue', 'green'];

/** The ledger's first page of open matters of one colour in a tenant chosen at random, as its office. */
export const ledgerRequest = (ctx: BenchContext) => {
  const t = pick(ctx.tenants);
  return { method: 'GET' as const, path: `/api/matters?status=${OPEN}&colour=${pick(COLOURS)}&sort=deadline&order=asc&limit=20`, headers: headersOf(t.office) };
};

/** A matter's page, as the office of its tenant. */
export const matterRequest = (ctx: BenchContext) => {
  const m = pick(ctx.targets);
  const office = ctx.tenants.find((t) => t.id === m.tenantId)?.office ?? ctx.office;
  return { method: 'GET' as const, path: `/api/matters/${m.matterId}`, headers: headersOf(office) };
};

/** 台账: the first page of open matters of one colour, sorted by deadline, with the total (4 clients). */
export const ledgerPage: Workload = {
  id: 'ledger',
  async run(ctx) {
    const name = 'ledger page (filter + sort + page of 20 + total)';
    const target = 'p95 ≤ 30 ms and ≤ 2× direct SQL';
    if (!(await hasRoute(ctx.server.url, 'GET', '/api/matters'))) return [notLanded(name, target, 'GET /api/matters')];
    const { value: r, cpu } = await ctx.metered(() => load(ctx.server.url, { connections: 4, seconds: ctx.seconds, next: () => ledgerRequest(ctx) }), (v) => v.total);
    const sqlP95 = ctx.ceilings.ledgerSql?.p95 ?? Number.NaN;
    const row: Row = {
      workload: name,
      ours: fmtLatency(r.lat),
      ceiling: `SQL p95 ${ms(sqlP95)} ms`,
      ratio: ratio(r.lat.p95, sqlP95),
      target,
      result: r.non2xx || r.errors ? 'error' : verdict(r.lat.p95 <= 30 && r.lat.p95 <= 2 * sqlP95),
      note: r.non2xx || r.errors ? `${r.non2xx} non-2xx, ${r.errors} errors of ${r.total}` : undefined,
      cpu: fmtCpu(cpu, 'server'),
      cpuCeiling: fmtCpuCeiling(ctx.ceilings.cpu?.ledgerSql, cpu, 'server'),
      cpuNote: `server kernel ${cpu.serverSystemMs?.toFixed(2)} ms/op, ${r.total} requests`,
    };
    return [row];
  },
};

/** A matter's page (detail with units, reports, milestones) for matters across the tenants (4 clients). */
export const matterPage: Workload = {
  id: 'matter',
  async run(ctx) {
    const name = 'matter page (detail)';
    const target = 'p95 ≤ 30 ms';
    if (!(await hasRoute(ctx.server.url, 'GET', '/api/matters/{id}'))) return [notLanded(name, target, 'GET /api/matters/{id}')];
    const { value: r, cpu } = await ctx.metered(() => load(ctx.server.url, { connections: 4, seconds: ctx.seconds, next: () => matterRequest(ctx) }), (v) => v.total);
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
        cpu: fmtCpu(cpu, 'server'),
        cpuCeiling: fmtCpuCeiling(ctx.ceilings.cpu?.matterSql, cpu, 'server'),
        cpuNote: `server kernel ${cpu.serverSystemMs?.toFixed(2)} ms/op, ${r.total} requests`,
      },
    ];
  },
};

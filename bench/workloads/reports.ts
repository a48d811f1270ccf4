import { headersOf, hasRoute, load, type LoadResult } from '../lib/http';
import { fmtLatency } from '../lib/stats';
import { notLanded, verdict, type BenchContext, type Workload } from '../lib/context';

/** Progress reports over HTTP from 16 clients, each signed in as the liaison of the matter's lead unit. */
export async function reportLoad(ctx: BenchContext, seconds: number): Promise<LoadResult> {
  let i = 0;
  return load(ctx.server.url, {
    connections: 16,
    seconds,
    next: () => {
      const t = ctx.targets[i++ % ctx.targets.length];
      const who = ctx.liaisons[t?.who ?? 0];
      return {
        method: 'POST',
        path: `/api/matters/${t?.matterId}/reports`,
        headers: who ? headersOf(who.session, true) : {},
        body: JSON.stringify({ progress: t?.progress ?? 0, text: '基准测试：现场施工有序推进，完成当期节点任务。' }),
      };
    },
  });
}

export const reportRoute = (ctx: BenchContext) => hasRoute(ctx.server.url, 'POST', '/api/matters/{id}/reports');

/** Report writes per second against the pgbench transaction of the same shape. */
export const reportWrite: Workload = {
  id: 'report',
  async run(ctx) {
    const name = 'progress report write (HTTP, 16 clients)';
    const target = '≥ 60% of the direct transaction';
    if (!(await reportRoute(ctx))) return [notLanded(name, target, 'POST /api/matters/{id}/reports')];
    const r = await reportLoad(ctx, ctx.seconds);
    ctx.idleReportP99 = r.lat.p99;
    const ceiling = ctx.ceilings.writeTps ?? Number.NaN;
    const share = r.perSecond / ceiling;
    return [
      {
        workload: name,
        ours: `${r.perSecond.toFixed(0)}/s (${fmtLatency(r.lat)})`,
        ceiling: `${ceiling.toFixed(0)} tx/s pgbench`,
        ratio: `${(share * 100).toFixed(0)}%`,
        target,
        result: r.non2xx || r.errors ? 'error' : verdict(share >= 0.6),
        note: r.non2xx || r.errors ? `${r.non2xx} non-2xx, ${r.errors} errors of ${r.total}` : undefined,
      },
    ];
  },
};

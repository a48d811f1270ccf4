import { headersOf, hasRoute, load, type LoadResult } from '../lib/http';
import { fmtLatency } from '../lib/stats';
import { fmtCpu, fmtCpuCeiling } from '../lib/cpu';
import { notLanded, pick, verdict, type BenchContext, type Workload } from '../lib/context';

/** A progress report on a target matter chosen at random, as the liaison of its lead unit. */
export const reportRequest = (ctx: BenchContext) => {
  const t = pick(ctx.targets);
  const who = ctx.liaisons[t.who];
  return {
    method: 'POST' as const,
    path: `/api/matters/${t.matterId}/reports`,
    headers: who ? headersOf(who.session, true) : {},
    body: JSON.stringify({ progress: t.progress, text: '基准测试：现场施工有序推进，完成当期节点任务。' }),
  };
};

/** Progress reports over HTTP from 16 clients, each signed in as the liaison of the matter's lead unit. */
export async function reportLoad(ctx: BenchContext, seconds: number): Promise<LoadResult> {
  return load(ctx.server.url, { connections: 16, seconds, next: () => reportRequest(ctx) });
}

export const reportRoute = (ctx: BenchContext) => hasRoute(ctx.server.url, 'POST', '/api/matters/{id}/reports');

/** Report writes per second against the pgbench transaction of the same shape. */
export const reportWrite: Workload = {
  id: 'report',
  async run(ctx) {
    const name = 'progress report write (HTTP, 16 clients)';
    const target = '≥ 60% of the direct transaction';
    if (!(await reportRoute(ctx))) return [notLanded(name, target, 'POST /api/matters/{id}/reports')];
    const { value: r, cpu } = await ctx.metered(() => reportLoad(ctx, ctx.seconds), (v) => v.total);
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
        cpu: fmtCpu(cpu, 'server'),
        cpuCeiling: fmtCpuCeiling(ctx.ceilings.cpu?.write, cpu, 'server', 'op'),
      },
    ];
  },
};

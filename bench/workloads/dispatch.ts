import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { findExport } from '../lib/landed';
import { fmtCpu, fmtCpuCeiling } from '../lib/cpu';
import { notLanded, ratio, verdict, type Workload } from '../lib/context';
import type { Deps } from '../../apps/server/src/lib/deps';
import { PERMISSIONS } from '@duban/shared';
import { systemActor, type Actor } from '../../apps/server/src/lib/actor';

type DispatchStats = { fannedOut?: number; claimed?: number; sent?: number; calls?: number; failed?: number; retrying?: number; deferred?: number };
type RunDispatcher = (deps: Deps, opts: { once?: boolean; limit?: number }) => Promise<DispatchStats>;
type PutNotifySettings = (deps: Deps, actor: Actor, input: unknown) => Promise<unknown>;

/** A local HTTP sink that answers every webhook call with WeCom's success body, counting them. */
export async function startSink(): Promise<{ url: string; count: () => number; close: () => Promise<void> }> {
  let n = 0;
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      n++;
      // Both the WeCom/DingTalk reply and our SMS gateway contract's reply.
      res.writeHead(200, { 'content-type': 'application/json' }).end(`{"errcode":0,"errmsg":"ok","code":0,"message":"ok","messageId":"m${n}"}`);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hook`, count: () => n, close: () => new Promise((r) => server.close(() => r())) };
}

/** The outbox dispatcher draining the pending rows the bench queued, against the claim-only ceiling. */
export const dispatcher: Workload = {
  id: 'dispatch',
  async run(ctx) {
    const name = 'dispatcher (outbox → channels, local HTTP sink)';
    const target = '≥ 2,000 msg/s';
    const ceiling = ctx.ceilings.dispatchPerSecond ?? Number.NaN;
    const runDispatcher = await findExport<RunDispatcher>('runDispatcher');
    const putSettings = await findExport<PutNotifySettings>('putNotifySettings');
    if (!runDispatcher || !putSettings) return [{ ...notLanded(name, target, 'runDispatcher'), ceiling: `${ceiling.toFixed(0)} msg/s claim` }];
    const sink = await startSink();
    try {
      // The SMS gateway (per person, one call per message) points at the sink; no quiet hours, so nothing is held.
      await putSettings(ctx.rt, { ...systemActor(ctx.tenant.id, '基准测试'), permissions: new Set(PERMISSIONS) }, {
        quietHours: { enabled: false, start: '21:00', end: '07:00', holdRestDays: false },
        channels: [{ channel: 'sms', enabled: true, urgentOnly: false, config: { url: sink.url, signName: '智慧督查' }, secrets: { apiKey: 'bench' } }],
      });
      const pending = await ctx.pool.query<{ n: number }>(`select count(*)::int as n from outbox where fanned_out_at is null`);
      const t0 = performance.now();
      const { value: stats, cpu } = await ctx.metered(
        () => runDispatcher(ctx.rt, { once: true, limit: 100 }),
        (s) => (s.sent ?? 0) + (s.failed ?? 0),
      );
      const seconds = (performance.now() - t0) / 1000;
      const messages = (stats.sent ?? 0) + (stats.failed ?? 0);
      const perSecond = messages / seconds;
      return [
        {
          workload: `${name}: ${pending.rows[0]?.n} outbox entries → ${stats.fannedOut} fanned out, ${stats.sent} sent, ${stats.retrying ?? 0} retrying, ${stats.deferred ?? 0} deferred in ${seconds.toFixed(1)} s`,
          ours: `${perSecond.toFixed(0)} msg/s`,
          ceiling: `${ceiling.toFixed(0)} msg/s claim`,
          ratio: ratio(perSecond, ceiling),
          target,
          result: verdict(perSecond >= 2000),
          note: `${sink.count()} gateway calls reached the sink; inbox messages are written too and not counted`,
          cpu: fmtCpu(cpu, 'node', 'msg'),
          cpuCeiling: fmtCpuCeiling(ctx.ceilings.cpu?.dispatch, cpu, 'node', 'msg'),
        },
      ];
    } finally {
      await sink.close();
    }
  },
};

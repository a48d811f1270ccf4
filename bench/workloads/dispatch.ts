import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { findExport } from '../lib/landed';
import { notLanded, ratio, verdict, type Workload } from '../lib/context';
import type { Deps } from '../../apps/server/src/lib/deps';

type RunDispatcher = (deps: Deps, opts: { once?: boolean; limit?: number }) => Promise<unknown>;

/** A local HTTP sink that answers every webhook call with WeCom's success body, counting them. */
async function startSink(): Promise<{ url: string; count: () => number; close: () => Promise<void> }> {
  let n = 0;
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      n++;
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"errcode":0,"errmsg":"ok"}');
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
    if (!runDispatcher) return [{ ...notLanded(name, target, 'runDispatcher'), ceiling: `${ceiling.toFixed(0)} msg/s claim` }];
    const sink = await startSink();
    try {
      const pending = await ctx.pool.query<{ n: number }>(`select count(*)::int as n from outbox where fanned_out_at is null`);
      const t0 = performance.now();
      await runDispatcher(ctx.rt, { once: true, limit: pending.rows[0]?.n ?? 0 });
      const seconds = (performance.now() - t0) / 1000;
      const left = await ctx.pool.query<{ n: number }>(`select count(*)::int as n from outbox where fanned_out_at is null`);
      const done = (pending.rows[0]?.n ?? 0) - (left.rows[0]?.n ?? 0);
      const perSecond = done / seconds;
      return [
        {
          workload: `${name}: ${done} messages`,
          ours: `${perSecond.toFixed(0)} msg/s`,
          ceiling: `${ceiling.toFixed(0)} msg/s claim`,
          ratio: ratio(perSecond, ceiling),
          target,
          result: verdict(perSecond >= 2000),
          note: sink.count() ? `${sink.count()} webhook calls reached the sink` : 'no channel configured to reach the sink: in-app delivery only',
        },
      ];
    } finally {
      await sink.close();
    }
  },
};

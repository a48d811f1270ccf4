import { headersOf } from '../lib/http';
import { latency, ms } from '../lib/stats';
import { notLanded, verdict, type Workload } from '../lib/context';

/**
 * 大屏 live feed: the office's big-screen stream (/api/cockpit/live, Server-Sent Events) is open while
 * liaisons report progress one at a time; each sample is from sending the report to its
 * `matter.report` event arriving on the stream (an upper bound of "event to browser": it includes
 * the report's own request and commit).
 */
export const liveFeed: Workload = {
  id: 'live',
  async run(ctx) {
    const name = 'big screen live feed (report sent → its event on the SSE stream)';
    const target = '≤ 2 s from the event';
    const abort = new AbortController();
    const res = await fetch(`${ctx.server.url}/api/cockpit/live`, { headers: headersOf(ctx.office), signal: abort.signal });
    if (res.status === 404) return [notLanded(name, target, 'GET /api/cockpit/live')];
    if (!res.ok || !res.body) return [{ workload: name, ours: '–', ceiling: '–', ratio: '–', target, result: 'error', note: `stream answered ${res.status}` }];
    const waiting = new Map<number, (at: number) => void>();
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    const pump = (async () => {
      let buf = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buf += decoder.decode(value, { stream: true });
        for (let i = buf.indexOf('\n\n'); i >= 0; i = buf.indexOf('\n\n')) {
          const chunk = buf.slice(0, i);
          buf = buf.slice(i + 2);
          const data = /^event: matter\.report$/m.test(chunk) ? /^data: (.*)$/m.exec(chunk)?.[1] : undefined;
          if (!data) continue;
          const matterId = Number((JSON.parse(data) as { matterId?: unknown }).matterId);
          waiting.get(matterId)?.(performance.now());
        }
      }
    })().catch(() => undefined);
    const samples: number[] = [];
    let failed = 0;
    try {
      const n = Math.min(ctx.smoke ? 3 : 30, ctx.targets.length);
      for (let i = 0; i < n; i++) {
        const t = ctx.targets[i];
        const who = t ? ctx.liaisons[t.who] : undefined;
        if (!t || !who) continue;
        const arrived = new Promise<number>((resolve) => waiting.set(t.matterId, resolve));
        const timeout = new Promise<number>((resolve) => setTimeout(() => resolve(Number.NaN), 10_000));
        const t0 = performance.now();
        const post = await fetch(`${ctx.server.url}/api/matters/${t.matterId}/reports`, {
          method: 'POST',
          headers: headersOf(who.session, true),
          body: JSON.stringify({ progress: t.progress, text: '基准测试：大屏实时推送' }),
        });
        await post.arrayBuffer();
        const at = post.ok ? await Promise.race([arrived, timeout]) : Number.NaN;
        waiting.delete(t.matterId);
        if (Number.isFinite(at)) samples.push(at - t0);
        else failed++;
      }
    } finally {
      abort.abort();
      await pump;
    }
    const l = latency(samples);
    const worst = samples.length ? Math.max(...samples) : Number.NaN;
    return [
      {
        workload: `${name}, ${samples.length} reports`,
        ours: `p50 ${ms(l.p50)} / p95 ${ms(l.p95)} / max ${ms(worst)} ms`,
        ceiling: '–',
        ratio: '–',
        target,
        result: failed ? 'error' : verdict(worst <= 2000),
        note: failed ? `${failed} reports failed or their event did not arrive within 10 s` : undefined,
      },
    ];
  },
};

/** Latency summary in milliseconds. */
export type Latency = { p50: number; p95: number; p99: number; n: number };

/** The q-quantile (0..1) of the samples, nearest-rank. */
export function quantile(sorted: readonly number[], q: number): number {
  if (!sorted.length) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? Number.NaN;
}

/** p50/p95/p99 of raw samples (ms). */
export function latency(samples: readonly number[]): Latency {
  const s = [...samples].sort((a, b) => a - b);
  return { p50: quantile(s, 0.5), p95: quantile(s, 0.95), p99: quantile(s, 0.99), n: s.length };
}

export const ms = (v: number) => (Number.isFinite(v) ? (v >= 100 ? v.toFixed(0) : v.toFixed(1)) : '–');
export const fmtLatency = (l: Latency) => `p50 ${ms(l.p50)} / p95 ${ms(l.p95)} / p99 ${ms(l.p99)} ms`;

/** Runs fn `clients` at a time until `seconds` pass; returns each call's latency (ms) and the throughput. */
export async function closedLoop(clients: number, seconds: number, fn: (client: number, i: number) => Promise<void>): Promise<{ lat: Latency; perSecond: number }> {
  const samples: number[] = [];
  const end = performance.now() + seconds * 1000;
  const t0 = performance.now();
  let i = 0;
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      while (performance.now() < end) {
        const s = performance.now();
        await fn(c, i++);
        samples.push(performance.now() - s);
      }
    }),
  );
  return { lat: latency(samples), perSecond: samples.length / ((performance.now() - t0) / 1000) };
}

import { headersOf, login, type Session } from '../lib/http';
import { watchRss } from '../lib/server';
import { fmtLatency, latency } from '../lib/stats';
import { fmtCpu } from '../lib/cpu';
import { pick, verdict, type BenchContext, type Row, type Workload } from '../lib/context';

const OPEN = 'assigned,in_progress,completion_requested';
const COLOURS = ['red', 'yellow', 'blue', 'green'];

type Kind = 'ledger' | 'matter' | 'report' | 'cockpit';
/** Who is at work at once: 60% reading ledger pages, 20% matter pages, 15% reporting progress, 5% looking at the cockpit. */
export const MIX: readonly [Kind, number][] = [
  ['ledger', 0.6],
  ['matter', 0.2],
  ['report', 0.15],
  ['cockpit', 0.05],
];

/** How many of `n` people do each kind of work (largest remainders, so they add up to n). */
export function peopleOf(n: number, mix: readonly [Kind, number][] = MIX): Kind[] {
  const exact = mix.map(([k, w]) => ({ k, x: n * w }));
  const counts = exact.map((e) => ({ k: e.k, c: Math.floor(e.x), r: e.x - Math.floor(e.x) }));
  let left = n - counts.reduce((a, c) => a + c.c, 0);
  for (const c of [...counts].sort((a, b) => b.r - a.r)) {
    if (left-- <= 0) break;
    c.c++;
  }
  return counts.flatMap((c) => Array.from({ length: c.c }, () => c.k));
}

type Person = { kind: Kind; session: Session; tenantId: number; unitId?: number; matters: { matterId: number; progress: number }[] };

/**
 * Signs in `n` people, each with a session of their own, in a tenant chosen at random: the ledger
 * readers half as the office (a colour's open matters) and half as a unit's liaison (their unit's
 * open matters), matter readers and reporters as a liaison on their unit's matters, the cockpit as
 * the secretary (书记, a leader).
 */
async function signIn(ctx: BenchContext, n: number): Promise<Person[]> {
  const people: Person[] = [];
  const kinds = peopleOf(n);
  // Liaisons whose unit leads matters in progress (on a tiny dataset some lead none): the others read as the office.
  const working = ctx.liaisons.filter((l) => ctx.targets.some((t) => t.unitId === l.unitId));
  for (let i = 0; i < kinds.length; i++) {
    const kind = kinds[i] ?? 'ledger';
    const asOffice = (kind === 'ledger' && i % 2 === 0) || !working.length;
    if (kind === 'cockpit' || asOffice) {
      const t = pick(ctx.tenants);
      people.push({ kind, tenantId: t.id, session: await login(ctx.server.url, `${t.code}.${kind === 'cockpit' ? 'shuji' : 'duchaban'}`), matters: [] });
      continue;
    }
    const l = pick(working);
    const matters = ctx.targets.filter((t) => t.unitId === l.unitId).map((t) => ({ matterId: t.matterId, progress: t.progress }));
    people.push({ kind, tenantId: l.tenantId, unitId: l.unitId, session: await login(ctx.server.url, l.username), matters });
  }
  return people;
}

function requestOf(p: Person, i: number): { method: 'GET' | 'POST'; path: string; body?: string } {
  // Without matters of their own (no liaison had any), matter readers and reporters read the ledger.
  const kind = p.kind !== 'cockpit' && !p.matters.length ? 'ledger' : p.kind;
  switch (kind) {
    case 'ledger':
      return p.unitId ? { method: 'GET', path: `/api/matters?status=${OPEN}&sort=deadline&order=asc&limit=20` } : { method: 'GET', path: `/api/matters?status=${OPEN}&colour=${pick(COLOURS)}&sort=deadline&order=asc&limit=20` };
    case 'matter':
      return { method: 'GET', path: `/api/matters/${pick(p.matters).matterId}` };
    case 'report': {
      const m = pick(p.matters);
      return { method: 'POST', path: `/api/matters/${m.matterId}/reports`, body: JSON.stringify({ progress: m.progress, text: '基准测试：现场施工有序推进，完成当期节点任务。' }) };
    }
    case 'cockpit':
      return { method: 'GET', path: `/api/cockpit?period=${i % 4 === 0 ? 'year' : 'week'}` };
  }
}

type Sample = { kind: Kind; ms: number; ok: boolean };

/** Every person sends their next request as soon as the previous one answered, for `seconds`. */
async function drive(base: string, people: Person[], seconds: number): Promise<{ samples: Sample[]; seconds: number }> {
  const samples: Sample[] = [];
  const t0 = performance.now();
  const end = t0 + seconds * 1000;
  await Promise.all(
    people.map(async (p) => {
      for (let i = 0; performance.now() < end; i++) {
        const r = requestOf(p, i);
        const s = performance.now();
        let ok: boolean;
        try {
          const res = await fetch(`${base}${r.path}`, { method: r.method, headers: headersOf(p.session, r.method === 'POST'), body: r.body, signal: AbortSignal.timeout(30_000) });
          await res.arrayBuffer();
          ok = res.ok;
        } catch {
          ok = false;
        }
        samples.push({ kind: p.kind, ms: performance.now() - s, ok });
      }
    }),
  );
  return { samples, seconds: (performance.now() - t0) / 1000 };
}

/**
 * Many people at once (50, then 200), mixed as MIX says, each with a session of their own, in
 * tenants chosen at random: latency percentiles per kind of request and over all, errors, the
 * server's memory and the CPU per request.
 */
export const mixed: Workload = {
  id: 'mixed',
  async run(ctx) {
    const rows: Row[] = [];
    const crowds = ctx.smoke ? [4] : [50, 200];
    for (const n of crowds) {
      const people = await signIn(ctx, n);
      const rss0 = ctx.server.rssMb();
      const { value, growthMb } = await watchRss(ctx.server, () => ctx.metered(() => drive(ctx.server.url, people, ctx.seconds), (v) => v.samples.length));
      const { samples, seconds } = value.value;
      const errors = samples.filter((s) => !s.ok).length;
      const all = latency(samples.map((s) => s.ms));
      const of = (k: Kind) => latency(samples.filter((s) => s.kind === k).map((s) => s.ms));
      const ledger = of('ledger');
      const report = of('report');
      const perKind = MIX.map(([k]) => `${k} ${fmtLatency(of(k)).replace(' ms', '')} (${of(k).n})`).join('; ');
      const ok = n <= 50 ? ledger.p95 <= 100 && report.p99 <= 300 && errors === 0 : all.p99 <= 500 && errors === 0;
      rows.push({
        workload: `${n} people at once (${peopleOf(n).length} sessions: ${MIX.map(([k, w]) => `${Math.round(w * 100)}% ${k}`).join(', ')}; ${ctx.tenants.length} tenant${ctx.tenants.length > 1 ? 's' : ''} at random): ${perKind} ms; server RSS ${rss0.toFixed(0)} MB, +${growthMb.toFixed(0)} MB`,
        ours: `${(samples.length / seconds).toFixed(0)} req/s, ${fmtLatency(all)}, ${errors} errors`,
        ceiling: '–',
        ratio: '–',
        target: n <= 50 ? 'ledger p95 ≤ 100 ms, report p99 ≤ 300 ms, 0 errors' : 'p99 ≤ 500 ms, 0 errors',
        result: verdict(ok),
        cpu: fmtCpu(value.cpu, 'server', 'req'),
      });
    }
    return rows;
  },
};

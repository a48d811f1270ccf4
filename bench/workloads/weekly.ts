import { systemActor } from '../../apps/server/src/lib/actor';
import type { Actor } from '../../apps/server/src/lib/actor';
import type { Deps } from '../../apps/server/src/lib/deps';
import { findExport } from '../lib/landed';
import { fmtCpu } from '../lib/cpu';
import { notLanded, verdict, type Workload } from '../lib/context';

type CreateReport = (deps: Deps, actor: Actor, input: { kind: 'weekly'; from?: string; to?: string }) => Promise<{ id: number; figures?: { matters?: unknown[]; mattersTotal?: number } }>;
type ReportDocument = (deps: Deps, actor: Actor, id: number) => Promise<{ body: Buffer }>;
type ReportAppendix = (deps: Deps, actor: Actor, id: number) => Promise<{ body: NodeJS.ReadableStream }>;

/** How many matters the report cites: all of them, also when the document lists only the first ones. */
const citedOf = (r: Awaited<ReturnType<CreateReport>>) => r.figures?.mattersTotal ?? r.figures?.matters?.length ?? Number.NaN;

const addDays = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** 督查周报 for the week before the dataset's today: the draft with every cited matter, then its .docx and .xlsx. */
export const weeklyReport: Workload = {
  id: 'weekly',
  async run(ctx) {
    const name = 'weekly report (draft + .docx + .xlsx)';
    // Issue 15: the whole week within 3 s however many matters it cites — the document lists the first ones and
    // counts the rest, and the appendix streams. So the report is ready when the draft and the .docx are made and the
    // appendix's first bytes are out; the whole appendix's download is timed beside it.
    const target = '≤ 3 s however many matters it cites (ready: draft, .docx, appendix streaming)';
    const createReport = await findExport<CreateReport>('createReport');
    const reportDocument = await findExport<ReportDocument>('reportDocument');
    const reportAppendix = await findExport<ReportAppendix>('reportAppendix');
    if (!createReport || !reportDocument || !reportAppendix) return [notLanded(name, target, 'createReport / reportDocument / reportAppendix')];
    const day = new Date(`${ctx.today}T00:00:00Z`).getUTCDay();
    const monday = addDays(ctx.today, -((day + 6) % 7) - 7);
    const actor = systemActor(ctx.tenant.id, '基准测试');
    const timedReport = async (from: string, to: string) => {
      const t0 = performance.now();
      let ready = 0;
      const { value: report, cpu } = await ctx.metered(async () => {
        const made = await createReport(ctx.rt, actor, { kind: 'weekly', from, to });
        await reportDocument(ctx.rt, actor, made.id);
        // The appendix streams: read to its end, as a download would; the report is ready at its first bytes.
        for await (const chunk of (await reportAppendix(ctx.rt, actor, made.id)).body) if (!ready && chunk) ready = performance.now();
        return made;
      }, () => 1);
      const end = performance.now();
      return { seconds: ((ready || end) - t0) / 1000, full: (end - t0) / 1000, cited: citedOf(report), cpu: fmtCpu(cpu, 'node', 'report') };
    };
    const week = await timedReport(monday, addDays(monday, 6));
    const fmt = (n: number) => (Number.isFinite(n) ? n.toLocaleString('en') : '?');
    const rows = [
      {
        workload: `${name}, week of ${monday}: ${fmt(week.cited)} matters cited`,
        ours: `ready ${week.seconds.toFixed(2)} s (whole appendix downloaded at ${week.full.toFixed(2)} s)`,
        ceiling: '–',
        ratio: '–',
        target,
        result: verdict(week.seconds <= 3),
        note: week.cited < 2000 ? 'fewer than 2,000 matters in that week at this size' : undefined,
        cpu: week.cpu,
      },
    ];
    // At city size one district's week cites several times 2,000 matters; the target's shape is also
    // measured: the shortest report period from that Monday that cites at least 2,000.
    if (week.cited > 2500) {
      for (let days = 1; days < 7; days++) {
        const r = await timedReport(monday, addDays(monday, days - 1));
        if (r.cited < 2000) continue;
        rows.push({
          workload: `${name}, ${monday} to ${addDays(monday, days - 1)} (${days} day${days > 1 ? 's' : ''}): ${fmt(r.cited)} matters cited`,
          ours: `ready ${r.seconds.toFixed(2)} s (whole appendix downloaded at ${r.full.toFixed(2)} s)`,
          ceiling: '–',
          ratio: '–',
          target,
          result: verdict(r.seconds <= 3),
          note: undefined,
          cpu: r.cpu,
        });
        break;
      }
    }
    return rows;
  },
};

import { systemActor } from '../../apps/server/src/lib/actor';
import type { Actor } from '../../apps/server/src/lib/actor';
import type { Deps } from '../../apps/server/src/lib/deps';
import { findExport } from '../lib/landed';
import { notLanded, verdict, type Workload } from '../lib/context';

type CreateReport = (deps: Deps, actor: Actor, input: { kind: 'weekly'; from?: string; to?: string }) => Promise<{ id: number; figures?: { matters?: unknown[] } }>;
type ReportFile = (deps: Deps, actor: Actor, id: number, format: 'docx' | 'xlsx') => Promise<{ body: Buffer }>;

const addDays = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** 督查周报 for the week before the dataset's today: the draft with every cited matter, then its .docx and .xlsx. */
export const weeklyReport: Workload = {
  id: 'weekly',
  async run(ctx) {
    const name = 'weekly report (draft + .docx + .xlsx)';
    const target = '≤ 3 s with 2,000 cited matters';
    const createReport = await findExport<CreateReport>('createReport');
    const reportFile = await findExport<ReportFile>('reportFile');
    if (!createReport || !reportFile) return [notLanded(name, target, 'createReport / reportFile')];
    const day = new Date(`${ctx.today}T00:00:00Z`).getUTCDay();
    const monday = addDays(ctx.today, -((day + 6) % 7) - 7);
    const actor = systemActor(ctx.tenant.id, '基准测试');
    const t0 = performance.now();
    const report = await createReport(ctx.rt, actor, { kind: 'weekly', from: monday, to: addDays(monday, 6) });
    await reportFile(ctx.rt, actor, report.id, 'docx');
    await reportFile(ctx.rt, actor, report.id, 'xlsx');
    const seconds = (performance.now() - t0) / 1000;
    const cited = report.figures?.matters?.length ?? Number.NaN;
    return [
      {
        workload: `${name}, week of ${monday}: ${Number.isFinite(cited) ? cited.toLocaleString('en') : '?'} matters cited`,
        ours: `${seconds.toFixed(2)} s`,
        ceiling: '–',
        ratio: '–',
        target,
        result: verdict(seconds <= 3),
        note: cited < 2000 ? 'fewer than 2,000 matters in that week at this size' : undefined,
      },
    ];
  },
};

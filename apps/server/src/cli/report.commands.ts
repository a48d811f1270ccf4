import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { chineseDate, isIsoDate, issueLabel, shanghaiDate, type ReportFigures, type ReportKind } from '@duban/shared';
import type { Command } from 'commander';
import type { CitedRest } from '../modules/reports/report.cited';
import { resolveTenant, withRuntime } from './context';

type Opts = { from?: string; to?: string; campaign?: string; out: string; xlsx?: string; tenant?: string };

/** `duban report weekly|inspection`: writes a report for any dates (or campaign) as .docx, with an .xlsx appendix. */
export function registerReportCommands(program: Command): void {
  program
    .command('report')
    .argument('<kind>', 'weekly (督查周报) or inspection (《督促检查情况》)')
    .description('write a 督查周报 for a date range (or a 督促检查情况 report for a campaign) as .docx, optionally with the .xlsx appendix')
    .option('--from <date>', 'first day, YYYY-MM-DD (weekly)')
    .option('--to <date>', 'last day, YYYY-MM-DD (weekly)')
    .option('--campaign <id>', 'inspection campaign id (inspection)')
    .requiredOption('-o, --out <file>', 'the .docx to write')
    .option('--xlsx <file>', 'also write the appendix of cited matters as .xlsx')
    .option('-t, --tenant <code>', 'tenant code')
    .action((kind: string, opts: Opts) =>
      withRuntime(async (rt) => {
        if (kind !== 'weekly' && kind !== 'inspection') throw new Error('kind must be "weekly" or "inspection"');
        const tenant = await resolveTenant(rt, opts.tenant);
        const [{ inspectionSummary, reportDocx, weeklySummary }, { citedRestRows }, { inspectionFigures, weeklyData }, { officeNameOf }, { reportXlsxStream }] = await Promise.all([
          import('../modules/reports/report.docx'),
          import('../modules/reports/report.cited'),
          import('../modules/reports/report.data'),
          import('../modules/tenants/office-settings'),
          import('../modules/reports/report.xlsx'),
        ]);
        let figures: ReportFigures;
        let rest: CitedRest | null = null;
        let title: string;
        let summary: string;
        if (kind === 'weekly') {
          if (!opts.from || !opts.to || !isIsoDate(opts.from) || !isIsoDate(opts.to) || opts.from > opts.to) throw new Error('--from and --to must be dates YYYY-MM-DD, from ≤ to');
          ({ figures, rest } = await weeklyData(rt, tenant.id, { from: opts.from, to: opts.to }));
          title = `${opts.from}至${opts.to}督办事项办理情况`;
          summary = weeklySummary(figures);
        } else {
          const id = Number(opts.campaign);
          if (!Number.isInteger(id) || id <= 0) throw new Error('--campaign must be the id of an inspection campaign');
          const got = await inspectionFigures(rt, tenant.id, id);
          if (!got) throw new Error(`no inspection campaign ${opts.campaign ?? '(missing --campaign)'}`);
          figures = got.figures;
          title = `关于“${got.name}”督促检查情况的通报`;
          summary = inspectionSummary(figures);
        }
        // The issue number of a report already made for these dates, else unnumbered (a preview).
        const issued = await rt.db
          .selectFrom('supervision_reports')
          .select(['year', 'seq'])
          .where('tenant_id', '=', tenant.id)
          .where('kind', '=', kind satisfies ReportKind)
          .where('period_from', '=', figures.from)
          .where('period_to', '=', figures.to)
          .orderBy('id')
          .executeTakeFirst();
        const docx = await reportDocx(
          { kind, issue: issued ? `${issued.year}年${issueLabel(issued.seq)}` : '（未编号）', title, office: await officeNameOf(rt.db, tenant.id), date: chineseDate(shanghaiDate(new Date(figures.generatedAt))) },
          figures,
          { summary, praise: '', criticism: '', nextSteps: '' },
        );
        fs.writeFileSync(opts.out, docx);
        console.log(`wrote ${opts.out} (${figures.mattersTotal ?? figures.matters.length} matters cited)`);
        if (opts.xlsx) {
          const restRows = rest ? citedRestRows(rt.db, tenant.id, rest, figures.to) : undefined;
          await pipeline(reportXlsxStream(title, figures, restRows), fs.createWriteStream(opts.xlsx));
          console.log(`wrote ${opts.xlsx}`);
        }
      }),
    );
}

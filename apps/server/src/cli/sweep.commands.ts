import fs from 'node:fs';
import { COLOUR_LABELS, type WarningColour } from '@duban/shared';
import type { Command } from 'commander';
import type { SweepStats } from '../modules/warnings/sweep.service';
import { resolveTenant, withRuntime } from './context';

const name = (c: WarningColour | null) => (c ? COLOUR_LABELS[c].label : '无');

/** What a person at a terminal wants to see of a sweep. */
export function describeSweep(s: SweepStats): string {
  const lines = [
    `${s.dryRun ? '[试运行，未写入] ' : ''}扫描时刻 ${s.at}${s.skipped ? ' — 另一实例正在扫描，本次跳过' : ''}`,
    `检查 ${s.checked} 件（候选 ${s.candidates}，重新分类的租户 ${s.reclassifiedTenants}），颜色变化 ${s.changed} 件，${s.dryRun ? '将发送' : '已写入'}提醒 ${s.reminders} 条（${s.recipients} 人次），用时 ${s.ms} ms`,
  ];
  if (s.changes.length) lines.push('', '颜色变化：');
  for (const c of s.changes) lines.push(`  ${c.number} ${c.title}：${name(c.from)} → ${name(c.to)}${c.reasons.length ? `（${c.reasons.join('；')}）` : ''}`);
  if (s.changed > s.changes.length) lines.push(`  … 另有 ${s.changed - s.changes.length} 件`);
  if (s.sent.length) lines.push('', s.dryRun ? '将发送的提醒：' : '已写入发件箱的提醒：');
  for (const r of s.sent) lines.push(`  [${r.kind}] → ${r.recipients} 人：${r.body}`);
  if (s.reminders > s.sent.length) lines.push(`  … 另有 ${s.reminders - s.sent.length} 条`);
  return lines.join('\n');
}

/** Parses --at: an ISO instant with offset, or a date (09:00 Shanghai that day). */
export function parseAt(text: string): Date {
  const at = /^\d{4}-\d{2}-\d{2}$/.test(text) ? new Date(`${text}T09:00:00+08:00`) : new Date(text);
  if (Number.isNaN(at.getTime())) throw new Error(`--at: "${text}" is not a date or time (e.g. 2026-12-01T09:00+08:00)`);
  return at;
}

/** sweep [--at] [--dry-run], calendar import <file>. */
export function registerSweepCommands(program: Command): void {
  program
    .command('sweep')
    .description('run the four-colour sweep once (for any moment with --at) and print what changed and what is owed')
    .option('--at <time>', 'the moment to sweep at, e.g. 2026-12-01T09:00+08:00 (default: now)')
    .option('--dry-run', 'compute and print, write nothing')
    .action((opts: { at?: string; dryRun?: boolean }) =>
      withRuntime(async (rt) => {
        const { runSweep } = await import('../modules/warnings/sweep.service');
        const stats = await runSweep(rt, { at: opts.at ? parseAt(opts.at) : undefined, dryRun: !!opts.dryRun });
        console.log(describeSweep(stats));
      }),
    );

  const calendar = program.command('calendar').description('the working-day calendar');
  calendar
    .command('import')
    .argument('<file>', 'a JSON or CSV calendar file (see docs/warning-rules.md §2.3)')
    .option('-t, --tenant <code>', 'tenant code')
    .description("import a year's holidays and make-up working days; nothing is imported if any row is wrong")
    .action((file: string, opts: { tenant?: string }) =>
      withRuntime(async (rt) => {
        const tenant = await resolveTenant(rt, opts.tenant);
        const text = fs.readFileSync(file, 'utf8');
        const [{ systemActor }, { importCalendar }] = await Promise.all([import('../lib/actor'), import('../modules/calendar/calendar.admin.service')]);
        const result = await importCalendar(rt, systemActor(tenant.id, '命令行'), text, file.split(/[\\/]/).pop() ?? file);
        console.log(`imported ${result.days} dates into ${tenant.name}${result.years.length ? `; years entered: ${result.years.join(', ')}` : ''}`);
      }),
    );
}

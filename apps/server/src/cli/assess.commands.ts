import fs from 'node:fs';
import type { Command } from 'commander';
import { resolveTenant, withRuntime } from './context';

/** `duban assess recompute|export --period 2026Q4`: recompute a period from the log, or write its results. */
export function registerAssessCommands(program: Command): void {
  const assess = program.command('assess').description('督考一体: recompute a period’s scores from the matters’ history, or export them');
  assess
    .command('recompute')
    .requiredOption('-p, --period <code>', 'a quarter (2026Q4) or a year (2026)')
    .option('-t, --tenant <code>', 'tenant code')
    .action((opts: { period: string; tenant?: string }) =>
      withRuntime(async (rt) => {
        const tenant = await resolveTenant(rt, opts.tenant);
        const [{ systemActor }, { recomputePeriod }] = await Promise.all([import('../lib/actor'), import('../modules/assessment/recompute.service')]);
        const r = await recomputePeriod(rt, systemActor(tenant.id, '命令行'), opts.period);
        process.stdout.write(`${r.code}: ${r.lines} score lines, ${r.units} units, ${r.cadres} cadres, ${r.flagged} flagged for 问责 (rule book version ${r.ruleBookVersion})\n`);
      }),
    );
  assess
    .command('export')
    .requiredOption('-p, --period <code>', 'a quarter (2026Q4) or a year (2026)')
    .option('-f, --format <format>', 'xlsx or docx', 'xlsx')
    .option('-o, --out <file>', 'the file to write (default: the period’s name)')
    .option('-t, --tenant <code>', 'tenant code')
    .action((opts: { period: string; format: string; out?: string; tenant?: string }) =>
      withRuntime(async (rt) => {
        if (opts.format !== 'xlsx' && opts.format !== 'docx') throw new Error('--format must be xlsx or docx');
        const tenant = await resolveTenant(rt, opts.tenant);
        const [{ systemActor }, { exportPeriod }] = await Promise.all([import('../lib/actor'), import('../modules/assessment/assessment.export.service')]);
        const file = await exportPeriod(rt, systemActor(tenant.id, '命令行'), opts.period, opts.format);
        const out = opts.out ?? file.fileName;
        fs.writeFileSync(out, file.body);
        process.stdout.write(`wrote ${out}\n`);
      }),
    );
}

import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliRunsHere, openCli } from '../../test/cli';
import { describeSweep, parseAt } from './sweep.commands';

describe('duban sweep / calendar import', () => {
  it('parses --at as an instant or a date (09:00 Shanghai)', () => {
    expect(parseAt('2026-12-01T09:00+08:00').toISOString()).toBe('2026-12-01T01:00:00.000Z');
    expect(parseAt('2026-12-01').toISOString()).toBe('2026-12-01T01:00:00.000Z');
    expect(() => parseAt('tomorrow')).toThrow('--at');
  });

  it('prints a sweep for people', () => {
    const text = describeSweep({
      at: '2026-12-01T01:00:00.000Z', dryRun: true, skipped: false, tenants: 1, reclassifiedTenants: 1, candidates: 1, checked: 1, changed: 1, reminders: 1, recipients: 3, chunks: 1, ms: 5,
      changes: [{ tenantId: 1, matterId: 7, number: '二七督〔2026〕7号', title: '市政重点工程', from: 'yellow', to: 'red', reasons: ['已逾期 2 个工作日（时限 2026-11-27）'] }],
      sent: [{ kind: 'warning.red', eventKey: 'colour:7:red:x', title: 't', body: '【红色预警】…', recipients: 3 }],
    });
    expect(text).toContain('[试运行，未写入]');
    expect(text).toContain('二七督〔2026〕7号 市政重点工程：黄色 → 红色（已逾期 2 个工作日（时限 2026-11-27））');
    expect(text).toContain('[warning.red] → 3 人：【红色预警】…');
  });

  it.runIf(cliRunsHere())('imports a calendar file and runs a dry sweep at any moment', async () => {
    const cli = await openCli();
    const duban = async (...args: string[]) => {
      const r = await cli.run(args);
      if (r.code !== 0) throw Object.assign(new Error(`duban ${args.join(' ')} exited ${r.code}`), r);
      return r;
    };
    try {
      await duban('seed', 'demo');
      const file = path.join(cli.dataDir, '2027.csv');
      fs.writeFileSync(file, '# covers: 2027\ndate,kind,name\n2027-01-01,休,元旦\n');
      const imported = await duban('calendar', 'import', file);
      expect(imported.stdout).toContain('years entered: 2027');
      fs.writeFileSync(file, 'date,kind,name\n2027-13-01,休,坏\n');
      await expect(duban('calendar', 'import', file)).rejects.toMatchObject({ stderr: expect.stringContaining('calendar_import_failed') });
      const swept = await duban('sweep', '--at', '2026-12-01T09:00+08:00', '--dry-run');
      expect(swept.stdout).toContain('[试运行，未写入] 扫描时刻 2026-12-01T01:00:00.000Z');
    } finally {
      await cli.close();
    }
  }, 240_000);
});

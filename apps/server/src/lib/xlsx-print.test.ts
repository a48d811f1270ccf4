import fs from 'node:fs';
import path from 'node:path';
import { buffer } from 'node:stream/consumers';
import ExcelJS from 'exceljs';
import { ledgerQuerySchema, type ReportFigures } from '@duban/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedTenant } from '../../test/fixtures';
import { insertMatter } from '../../test/files-fixtures';
import { canPrint, printWithLibreOffice } from '../../test/office';
import { createTestRuntime, type TestRuntime } from '../../test/runtime';
import { LEDGER_COLUMNS, LEDGER_SHEET } from '../modules/ledger/ledger.columns';
import { exportLedger } from '../modules/ledger/ledger.export';
import { reportXlsx } from '../modules/reports/report.xlsx';

// The exports are printed by people who never open the page setup: they must come out of the printer
// (here LibreOffice, as in the offices) readable as they are.

let rt: TestRuntime;
let t: Awaited<ReturnType<typeof seedTenant>>;

async function read(buf: Buffer, sheet: string) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(new Uint8Array(buf).buffer);
  const ws = wb.getWorksheet(sheet);
  if (!ws) throw new Error(`no sheet ${sheet}`);
  return ws;
}

function figures(n: number): ReportFigures {
  const matters = Array.from({ length: n }, (_, i) => ({
    id: i + 1,
    number: `二七督〔2026〕${1000 + i}号`,
    title: `五里堡片区第${i + 1}段道路改造及配套管网建设`,
    unitName: '五里堡街道办事处',
    leaderName: '李书记',
    status: 'in_progress',
    colour: 'red',
    progress: 40,
    deadline: '2026-11-30',
    createdOn: '2026-10-09',
    closedOn: null,
    daysOverdue: 5,
    tags: ['预警', '逾期'],
  }));
  const zero = { yellow: 0, blue: 0, red: n };
  return { from: '2026-11-30', to: '2026-12-06', generatedAt: '2026-12-07T00:00:00Z', newCount: 0, closedCount: 0, closedOnTime: 0, yearCompletionRate: 0, yearOnTimeRate: 0, yearAll: n, openCount: n, warnings: zero, overdueCount: n, league: [], inspections: null, matters };
}

describe('exports print', () => {
  beforeAll(async () => {
    rt = await createTestRuntime();
    t = await seedTenant(rt, 't1');
    for (let i = 0; i < 180; i++) await insertMatter(rt, t, { title: `打印测试事项${i + 1}` });
  });
  afterAll(() => rt.close());

  it('sets landscape, fit to width (enabled), repeated header rows and frozen panes on the ledger', async () => {
    const ws = await read(await buffer(await exportLedger(rt, await t.actor('t1dcb'), ledgerQuerySchema.parse({}))), LEDGER_SHEET);
    expect(ws.pageSetup).toMatchObject({ orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, paperSize: 8, printTitlesRow: '1:1' });
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
  });

  it('prints the ledger with every column across the page and the header on every page', async () => {
    if (!canPrint()) return; // images without LibreOffice skip the rendering check
    const dir = fs.mkdtempSync(path.join(rt.dataDir, 'ledger-pdf-'));
    const file = path.join(dir, 'ledger.xlsx');
    fs.writeFileSync(file, await buffer(await exportLedger(rt, await t.actor('t1dcb'), ledgerQuerySchema.parse({}))));
    const pdf = printWithLibreOffice(file, dir);
    expect(pdf.width).toBeGreaterThan(pdf.height); // landscape
    // 180 rows on A3 at the fitted scale: two pages, not dozens split by column.
    expect(pdf.pages).toBeGreaterThanOrEqual(2);
    expect(pdf.pages).toBeLessThanOrEqual(4);
    const first = LEDGER_COLUMNS[0]!.header;
    const last = LEDGER_COLUMNS[LEDGER_COLUMNS.length - 1]!.header;
    for (const page of pdf.pageText) {
      expect(page).toContain(first);
      expect(page).toContain(last);
      expect(page).toMatch(/第\d+页，共\d+页/);
    }
    expect(pdf.pageText.join('')).toContain('打印测试事项180');
  }, 240_000);

  it('prints the weekly report appendix on landscape pages with its whole title and repeated headers', async () => {
    const buf = await reportXlsx('督查周报', figures(80));
    const ws = await read(buf, '涉及事项');
    expect(ws.pageSetup).toMatchObject({ orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:2' });
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
    if (!canPrint()) return;
    const dir = fs.mkdtempSync(path.join(rt.dataDir, 'report-pdf-'));
    const file = path.join(dir, 'appendix.xlsx');
    fs.writeFileSync(file, buf);
    const pdf = printWithLibreOffice(file, dir);
    expect(pdf.width).toBeGreaterThan(pdf.height);
    expect(pdf.pages).toBeGreaterThan(1);
    expect(pdf.pageText[0]).toContain('督查周报（2026年11月30日至12月6日）涉及事项清单');
    for (const page of pdf.pageText) {
      expect(page).toContain('督办编号');
      expect(page).toContain('本期情况');
    }
  }, 240_000);
});

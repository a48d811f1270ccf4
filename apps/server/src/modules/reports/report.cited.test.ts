import ExcelJS from 'exceljs';
import type { ReportFigures, ReportMatter } from '@duban/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedTenant } from '../../../test/fixtures';
import { createTestRuntime, type TestRuntime } from '../../../test/runtime';
import { insertRandomMatters, seeded } from '../cockpit/cockpit.fixtures';
import { insertReport } from './report.repository';
import { citedRestRows, REPORT_OVERDUE_NAMED, splitCited, tagMask, tagsOfMask, weeklyFigures } from './report.data';
import { reportXlsx } from './report.xlsx';

const matter = (id: number, tags: string[], daysOverdue: number | null = null): ReportMatter => ({
  id,
  number: `测督〔2026〕${id}号`,
  title: `事项${id}`,
  unitName: '住建局',
  leaderName: null,
  status: 'in_progress',
  colour: 'green',
  progress: 10,
  deadline: '2026-11-01',
  createdOn: '2026-10-01',
  closedOn: null,
  daysOverdue,
  tags,
});
const figuresOf = (matters: ReportMatter[]) => ({ from: '2026-11-16', to: '2026-11-22', matters }) as unknown as ReportFigures;

describe('a report citing more matters than its figures list', () => {
  it('lists all of them, unchanged, up to the limit', () => {
    const f = figuresOf([matter(1, ['新增']), matter(2, ['逾期'], 3)]);
    expect(splitCited(f, 2)).toEqual({ figures: f, rest: null });
  });

  it('lists the most overdue ones and the first others, counts them all, and keeps the rest in order with their tags', () => {
    const all = [
      ...Array.from({ length: 50 }, (_, i) => matter(i + 1, ['新增'])),
      ...Array.from({ length: 40 }, (_, i) => matter(100 + i, ['预警', '逾期'], i)), // the most overdue are the last ones
    ];
    const { figures, rest } = splitCited(figuresOf(all), REPORT_OVERDUE_NAMED + 5);
    expect(figures.mattersTotal).toBe(90);
    expect(figures.matters).toHaveLength(REPORT_OVERDUE_NAMED + 5);
    // The 30 most overdue (days 10..39) are listed, and the first five others in the report's order.
    expect(figures.matters.filter((m) => m.tags.includes('逾期')).map((m) => m.daysOverdue)).toEqual(Array.from({ length: 30 }, (_, i) => i + 10));
    expect(figures.matters.filter((m) => !m.tags.includes('逾期')).map((m) => m.id)).toEqual([1, 2, 3, 4, 5]);
    expect(rest?.ids).toEqual([...Array.from({ length: 45 }, (_, i) => i + 6), ...Array.from({ length: 10 }, (_, i) => 100 + i)]);
    expect(rest?.tags.slice(0, 1).map(tagsOfMask)).toEqual([['新增']]);
    expect(tagsOfMask(rest?.tags.at(-1) ?? 0)).toEqual(['预警', '逾期']);
    expect(figures.matters.length + (rest?.ids.length ?? 0)).toBe(all.length);
  });

  it('round-trips every tag through the bitmask', () => {
    for (const tags of [[], ['新增'], ['办结'], ['新增', '预警'], ['新增', '办结', '预警', '逾期']]) expect(tagsOfMask(tagMask(tags))).toEqual(tags);
  });
});

describe('the appendix of such a report', () => {
  let rt: TestRuntime;
  let tenantId: number;
  beforeAll(async () => {
    rt = await createTestRuntime({ at: '2026-11-23T00:00:00Z' });
    const t = await seedTenant(rt);
    tenantId = t.tenantId;
    await insertRandomMatters(
      rt.db,
      { tenantId, unitIds: [t.units.housing, t.units.edu], leaderIds: [t.people.leader, null], categoryIds: Object.values(t.categories), firstDay: '2026-10-01', days: 53 },
      200,
      seeded(5),
    );
  });
  afterAll(() => rt.close());

  it('keeps the rest on the report row as integer arrays (both engines)', async () => {
    const now = new Date('2026-11-23T00:00:00Z');
    const row = await insertReport(rt.db, {
      tenant_id: tenantId,
      kind: 'weekly',
      year: 2026,
      seq: 99,
      title: '周报',
      period_from: '2026-11-16',
      period_to: '2026-11-22',
      campaign_id: null,
      figures: JSON.stringify(figuresOf([])),
      sections: JSON.stringify({ summary: '', praise: '', criticism: '', nextSteps: '' }),
      cited_rest_ids: [7, 3, 12],
      cited_rest_tags: [1, 8, 12],
      created_by: null,
      created_at: now,
      updated_at: now,
    });
    expect([row.cited_rest_ids, row.cited_rest_tags]).toEqual([
      [7, 3, 12],
      [1, 8, 12],
    ]);
  });

  it('reads the rest from the matters in chunks and lists every cited matter once, in the report order', async () => {
    const full = await weeklyFigures(rt, tenantId, { from: '2026-11-16', to: '2026-11-22' });
    expect(full.matters.length).toBeGreaterThan(40);
    const { figures, rest } = splitCited(full, 35);
    expect(rest).not.toBeNull();
    if (!rest) return;
    const chunks: ReportMatter[][] = [];
    for await (const c of citedRestRows(rt.db, tenantId, rest, figures.to, 4)) chunks.push(c);
    const read = chunks.flat();
    // As the matters stand now (unchanged since): the same rows the full figures held.
    const byId = new Map(full.matters.map((m) => [m.id, m]));
    expect(read.map((m) => m.id)).toEqual(rest.ids);
    for (const m of read) expect(m).toEqual(byId.get(m.id));

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(new Uint8Array(await reportXlsx('周报', figures, citedRestRows(rt.db, tenantId, rest, figures.to, 7))).buffer);
    const ws = wb.worksheets[0];
    const numbers: string[] = [];
    ws?.eachRow((row, n) => {
      if (n > 2) numbers.push(String(row.getCell(2).value));
    });
    expect(numbers).toHaveLength(full.matters.length);
    expect(new Set(numbers)).toEqual(new Set(full.matters.map((m) => m.number)));
  });
});

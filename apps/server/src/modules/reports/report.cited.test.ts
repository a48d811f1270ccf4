import ExcelJS from 'exceljs';
import type { ReportFigures, ReportMatter } from '@duban/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedTenant } from '../../../test/fixtures';
import { createTestRuntime, type TestRuntime } from '../../../test/runtime';
import { insertRandomMatters, seeded } from '../cockpit/cockpit.fixtures';
import { citedRest, insertReport } from './report.repository';
import { citedMatters, citedRestRows, tagMask, tagsOfMask } from './report.cited';
import { weeklyData } from './report.data';
import { reportXlsx } from './report.xlsx';

const figuresOf = (matters: ReportMatter[]) => ({ from: '2026-11-16', to: '2026-11-22', matters }) as unknown as ReportFigures;
const WEEK = { from: '2026-11-16', to: '2026-11-22' };

describe('the tags of a cited matter', () => {
  it('round-trips every tag through the bitmask', () => {
    for (const tags of [[], ['新增'], ['办结'], ['新增', '预警'], ['新增', '办结', '预警', '逾期']]) expect(tagsOfMask(tagMask(tags))).toEqual(tags);
  });
});

describe('a report citing more matters than its figures list', () => {
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
    const warned = await rt.db.selectFrom('matters').select('id').where('tenant_id', '=', tenantId).orderBy('id', 'desc').limit(8).execute();
    for (const m of warned) {
      await rt.db.insertInto('colour_history').values({ tenant_id: tenantId, matter_id: m.id, from_colour: 'green', to_colour: 'yellow', at: new Date('2026-11-18T03:00:00Z') }).execute();
    }
  });
  afterAll(() => rt.close());

  it('lists the first matters of each section, counts every cited matter once, and keeps the rest in order with their tags', async () => {
    const all = await citedMatters(rt.db, tenantId, WEEK, 10_000);
    expect(all.rest.ids).toEqual([]);
    expect(all.total).toBe(all.listed.length);
    const tagged = (tag: string) => all.listed.filter((m) => m.tags.includes(tag));
    expect([tagged('新增').length, tagged('办结').length, tagged('逾期').length]).toEqual([all.newCount, all.closedCount, all.overdueCount]);
    expect(all.newCount).toBeGreaterThan(5);
    expect(all.overdueCount).toBeGreaterThan(5);

    const some = await citedMatters(rt.db, tenantId, WEEK, 5);
    // The same counts, whatever is listed.
    expect([some.newCount, some.closedCount, some.closedOnTime, some.overdueCount, some.total]).toEqual([all.newCount, all.closedCount, all.closedOnTime, all.overdueCount, all.total]);
    expect(some.listed.length + some.rest.ids.length).toBe(all.total);
    // Listed and rest together are the full list, in the same order (the listed keep their places relative to each other).
    const order = all.listed.map((m) => m.id);
    const listedIds = some.listed.map((m) => m.id);
    expect(listedIds).toEqual(order.filter((id) => listedIds.includes(id)));
    expect(some.rest.ids).toEqual(order.filter((id) => !listedIds.includes(id)));
    expect(some.rest.tags.map(tagsOfMask)).toEqual(some.rest.ids.map((id) => all.listed.find((m) => m.id === id)?.tags));
    // Each section's first five: the earliest registered new ones, the most overdue ones.
    // (The full list starts with the new matters in the order they were registered.)
    expect(all.listed.slice(0, all.newCount).every((m) => m.tags.includes('新增'))).toBe(true);
    for (const m of tagged('新增').slice(0, 5)) expect(listedIds).toContain(m.id);
    const mostOverdue = [...tagged('逾期')].sort((a, b) => (b.daysOverdue ?? 0) - (a.daysOverdue ?? 0) || a.id - b.id);
    for (const m of mostOverdue.slice(0, 5)) expect(listedIds).toContain(m.id);
    expect(tagged('预警').length).toBe(8);
  });

  it('keeps the rest on the report row as integer arrays, read only for the appendix (both engines)', async () => {
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
    expect(Object.keys(row)).not.toContain('cited_rest_ids');
    expect(await citedRest(rt.db, tenantId, row.id)).toEqual({ ids: [7, 3, 12], tags: [1, 8, 12] });
  });

  it('reads the rest from the matters in chunks and writes every cited matter once into the appendix', async () => {
    const full = await weeklyData(rt, tenantId, WEEK, 10_000);
    expect(full.rest).toBeNull();
    expect(full.figures.mattersTotal).toBeUndefined();
    const { figures, rest } = await weeklyData(rt, tenantId, WEEK, 5);
    expect(figures.mattersTotal).toBe(full.figures.matters.length);
    expect(rest).not.toBeNull();
    if (!rest) return;
    const chunks: ReportMatter[][] = [];
    for await (const c of citedRestRows(rt.db, tenantId, rest, figures.to, 4)) chunks.push(c);
    const read = chunks.flat();
    // As the matters stand now (unchanged since): the same rows the full figures held.
    const byId = new Map(full.figures.matters.map((m) => [m.id, m]));
    expect(read.map((m) => m.id)).toEqual(rest.ids);
    for (const m of read) expect(m).toEqual(byId.get(m.id));

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(new Uint8Array(await reportXlsx('周报', figures, citedRestRows(rt.db, tenantId, rest, figures.to, 7))).buffer);
    const ws = wb.worksheets[0];
    const numbers: string[] = [];
    ws?.eachRow((row, n) => {
      if (n > 2) numbers.push(String(row.getCell(2).value));
    });
    expect(numbers).toHaveLength(full.figures.matters.length);
    expect(new Set(numbers)).toEqual(new Set(full.figures.matters.map((m) => m.number)));
  });
});

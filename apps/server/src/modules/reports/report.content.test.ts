import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedTenant } from '../../../test/fixtures';
import { insertMatter } from '../../../test/files-fixtures';
import { createTestRuntime, type TestRuntime } from '../../../test/runtime';
import { weeklyFigures } from './report.data';
import { reportDocx, weeklySummary } from './report.docx';

let rt: TestRuntime;
let t: Awaited<ReturnType<typeof seedTenant>>;

describe('督查周报 content', () => {
  beforeAll(async () => {
    rt = await createTestRuntime({ at: '2026-12-07T00:00:00Z' });
    t = await seedTenant(rt);
  });
  afterAll(() => rt.close());

  it('counts the matters in warning at the end of the period, not only those that changed colour in it', async () => {
    const set = (id: number, patch: { colour?: 'red' | 'yellow' | null; status?: 'closed'; closed_at?: Date }) => rt.db.updateTable('matters').set(patch).where('id', '=', id).execute();
    const history = (id: number, to: 'red' | 'yellow' | 'green', at: string) => rt.db.insertInto('colour_history').values({ tenant_id: t.tenantId, matter_id: id, from_colour: null, to_colour: to, at: new Date(at) }).execute();
    // Red for weeks, with no colour change this week (the demo's case): still in warning on the last day.
    const longRed = await insertMatter(rt, t, { deadline: '2026-11-10' });
    await set(longRed, { colour: 'red' });
    await history(longRed, 'red', '2026-11-11T00:30:00Z');
    // Red with no history at all (registered before the sweep ever ran): its current colour counts.
    const noHistory = await insertMatter(rt, t, { deadline: '2026-11-12' });
    await set(noHistory, { colour: 'red' });
    // Yellow during the period, red only after it: yellow at the end of the period.
    const later = await insertMatter(rt, t);
    await history(later, 'yellow', '2026-12-02T00:30:00Z');
    await history(later, 'red', '2026-12-08T00:30:00Z');
    await set(later, { colour: 'red' });
    // Closed before the period ended: not in warning any more.
    const closed = await insertMatter(rt, t);
    await history(closed, 'red', '2026-11-20T00:30:00Z');
    await set(closed, { colour: 'red', status: 'closed', closed_at: new Date('2026-12-01T02:00:00Z') });

    await rt.db.updateTable('matters').set({ created_at: new Date('2026-11-01T02:00:00Z') }).where('tenant_id', '=', t.tenantId).execute();
    // Registered after the period: not counted whatever its colour.
    const after = await insertMatter(rt, t);
    await rt.db.updateTable('matters').set({ colour: 'red', created_at: new Date('2026-12-07T02:00:00Z') }).where('id', '=', after).execute();

    const f = await weeklyFigures(rt, t.tenantId, { from: '2026-11-30', to: '2026-12-06' });
    expect(f.warnings).toEqual({ yellow: 1, blue: 0, red: 0 });
    expect(f.warningsAtEnd).toEqual({ yellow: 1, blue: 0, red: 2 });
    const summary = weeklySummary(f);
    expect(summary).toMatch(/^2026年11月30日至12月6日，/);
    expect(summary).toContain('本期新增预警1项');
    expect(summary).toContain('截至2026年12月6日，处于预警状态的事项3项（黄色1项、蓝色0项、红色2项）');
  });

  it('keeps every heading of the .docx with the paragraph or table after it', async () => {
    const f = await weeklyFigures(rt, t.tenantId, { from: '2026-11-30', to: '2026-12-06' });
    const docx = await reportDocx({ kind: 'weekly', issue: '2026年第49期', title: '标题', office: '测试区督查办公室', date: '2026年12月7日' }, f, { summary: '', praise: '', criticism: '', nextSteps: '下步工作' });
    const file = path.join(rt.dataDir, 'weekly.docx');
    fs.writeFileSync(file, docx);
    const xml = execFileSync('unzip', ['-p', file, 'word/document.xml']).toString('utf8');
    const paragraphs = xml.split('<w:p>').concat(xml.split('<w:p ')).filter((p) => /[一二三四五六]、/.test(p.slice(0, p.indexOf('</w:p>'))));
    const headings = ['一、总体情况', '二、逾期未办结事项', '三、单位办理情况排名', '四、通报表扬', '五、通报批评', '六、下步工作'];
    for (const h of headings) {
      const p = paragraphs.find((x) => x.slice(0, x.indexOf('</w:p>')).includes(h));
      expect(p?.slice(0, p.indexOf('</w:p>')), h).toContain('<w:keepNext/>');
    }
  });
});

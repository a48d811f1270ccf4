import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { meetingCreateSchema } from '@duban/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedTenant } from '../../../test/fixtures';
import { createTestRuntime, type TestRuntime } from '../../../test/runtime';
import { weeklyFigures } from '../reports/report.data';
import { reportDocx } from '../reports/report.docx';
import { completeDecision } from './decision.service';
import { createMeeting } from './meeting.service';

let rt: TestRuntime;
let t: Awaited<ReturnType<typeof seedTenant>>;

describe('督查周报: 会议议定事项落实情况', () => {
  beforeAll(async () => {
    rt = await createTestRuntime({ at: '2026-12-03T02:00:00Z' });
    t = await seedTenant(rt);
  });
  afterAll(() => rt.close());

  it('lists the week\'s decisions with their state, and earlier ones left overdue, under a heading of their own', async () => {
    const office = await t.actor('t1dcb');
    const earlier = await createMeeting(rt, office, meetingCreateSchema.parse({ kind: 'joint', title: '第11次城市管理联席会议', heldOn: '2026-11-20', decisions: [{ content: '清理背街小巷占道经营', unitId: t.units.street, deadline: '2026-11-27' }] }));
    const week = await createMeeting(
      rt,
      office,
      meetingCreateSchema.parse({
        kind: 'joint',
        title: '第12次城市管理联席会议',
        heldOn: '2026-12-01',
        decisions: [
          { content: '修复大学路排水管网', unitId: t.units.housing, deadline: '2026-12-20' },
          { content: '做好施工期间交通疏导', unitId: t.units.street, deadline: '2026-12-04' },
        ],
      }),
    );
    await createMeeting(rt, office, meetingCreateSchema.parse({ kind: 'supervision', title: '第48次督查工作例会', heldOn: '2026-11-30', decisions: [{ content: '加快老旧小区改造', unitId: t.units.street, deadline: '2026-12-31' }] }));
    await completeDecision(rt, await t.actor('t1liaison'), week.items[1]!.id, { result: '已安排专人疏导' });

    const f = await weeklyFigures(rt, t.tenantId, { from: '2026-11-30', to: '2026-12-06' });
    expect(f.meetings).toMatchObject({ joint: 1, supervision: 1, decided: 3, done: 1, overdue: 1 });
    expect(f.meetings?.decisions.map((d) => [d.content, d.tags])).toEqual([
      ['清理背街小巷占道经营', ['逾期未落实']],
      ['加快老旧小区改造', ['本期议定']],
      ['修复大学路排水管网', ['本期议定']],
      ['做好施工期间交通疏导', ['本期议定', '本期落实']],
    ]);
    expect(earlier.items[0]?.status).toBe('open');

    const docx = await reportDocx({ kind: 'weekly', issue: '2026年第49期', title: '标题', office: '测试区督查办公室', date: '2026年12月7日' }, f, { summary: '', praise: '', criticism: '', nextSteps: '' });
    const file = path.join(rt.dataDir, 'weekly-meetings.docx');
    fs.writeFileSync(file, docx);
    const text = execFileSync('unzip', ['-p', file, 'word/document.xml']).toString('utf8').replace(/<[^>]+>/g, '');
    expect(text).toContain('三、会议议定事项落实情况');
    expect(text).toContain('本期召开联席会议1次、督查工作例会1次，议定事项3项；本期落实议定事项1项；截至2026年12月6日，逾期未落实1项');
    expect(text).toContain('已落实（2026-12-03）');
    expect(text).toContain('四、单位办理情况排名');
    expect(text).toContain('六、通报批评');
  });
});

import { describe, expect, it } from 'vitest';
import { officialCalendar } from './calendar-data';
import { isWorkday } from './calendar';
import { decisionReminderDue, decisionReminderText, decisionState } from './meeting-decision';
import { meetingCreateSchema } from './meetings';
import { dayNumber, shanghaiInstant } from './time';

const cal = officialCalendar();
const open = { status: 'open' as const, deadline: '2026-12-01', doneAt: null };
const at = (date: string) => shanghaiInstant(date, 9 * 60);

describe('decision colour (like a matter: red overdue, yellow near the deadline, green)', () => {
  it('is green while more than three working days remain, yellow from three, red the day after the deadline', () => {
    expect(decisionState(open, at('2026-11-20'), cal)).toMatchObject({ colour: 'green', note: '距时限还有 7 个工作日（时限 2026-12-01）' });
    expect(decisionState(open, at('2026-11-25'), cal).colour).toBe('green');
    expect(decisionState(open, at('2026-11-26'), cal)).toMatchObject({ colour: 'yellow', note: '距时限还有 3 个工作日（时限 2026-12-01）' });
    expect(decisionState(open, at('2026-12-01'), cal)).toMatchObject({ colour: 'yellow', note: '今日到期', late: false });
    expect(decisionState(open, at('2026-12-03'), cal)).toEqual({ colour: 'red', note: '已逾期 2 个工作日（时限 2026-12-01）', overdueWorkdays: 2, late: true });
  });

  it('follows the tenant\'s due-soon setting', () => {
    expect(decisionState(open, at('2026-11-25'), cal, 5).colour).toBe('yellow');
    expect(decisionState(open, at('2026-11-30'), cal, 0).colour).toBe('green');
  });

  it('has no colour once done, and says whether it was done in time', () => {
    expect(decisionState({ ...open, status: 'done', doneAt: at('2026-12-01') }, at('2026-12-09'), cal)).toEqual({ colour: null, note: '按期落实', overdueWorkdays: 0, late: false });
    expect(decisionState({ ...open, status: 'done', doneAt: at('2026-12-04') }, at('2026-12-09'), cal)).toMatchObject({ colour: null, note: '逾期 3 个工作日后落实（时限 2026-12-01）', late: true });
  });
});

describe('decision reminders', () => {
  const due = (date: string) => decisionReminderDue(cal, dayNumber(date), '2026-12-01', isWorkday(cal, date));
  it('reminds three and one working days ahead, then on every working day past the deadline', () => {
    expect(due('2026-11-25')).toBeNull();
    expect(due('2026-11-26')).toEqual({ kind: 't3', days: 3 });
    expect(due('2026-11-30')).toEqual({ kind: 't1', days: 1 });
    expect(due('2026-12-01')).toEqual({ kind: 't1', days: 0 });
    expect(due('2026-12-03')).toEqual({ kind: 'overdue', days: 2 });
    expect(due('2026-12-05')).toBeNull(); // a Saturday
  });

  it('names the meeting, the unit, the decision and the deadline', () => {
    const f = { meetingTitle: '第12次城市管理联席会议', heldOn: '2026-11-20', unitName: '区住建局', text: '牵头修复大学路积水点排水管网', deadline: '2026-12-01' };
    expect(decisionReminderText('overdue', 2, f)).toEqual({
      title: '【会议议定·逾期】牵头修复大学路积水点排水管网',
      body: '【会议议定·逾期】第12次城市管理联席会议（2026-11-20）议定由区住建局落实的“牵头修复大学路积水点排水管网”已逾期 2 个工作日，请立即落实并报送落实情况（时限：2026-12-01）',
    });
    expect(decisionReminderText('t1', 0, f).body).toContain('今日到期');
  });
});

describe('meeting input', () => {
  const base = { kind: 'joint', title: '联席会议', heldOn: '2026-11-20' };
  it('refuses the same unit twice, problems on a supervision meeting and a decision about a problem not referred', () => {
    const r = meetingCreateSchema.safeParse({
      ...base,
      kind: 'supervision',
      units: [{ unitId: 1 }, { unitId: 1, present: false }],
      problemIds: [5],
      decisions: [{ content: '落实', unitId: 1, deadline: '2026-12-01', problemId: 6 }],
    });
    expect(r.success).toBe(false);
    const paths = r.error?.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(['units.1.unitId', 'problemIds', 'decisions.0.problemId']);
  });

  it('fills in defaults', () => {
    expect(meetingCreateSchema.parse(base)).toEqual({ ...base, minutes: '', units: [], problemIds: [], decisions: [] });
  });
});

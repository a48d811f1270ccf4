import { describe, expect, it } from 'vitest';
import { officialCalendar } from './calendar-data';
import { deadlineReminderDue, isRepeatDay, nextDeadlineReminderDay, nextRepeatDay } from './reminder-schedule';
import { colourReminderText, deadlineReminderText, extensionPendingText, noticeUnacknowledgedText, reportDueText } from './reminder-texts';
import { dayNumber, fromDayNumber, shanghaiInstant } from './time';
import { evaluateColour } from './warning';
import { rollUpColour } from './warning-rollup';

const cal = officialCalendar();
const d = dayNumber;
const m = { title: '市政重点工程', unitName: '五里堡街道办事处', deadline: '2026-12-01' };

describe('reminder texts', () => {
  it('a red warning reads like the seeds: colour, unit, matter, why, what to do, deadline', () => {
    const facts = { status: 'in_progress' as const, startDate: '2026-10-01', deadline: '2026-12-01', progress: 60, milestones: [], lastReportAt: shanghaiInstant('2026-12-02'), lastProgressIncreaseAt: shanghaiInstant('2026-12-02'), assignedAt: null, reportCadence: 'none' as const };
    const { reasons } = evaluateColour(facts, shanghaiInstant('2026-12-03', 9 * 60), cal);
    expect(colourReminderText('red', m, reasons)).toEqual({
      title: '【红色预警】市政重点工程',
      body: '【红色预警】五里堡街道办事处承办的“市政重点工程”已逾期 2 个工作日，请立即办理并汇报进度（时限：2026-12-01）',
    });
    expect(colourReminderText('red', { ...m, provisional: true }, reasons, true).body).toBe(
      '【红色预警·再次提醒】五里堡街道办事处承办的“市政重点工程”已逾期 2 个工作日，请立即办理并汇报进度（时限：2026-12-01，暂定）',
    );
  });

  it('a roll-up names the child and its reason, and the parent\'s own deadline as such', () => {
    const facts = { status: 'in_progress' as const, startDate: '2026-10-01', deadline: '2026-12-01', progress: 60, milestones: [], lastReportAt: shanghaiInstant('2026-12-02'), lastProgressIncreaseAt: shanghaiInstant('2026-12-02'), assignedAt: null, reportCadence: 'none' as const };
    const child = evaluateColour(facts, shanghaiInstant('2026-12-03', 9 * 60), cal);
    const rolled = rollUpColour([{ title: '拆迁清零', colour: child.colour, colour_reasons: child.reasons }, { title: '安置房建设', colour: 'green', colour_reasons: [] }]);
    expect(rolled.colour).toBe('red');
    expect(rolled.reasons[0]?.text).toBe('子事项“拆迁清零”：已逾期 2 个工作日（时限 2026-12-01）');
    const parent = { title: '城市更新', unitName: '五里堡街道办事处', deadline: '2027-03-08', provisional: true };
    expect(colourReminderText('red', parent, rolled.reasons)).toEqual({
      title: '【红色预警】城市更新（子事项“拆迁清零”）',
      body: '【红色预警】五里堡街道办事处承办的“城市更新”，其子事项“拆迁清零”已逾期 2 个工作日（时限 2026-12-01），请督促子事项承办单位立即办理并汇报进度（本事项时限：2027-03-08，暂定）',
    });
  });

  it('blue and yellow name their own reasons only', () => {
    const facts = { status: 'in_progress' as const, startDate: '2026-10-01', deadline: '2026-12-31', progress: 10, milestones: [], lastReportAt: shanghaiInstant('2026-11-01'), lastProgressIncreaseAt: shanghaiInstant('2026-11-01'), assignedAt: null, reportCadence: 'none' as const };
    const { colour, reasons } = evaluateColour(facts, shanghaiInstant('2026-11-20', 600), cal);
    expect(colour).toBe('blue');
    const text = colourReminderText('blue', m, reasons).body;
    expect(text).toMatch(/^【蓝色预警】五里堡街道办事处承办的“市政重点工程”已 19 天未汇报进度；进度已 19 天没有提升（当前 10%），请尽快汇报办理进度（时限：2026-12-01）$/);
    expect(colourReminderText('yellow', m, reasons).body).toMatch(/^【黄色预警】.*计划进度 [\d.]+%，实际 10%.*，请加快推进（时限：2026-12-01）$/);
    expect(colourReminderText('yellow', m, []).body).toContain('“市政重点工程”进度滞后，请加快推进');
  });

  it('deadline, report, notice and extension reminders', () => {
    expect(deadlineReminderText(m, 3, 45.5).body).toBe('【临期提醒】五里堡街道办事处承办的“市政重点工程”距时限还有 3 个工作日，当前进度 45.5%，请抓紧办理（时限：2026-12-01）');
    expect(deadlineReminderText(m, 0, 45).body).toContain('今日到期');
    expect(reportDueText(m, 'weekly', '2026-11-23').body).toBe('【汇报提醒】五里堡街道办事处承办的“市政重点工程”按每周汇报要求应于 2026-11-23 汇报进度，请及时汇报（时限：2026-12-01）');
    expect(noticeUnacknowledgedText({ number: '二七督通〔2026〕3号', title: '关于加快推进的通知', matterTitle: '市政重点工程', replyBy: null }).title).toBe('【通知单待签收】二七督通〔2026〕3号');
    expect(extensionPendingText({ matterTitle: '市政重点工程', unitName: '区住建局', previousDeadline: '2026-12-01', requestedDeadline: '2026-12-20', waitingWorkdays: 2 }).body).toBe(
      '【延期待审批】区住建局申请将“市政重点工程”的时限由 2026-12-01 延至 2026-12-20，已等待 2 个工作日，请及时审批',
    );
  });
});

describe('reminder schedule', () => {
  it('repeats every n working days after the colour began, skipping holidays', () => {
    // Red since Wed 2026-09-30: National Day 10-01..07 off, Sat 10-10 a working day.
    const since = d('2026-09-30');
    expect(isRepeatDay(cal, since, d('2026-10-08'), 1)).toBe(true);
    expect(isRepeatDay(cal, since, d('2026-10-03'), 1)).toBe(false);
    expect(isRepeatDay(cal, since, d('2026-10-09'), 2)).toBe(true); // 10-08, 10-09
    expect(isRepeatDay(cal, since, d('2026-10-08'), 2)).toBe(false);
    expect(fromDayNumber(nextRepeatDay(cal, since, d('2026-10-09'), 2))).toBe('2026-10-12'); // 10-10, 10-12
    expect(fromDayNumber(nextRepeatDay(cal, since, since, 3))).toBe('2026-10-10');
  });

  it('T-3 and T-1 count working days to the deadline', () => {
    const deadline = d('2026-10-13'); // Tuesday after National Day
    expect(deadlineReminderDue(cal, d('2026-10-08'), deadline)).toBeNull(); // 10-09, 10-10, 10-12, 10-13: 4 left
    expect(deadlineReminderDue(cal, d('2026-10-09'), deadline)).toEqual({ kind: 't3', remaining: 3 });
    expect(deadlineReminderDue(cal, d('2026-10-11'), deadline)).toEqual({ kind: 't3', remaining: 2 });
    expect(deadlineReminderDue(cal, d('2026-10-12'), deadline)).toEqual({ kind: 't1', remaining: 1 });
    expect(deadlineReminderDue(cal, deadline, deadline)).toEqual({ kind: 't1', remaining: 0 });
    expect(deadlineReminderDue(cal, d('2026-10-14'), deadline)).toBeNull();
    expect(fromDayNumber(nextDeadlineReminderDay(cal, d('2026-10-01'), deadline) ?? 0)).toBe('2026-10-09');
    expect(fromDayNumber(nextDeadlineReminderDay(cal, d('2026-10-09'), deadline) ?? 0)).toBe('2026-10-12');
    expect(nextDeadlineReminderDay(cal, d('2026-10-12'), deadline)).toBeNull();
  });
});

import { addWorkdaysNumber, workdaysBetweenNumbers, type WorkCalendar } from './calendar-core';
import type { DecisionStatus } from './meetings';
import { deadlineReminderDue } from './reminder-schedule';
import { dayNumber, shanghaiDayNumber, type IsoDate } from './time';
import type { WarningColour } from './warning-colours';
import { overdueText } from './warning-reasons';
import { DEFAULT_THRESHOLDS } from './warning-thresholds';

/**
 * A meeting decision (议定事项) coloured by the matters' deadline rules (SPEC §2): red 逾期未办 once its
 * deadline (an Asia/Shanghai date, inclusive) has passed, yellow when at most `dueSoonWorkdays` working
 * days remain, green otherwise; a done decision has no colour. A decision has no progress %, so the
 * matters' blue (stalled) and lagging rules do not apply to it.
 */
export type DecisionFacts = { status: DecisionStatus; deadline: IsoDate; doneAt: Date | null };
export type DecisionState = {
  colour: WarningColour | null;
  /** For people: why the colour, or how it finished. */
  note: string;
  /** Working days past the deadline (today for an open one, the day it was done for a done one); 0 when not late. */
  overdueWorkdays: number;
  late: boolean;
};

/** The colour and words of a decision at `now`. */
export function decisionState(f: DecisionFacts, now: Date, cal: WorkCalendar, dueSoonWorkdays: number = DEFAULT_THRESHOLDS.dueSoonWorkdays): DecisionState {
  const deadline = dayNumber(f.deadline);
  if (f.status === 'done') {
    const day = f.doneAt ? shanghaiDayNumber(f.doneAt) : deadline;
    if (day <= deadline) return { colour: null, note: '按期落实', overdueWorkdays: 0, late: false };
    const n = workdaysBetweenNumbers(cal, deadline, day);
    return { colour: null, note: n > 0 ? `逾期 ${n} 个工作日后落实（时限 ${f.deadline}）` : `过时限后落实（时限 ${f.deadline}）`, overdueWorkdays: n, late: true };
  }
  const today = shanghaiDayNumber(now);
  if (today > deadline) {
    const n = workdaysBetweenNumbers(cal, deadline, today);
    return { colour: 'red', note: overdueText(f.deadline, n), overdueWorkdays: n, late: true };
  }
  const remaining = workdaysBetweenNumbers(cal, today, deadline);
  const when = today === deadline ? '今日到期' : `距时限还有 ${remaining} 个工作日（时限 ${f.deadline}）`;
  // Near when the deadline comes before the (dueSoonWorkdays + 1)-th working day after today (as for matters).
  const near = deadline < addWorkdaysNumber(cal, today, dueSoonWorkdays + 1);
  return { colour: near ? 'yellow' : 'green', note: when, overdueWorkdays: 0, late: false };
}

/** What a decision reminder is about: the unit, the meeting and the decision. */
export type DecisionReminderFacts = { meetingTitle: string; heldOn: IsoDate; unitName: string; text: string; deadline: IsoDate };

/**
 * Which reminder an open decision is owed today: 'overdue' on every working day past its deadline, 't3' /
 * 't1' before it (as for matters, DEADLINE_REMINDER_WORKDAYS), or null. `workday` says whether today is one.
 */
export function decisionReminderDue(cal: WorkCalendar, today: number, deadline: IsoDate, workday: boolean): { kind: 'overdue' | 't3' | 't1'; days: number } | null {
  const d = dayNumber(deadline);
  if (today > d) return workday ? { kind: 'overdue', days: workdaysBetweenNumbers(cal, d, today) } : null;
  const due = deadlineReminderDue(cal, today, d);
  return due ? { kind: due.kind, days: due.remaining } : null;
}

/** The words of a decision reminder, in the reminders' style ("【会议议定·逾期】…"). */
export function decisionReminderText(kind: 'overdue' | 't3' | 't1', days: number, f: DecisionReminderFacts): { title: string; body: string } {
  const short = f.text.length > 40 ? `${f.text.slice(0, 39)}…` : f.text;
  const source = `${f.meetingTitle}（${f.heldOn}）议定`;
  if (kind === 'overdue') {
    const late = days > 0 ? `已逾期 ${days} 个工作日` : '已过时限';
    return { title: `【会议议定·逾期】${short}`, body: `【会议议定·逾期】${source}由${f.unitName}落实的“${f.text}”${late}，请立即落实并报送落实情况（时限：${f.deadline}）` };
  }
  const when = days > 0 ? `距时限还有 ${days} 个工作日` : '今日到期';
  return { title: `【会议议定·临期】${short}`, body: `【会议议定·临期】${source}由${f.unitName}落实的“${f.text}”${when}，请抓紧落实并报送落实情况（时限：${f.deadline}）` };
}

import type { ReportCadence } from './matter-facts';
import { REPORT_CADENCE_LABELS } from './matter-facts';
import type { IsoDate } from './time';

/** A parent's reason taken from its worst open child (roll-up): which child, and the child's own words. */
export type RolledFrom = { title: string; text: string };

/**
 * Why a matter has its colour; the UI lists every reason, the colour is the worst of them.
 * A parent's reasons rolled up from a child carry `child`: the reason is the child's, not the parent's.
 */
export type WarningReason = WarningReasonOwn & { child?: RolledFrom };
type WarningReasonOwn =
  | { code: 'overdue'; colour: 'red'; text: string; deadline: IsoDate; overdueWorkdays: number; overdueDays: number }
  | { code: 'no_report'; colour: 'blue'; text: string; days: number; stallDays: number; since: IsoDate; everReported: boolean }
  | {
      code: 'missed_report';
      colour: 'blue';
      text: string;
      cadence: Exclude<ReportCadence, 'none'>;
      cadenceWorkdays: number;
      since: IsoDate;
      dueDate: IsoDate;
    }
  | { code: 'no_progress'; colour: 'blue'; text: string; days: number; stallDays: number; since: IsoDate; progress: number }
  | { code: 'lagging'; colour: 'yellow'; text: string; plannedProgress: number; progress: number; gap: number; lagTolerance: number }
  | {
      code: 'milestone_missed';
      colour: 'yellow';
      text: string;
      milestoneDate: IsoDate;
      plannedProgress: number;
      progress: number;
      description: string | null;
    }
  | {
      code: 'due_soon';
      colour: 'yellow';
      text: string;
      deadline: IsoDate;
      remainingWorkdays: number;
      progress: number;
      dueSoonProgress: number;
    };
export type WarningReasonCode = WarningReason['code'];

/** A percentage for people: whole numbers as is, others to one decimal (60.4). */
export function formatPercent(p: number): string {
  return String(Math.round(p * 10) / 10);
}

export function overdueText(deadline: IsoDate, overdueWorkdays: number): string {
  // A Friday deadline seen on Saturday is past, but no working day has been lost yet.
  return overdueWorkdays > 0
    ? `已逾期 ${overdueWorkdays} 个工作日（时限 ${deadline}）`
    : `已过时限，逾期尚不足 1 个工作日（时限 ${deadline}）`;
}

export function noReportText(days: number, everReported: boolean): string {
  return everReported ? `已 ${days} 天未汇报进度` : `已 ${days} 天未汇报进度（交办以来尚未汇报）`;
}

export function missedReportText(cadence: ReportCadence, dueDate: IsoDate): string {
  return `未按${REPORT_CADENCE_LABELS[cadence]}汇报要求汇报进度（最迟应于 ${dueDate} 汇报）`;
}

export function noProgressText(days: number, progress: number): string {
  return `进度已 ${days} 天没有提升（当前 ${formatPercent(progress)}%）`;
}

export function laggingText(planned: number, progress: number): string {
  return `计划进度 ${formatPercent(planned)}%，实际 ${formatPercent(progress)}%，落后 ${formatPercent(planned - progress)} 个百分点`;
}

export function milestoneText(date: IsoDate, planned: number, description: string | null): string {
  const name = description ? `“${description}”` : '';
  return `节点${name}（${date}，计划 ${formatPercent(planned)}%）已过未达到`;
}

export function dueSoonText(remaining: number, deadline: IsoDate, today: IsoDate, progress: number, required: number): string {
  const tail = `进度 ${formatPercent(progress)}% 未达 ${formatPercent(required)}%`;
  if (remaining > 0) return `距时限仅剩 ${remaining} 个工作日，${tail}`;
  return deadline === today ? `今日到期，${tail}` : `时限前已无工作日（时限 ${deadline}），${tail}`;
}

import { shanghaiDate, type IsoDate } from './time';

/** A supervised matter's lifecycle states (立项 → 交办 → 办理中 → 申请办结 → 办结 → 归档; 撤销). */
export const MATTER_STATUSES = [
  'registered',
  'assigned',
  'in_progress',
  'completion_requested',
  'closed',
  'archived',
  'cancelled',
] as const;
export type MatterStatus = (typeof MATTER_STATUSES)[number];

/*
 * The one definition of open / closed / on time / overdue. Every TS check uses these sets and predicates;
 * every SQL check uses the server's fragments built from the same sets (apps/server/src/modules/matters/
 * matter-status.sql.ts), and a test runs both on a table of cases and pins that they agree (with the cockpit
 * trigger's cockpit_facts too).
 */

/** 办理中: assigned and not yet finished. The clock runs: such a matter is coloured, reminded, and can be overdue. */
export const MATTER_OPEN_STATUSES = ['assigned', 'in_progress', 'completion_requested'] as const satisfies readonly MatterStatus[];
/** Not finished yet, 立项 included (the cockpit's 在办, a parent's open sub-matters, what a calendar change recounts). */
export const MATTER_UNFINISHED_STATUSES = ['registered', ...MATTER_OPEN_STATUSES] as const satisfies readonly MatterStatus[];
/** 办结: closed, and still counted as closed once archived. 撤销 (cancelled) is neither open nor closed. */
export const MATTER_CLOSED_STATUSES = ['closed', 'archived'] as const satisfies readonly MatterStatus[];

const OPEN_SET: ReadonlySet<MatterStatus> = new Set(MATTER_OPEN_STATUSES);
const UNFINISHED_SET: ReadonlySet<MatterStatus> = new Set(MATTER_UNFINISHED_STATUSES);
const CLOSED_SET: ReadonlySet<MatterStatus> = new Set(MATTER_CLOSED_STATUSES);

/** Assigned and not finished (see MATTER_OPEN_STATUSES). */
export const isOpenMatter = (status: MatterStatus): boolean => OPEN_SET.has(status);
/** Not finished, 立项 included. */
export const isUnfinishedMatter = (status: MatterStatus): boolean => UNFINISHED_SET.has(status);
/** 办结 or 归档. */
export const isClosedMatter = (status: MatterStatus): boolean => CLOSED_SET.has(status);

/**
 * Closed on time: in a closed status, with a closing instant whose Asia/Shanghai date is on or before the
 * (effective) deadline. A matter with closed_at but not in a closed status does not count (the cockpit's
 * trigger always required the status; the ledger's filter used to look at closed_at alone).
 */
export function closedOnTime(m: { status: MatterStatus; closedAt: Date | null; deadline: IsoDate }): boolean {
  const on = closingDate(m);
  return on !== null && on <= m.deadline;
}

/** The Asia/Shanghai date a matter was closed on: null unless it is in a closed status with a closing instant. */
export function closingDate(m: { status: MatterStatus; closedAt: Date | null }): IsoDate | null {
  return isClosedMatter(m.status) && m.closedAt !== null ? shanghaiDate(m.closedAt) : null;
}

/** Overdue on `today` (an Asia/Shanghai date): open and the deadline, the last allowed day, has passed. */
export function isOverdue(m: { status: MatterStatus; deadline: IsoDate }, today: IsoDate): boolean {
  return isOpenMatter(m.status) && m.deadline < today;
}

/** How often the handling unit must report progress. */
export const REPORT_CADENCES = ['none', 'weekly', 'biweekly', 'monthly'] as const;
export type ReportCadence = (typeof REPORT_CADENCES)[number];

/** Working days between scheduled reports: a week, two weeks, a month of 22 working days. */
export const REPORT_CADENCE_WORKDAYS: Record<ReportCadence, number> = { none: 0, weekly: 5, biweekly: 10, monthly: 22 };

export const REPORT_CADENCE_LABELS: Record<ReportCadence, string> = {
  none: '不定期',
  weekly: '每周',
  biweekly: '每两周',
  monthly: '每月',
};

/** A 节点: by `date` the matter should have reached `plannedProgress` %. */
export type Milestone = { date: IsoDate; plannedProgress: number; description?: string | null };

/** What the warning colour is decided from; the sweep, the API and the UI all pass the same facts. */
export type MatterFacts = {
  status: MatterStatus;
  startDate: IsoDate;
  /** The effective (possibly extended) deadline: the last allowed day, inclusive. */
  deadline: IsoDate;
  /** Actual progress, 0–100. */
  progress: number;
  milestones: readonly Milestone[];
  lastReportAt: Date | null;
  /** When the reported % last went up. */
  lastProgressIncreaseAt: Date | null;
  /** When the reporting clock started (交办); startDate stands in when null. */
  assignedAt: Date | null;
  reportCadence: ReportCadence;
};

import type { IsoDate } from './time';

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

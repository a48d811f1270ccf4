import { DEFAULT_THRESHOLDS, mergeThresholds, type MatterFacts, type Milestone, type WarningThresholds } from '@duban/shared';
import type { Matter } from './matter.table';

/** The facts evaluateColour decides from, out of a matter row and its milestones. */
export function matterFacts(m: Pick<Matter, 'status' | 'start_date' | 'deadline' | 'progress' | 'last_report_at' | 'last_progress_at' | 'assigned_at' | 'report_cadence'>, milestones: readonly Milestone[]): MatterFacts {
  return {
    status: m.status,
    startDate: m.start_date,
    deadline: m.deadline,
    progress: Number(m.progress),
    milestones,
    lastReportAt: m.last_report_at,
    lastProgressIncreaseAt: m.last_progress_at,
    assignedAt: m.assigned_at,
    reportCadence: m.report_cadence,
  };
}

/**
 * The thresholds for a matter: its category's overrides over the tenant's (settings.warningThresholds)
 * over the defaults. A malformed stored value falls back to the defaults rather than failing a page.
 */
export function thresholdsFor(tenantSettings: unknown, categoryThresholds: unknown): WarningThresholds {
  const tenantLevel = tenantSettings && typeof tenantSettings === 'object' && 'warningThresholds' in tenantSettings ? tenantSettings.warningThresholds : null;
  try {
    return mergeThresholds(isRecord(tenantLevel) ? tenantLevel : null, isRecord(categoryThresholds) ? categoryThresholds : null);
  } catch {
    return { ...DEFAULT_THRESHOLDS };
  }
}

function isRecord(v: unknown): v is Record<string, number | null> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

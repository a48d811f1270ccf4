import { gridEscalationJob } from './grid-escalation.job';
import { assessmentRecomputeJob } from './assessment-recompute.job';
import { citizenClustersJob } from './citizen-clusters.job';
import type { Job } from './job';
import { meetingRemindersJob } from './meeting-reminders.job';
import { notifyDispatchJob } from './notify-dispatch.job';
import { securityPurgeJob } from './security-purge.job';
import { sessionPurgeJob } from './session-purge.job';
import { sweepJob } from './sweep.job';
import { traceAnchorShipJob } from './trace-anchor-ship.job';
import { weeklyReportJob } from './weekly-report.job';

/** Every scheduled job; each feature adds its own. */
export const JOBS: readonly Job[] = [sessionPurgeJob, securityPurgeJob, sweepJob, notifyDispatchJob, weeklyReportJob, traceAnchorShipJob, meetingRemindersJob, gridEscalationJob, assessmentRecomputeJob, citizenClustersJob];

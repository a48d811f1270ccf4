import type { Job } from './job';
import { sessionPurgeJob } from './session-purge.job';
import { weeklyReportJob } from './weekly-report.job';

/** Every scheduled job; each feature adds its own. */
export const JOBS: readonly Job[] = [sessionPurgeJob, weeklyReportJob];

import { recomputeDirtyPeriods } from '../modules/assessment/auto-recompute.service';
import type { Job } from './job';

/** Recomputes the open assessment periods whose inputs moved (a cheap watermark per period), once across instances. */
export const assessmentRecomputeJob: Job = {
  name: 'assessment-recompute',
  cron: '0 */10 * * * *',
  run: (deps) => recomputeDirtyPeriods(deps),
};

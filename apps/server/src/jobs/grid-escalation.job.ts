import { escalateDueProblems } from '../modules/grid/grid-escalation.service';
import type { Job } from './job';

/** 逐级上报: problems whose level has held them past its limit climb one level (once across instances). */
export const gridEscalationJob: Job = {
  name: 'grid-escalation',
  cron: '30 */5 * * * *',
  run: (deps) => escalateDueProblems(deps),
};

import { runSweep } from '../modules/warnings/sweep.service';
import type { Job } from './job';

/** The four-colour sweep: recolours what could have changed and owes the reminders (SWEEP_CRON, every minute by default). */
export const sweepJob: Job = {
  name: 'colour-sweep',
  cron: (config) => config.sweepCron,
  run: (deps) => runSweep(deps),
};

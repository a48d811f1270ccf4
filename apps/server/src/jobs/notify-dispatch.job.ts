import { runDispatcher } from '../modules/notify/dispatcher';
import type { Job } from './job';

/** Fans out new outbox entries and sends what is due, every five seconds (overlapping runs are skipped). */
export const notifyDispatchJob: Job = {
  name: 'notify-dispatch',
  cron: '*/5 * * * * *',
  run: (deps) => runDispatcher(deps, { once: true }),
};

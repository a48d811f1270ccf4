import { purgeSessions } from '../modules/auth/session.repository';
import type { Job } from './job';

/** Removes sessions that ended more than a day ago. */
export const sessionPurgeJob: Job = {
  name: 'session-purge',
  cron: '0 17 * * * *', // hourly, at minute 17
  run: (deps) => purgeSessions(deps.db, new Date(deps.clock.now().getTime() - 86_400_000)),
};

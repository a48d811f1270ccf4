import { purgeKeys } from '../modules/abuse/idempotency.repository';
import { purgeRateLimits } from '../modules/abuse/rate-limit.repository';
import { purgeDevices } from '../modules/auth/device.repository';
import { purgeThrottle } from '../modules/auth/throttle.repository';
import type { Job } from './job';

const DAY = 86_400_000;

/**
 * Forgets spent abuse-control state: rate-limit windows and idempotency keys older than a day, sign-in
 * failure counters whose window and lock ended a day ago, trusted devices unused for 180 days. Touches no
 * trace entry: security events live in the trace, which nothing deletes.
 */
export const securityPurgeJob: Job = {
  name: 'security-purge',
  cron: '0 23 * * * *', // hourly, at minute 23
  run: async (deps) => {
    const now = deps.clock.now().getTime();
    await purgeRateLimits(deps.db, new Date(now - DAY));
    await purgeKeys(deps.db, new Date(now - DAY));
    await purgeThrottle(deps.db, new Date(now - DAY));
    await purgeDevices(deps.db, new Date(now - 180 * DAY));
  },
};

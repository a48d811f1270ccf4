import { remindDecisions } from '../modules/meetings/decision-reminders';
import type { Job } from './job';

/** Reminds units of meeting decisions near or past their deadline (each reminder once; quiet hours hold them). */
export const meetingRemindersJob: Job = {
  name: 'meeting-decision-reminders',
  cron: '0 */15 * * * *',
  run: (deps) => remindDecisions(deps),
};

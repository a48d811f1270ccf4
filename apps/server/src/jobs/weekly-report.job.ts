import { generateWeeklyReports } from '../modules/reports/report.service';
import type { Job } from './job';

/** Drafts last week's 督查周报 for every tenant (WEEKLY_REPORT_CRON, default Mondays 08:00). */
export const weeklyReportJob: Job = {
  name: 'weekly-report',
  cron: (config) => config.weeklyReportCron,
  run: (deps) => generateWeeklyReports(deps),
};

import type { App } from './http/zod-app';
import type { Deps } from './lib/deps';
import { accountRoutes } from './modules/auth/account.routes';
import { adminRequestRoutes } from './modules/auth/admin-request.routes';
import { authRoutes } from './modules/auth/auth.routes';
import { tokenRoutes } from './modules/auth/token.routes';
import { totpRoutes } from './modules/auth/totp.routes';
import { cockpitRoutes } from './modules/cockpit/cockpit.routes';
import { healthRoutes } from './modules/health/health.routes';
import { importRoutes } from './modules/org/import.routes';
import { personRoutes } from './modules/org/person.routes';
import { unitRoutes } from './modules/org/unit.routes';
import { deliveryRoutes } from './modules/notify/delivery.routes';
import { inboxRoutes } from './modules/notify/inbox.routes';
import { liveRoutes } from './modules/notify/live.routes';
import { notifySettingsRoutes } from './modules/notify/settings.routes';
import { reportRoutes } from './modules/reports/report.routes';
import { traceRoutes } from './modules/trace/trace.routes';
import { categoryRoutes } from './modules/categories/category.routes';
import { matterActionRoutes } from './modules/matters/matter-actions.routes';
import { matterRoutes } from './modules/matters/matter.routes';
import { workbenchRoutes } from './modules/workbench/workbench.routes';
import { calendarRoutes } from './modules/calendar/calendar.routes';
import { warningSettingsRoutes } from './modules/warnings/warning-settings.routes';
import { officeSettingsRoutes } from './modules/tenants/office-settings';
import { attachmentRoutes } from './modules/attachments/attachment.routes';
import { noticeRoutes } from './modules/notices/notice.routes';
import { inspectionRoutes } from './modules/inspections/inspection.routes';
import { ledgerRoutes } from './modules/ledger/ledger.routes';
import { assessmentRoutes } from './modules/assessment/assessment.routes';
import { assessmentInsightRoutes } from './modules/assessment/insight.routes';
import { evaluationRoutes } from './modules/evaluation/evaluation.routes';
import { satisfactionRoutes } from './modules/satisfaction/satisfaction.routes';
import { meetingRoutes } from './modules/meetings/meeting.routes';
import { gridCellRoutes } from './modules/grid/grid-cells.routes';
import { gridImportRoutes } from './modules/grid/grid-import.routes';
import { gridSettingsRoutes } from './modules/grid/grid-settings.routes';
import { problemRoutes } from './modules/grid/problem.routes';
import { open311KeyRoutes } from './modules/open311/open311-key.routes';
import { open311Routes } from './modules/open311/open311.routes';
import { hotlineRoutes } from './modules/open311/hotline.routes';
import { citizensRoutes } from './modules/citizens/citizens.routes';

/** Route modules in the order they register; each feature adds one line. */
export const ROUTES: ReadonlyArray<(app: App, deps: Deps) => Promise<void>> = [
  healthRoutes,
  authRoutes,
  accountRoutes,
  adminRequestRoutes,
  tokenRoutes,
  totpRoutes,
  unitRoutes,
  personRoutes,
  importRoutes,
  traceRoutes,
  categoryRoutes,
  matterRoutes,
  matterActionRoutes,
  workbenchRoutes,
  calendarRoutes,
  warningSettingsRoutes,
  officeSettingsRoutes,
  inboxRoutes,
  liveRoutes,
  deliveryRoutes,
  notifySettingsRoutes,
  attachmentRoutes,
  noticeRoutes,
  inspectionRoutes,
  ledgerRoutes,
  cockpitRoutes,
  reportRoutes,
  assessmentRoutes,
  evaluationRoutes,
  satisfactionRoutes,
  assessmentInsightRoutes,
  meetingRoutes,
  gridCellRoutes,
  gridImportRoutes,
  gridSettingsRoutes,
  problemRoutes,
  open311KeyRoutes,
  open311Routes,
  hotlineRoutes,
  citizensRoutes,
];

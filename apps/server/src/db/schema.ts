import type { AssessmentAppealTable, AssessmentItemTable, AssessmentLineTable, AssessmentOrgPartTable, AssessmentPeriodTable, AssessmentRuleBookTable, AssessmentToleranceTable, AssessmentTotalTable } from '../modules/assessment/assessment.table';
import type { IdempotencyKeyTable, RateLimitTable } from '../modules/abuse/abuse.table';
import type { AccountTable, AdminRequestTable, LoginThrottleTable, RecoveryCodeTable, TrustedDeviceTable } from '../modules/auth/account.table';
import type { SessionTable } from '../modules/auth/session.table';
import type { ApiTokenTable } from '../modules/auth/token.table';
import type { CitizenPowUsedTable, CitizenReporterColumns, CitizenSettingsTable, GridProblemClusterTable, GridProblemRedactionTable } from '../modules/citizens/citizens.table';
import type { CockpitStatsTable, CockpitTotalsTable, CockpitWarnedTable, CockpitWeeklyTable, CockpitWeeklyTotalsTable } from '../modules/cockpit/cockpit.table';
import type { CalendarDayTable, CalendarYearTable } from '../modules/calendar/calendar.table';
import type { InspectionCampaignTable, InspectionInspectorTable, InspectionTable } from '../modules/inspections/inspection.table';
import type {
  AttachmentTable,
  CategoryTable,
  CompletionRequestTable,
  ExtensionRequestTable,
  MatterHandlerTable,
  MatterTable,
  MatterUnitTable,
  MilestoneTable,
  NumberSequenceTable,
  ProgressReportTable,
  UrgeTable,
} from '../modules/matters/matter.table';
import type { NoticeRecipientTable, NoticeReplyTable, NoticeTable } from '../modules/notices/notice.table';
import type {
  EvaluationDivisionTable,
  EvaluationMeasureTable,
  EvaluationRaterTable,
  EvaluationRatingTable,
  EvaluationRectificationTable,
  EvaluationRoundTable,
} from '../modules/evaluation/evaluation.table';
import type {
  GridCategoryTable,
  GridCellTable,
  GridLevelHoldTable,
  GridLevelTable,
  GridLimitVersionTable,
  GridProblemEventTable,
  GridProblemPhotoTable,
  GridProblemReporterTable,
  GridProblemTable,
  GridSettingsTable,
  GridStaffTable,
  GridTimeLimitTable,
} from '../modules/grid/grid.table';
import type { GridCellHistoryColumns, GridCellVersionTable, GridProblemStatsColumns, GridStatsMonthlyTable } from '../modules/grid/grid-cells.table';
import type { Open311KeyTable, Open311RequestTable } from '../modules/open311/open311.table';
import type { MeetingDecisionTable, MeetingProblemTable, MeetingTable, MeetingUnitTable } from '../modules/meetings/meeting.table';
import type { AssessmentIndicatorSettingsTable } from '../modules/assessment/indicators.table';
import type { AssessmentDirtyTable } from '../modules/assessment/dirty.table';
import type { AssessmentMatterDigestTable } from '../modules/assessment/digest.table';
import type { SatisfactionRatingTable, SatisfactionSettingsTable } from '../modules/satisfaction/satisfaction.table';
import type { DeliveryTable, InboxMessageTable, NotifyChannelTable, NotifySettingsTable, RobotPostTable } from '../modules/notify/notify.table';
import type { LeaderUnitTable, PersonTable } from '../modules/org/person.table';
import type { OutboxRecipientTable, OutboxTable } from '../modules/outbox/outbox.table';
import type { SupervisionReportTable } from '../modules/reports/report.table';
import type { UnitTable } from '../modules/org/unit.table';
import type { TenantTable } from '../modules/tenants/tenant.table';
import type { TraceHeadTable, TraceTable } from '../modules/trace/trace.table';
import type { ColourHistoryTable } from '../modules/warnings/colour-history.table';
import type { MatterDirtyTable, MatterSweepColumns, MatterSweepTable, SweepStateTable } from '../modules/warnings/sweep.table';

/** Every table Kysely knows; each feature declares its own in `<x>.table.ts`. */
export interface DB {
  tenants: TenantTable;
  units: UnitTable;
  people: PersonTable;
  leader_units: LeaderUnitTable;
  accounts: AccountTable;
  login_throttle: LoginThrottleTable;
  sessions: SessionTable;
  api_tokens: ApiTokenTable;
  trusted_devices: TrustedDeviceTable;
  recovery_codes: RecoveryCodeTable;
  admin_requests: AdminRequestTable;
  rate_limits: RateLimitTable;
  idempotency_keys: IdempotencyKeyTable;
  trace: TraceTable;
  trace_head: TraceHeadTable;
  number_sequences: NumberSequenceTable;
  categories: CategoryTable;
  calendar_days: CalendarDayTable;
  calendar_years: CalendarYearTable;
  matters: MatterTable & MatterSweepColumns;
  matter_units: MatterUnitTable;
  matter_handlers: MatterHandlerTable;
  milestones: MilestoneTable;
  progress_reports: ProgressReportTable;
  attachments: AttachmentTable;
  extension_requests: ExtensionRequestTable;
  completion_requests: CompletionRequestTable;
  urges: UrgeTable;
  notices: NoticeTable;
  notice_recipients: NoticeRecipientTable;
  notice_replies: NoticeReplyTable;
  inspection_campaigns: InspectionCampaignTable;
  inspections: InspectionTable;
  inspection_inspectors: InspectionInspectorTable;
  colour_history: ColourHistoryTable;
  outbox: OutboxTable;
  outbox_recipients: OutboxRecipientTable;
  sweep_state: SweepStateTable;
  matter_dirty: MatterDirtyTable;
  matter_sweep: MatterSweepTable;
  notify_settings: NotifySettingsTable;
  notify_channels: NotifyChannelTable;
  inbox_messages: InboxMessageTable;
  deliveries: DeliveryTable;
  robot_posts: RobotPostTable;
  evaluation_rounds: EvaluationRoundTable;
  evaluation_divisions: EvaluationDivisionTable;
  evaluation_raters: EvaluationRaterTable;
  evaluation_ratings: EvaluationRatingTable;
  evaluation_rectifications: EvaluationRectificationTable;
  evaluation_measures: EvaluationMeasureTable;
  satisfaction_ratings: SatisfactionRatingTable;
  satisfaction_settings: SatisfactionSettingsTable;
  assessment_indicator_settings: AssessmentIndicatorSettingsTable;
  cockpit_stats: CockpitStatsTable;
  cockpit_weekly: CockpitWeeklyTable;
  cockpit_warned: CockpitWarnedTable;
  cockpit_totals: CockpitTotalsTable;
  cockpit_weekly_totals: CockpitWeeklyTotalsTable;
  supervision_reports: SupervisionReportTable;
  assessment_rule_books: AssessmentRuleBookTable;
  assessment_periods: AssessmentPeriodTable;
  assessment_lines: AssessmentLineTable;
  assessment_totals: AssessmentTotalTable;
  assessment_org_parts: AssessmentOrgPartTable;
  assessment_tolerance: AssessmentToleranceTable;
  assessment_items: AssessmentItemTable;
  assessment_appeals: AssessmentAppealTable;
  assessment_dirty: AssessmentDirtyTable;
  assessment_matter_digests: AssessmentMatterDigestTable;
  grid_levels: GridLevelTable;
  grid_cells: GridCellTable & GridCellHistoryColumns;
  grid_staff: GridStaffTable;
  grid_categories: GridCategoryTable;
  grid_limit_versions: GridLimitVersionTable;
  grid_time_limits: GridTimeLimitTable;
  grid_settings: GridSettingsTable;
  grid_problems: GridProblemTable & GridProblemStatsColumns;
  grid_problem_events: GridProblemEventTable;
  grid_level_holds: GridLevelHoldTable;
  grid_problem_reporters: GridProblemReporterTable & CitizenReporterColumns;
  grid_problem_redactions: GridProblemRedactionTable;
  grid_problem_clusters: GridProblemClusterTable;
  citizen_settings: CitizenSettingsTable;
  citizen_pow_used: CitizenPowUsedTable;
  grid_problem_photos: GridProblemPhotoTable;
  grid_cell_versions: GridCellVersionTable;
  grid_stats_monthly: GridStatsMonthlyTable;
  open311_keys: Open311KeyTable;
  open311_requests: Open311RequestTable;
  meetings: MeetingTable;
  meeting_units: MeetingUnitTable;
  meeting_problems: MeetingProblemTable;
  meeting_decisions: MeetingDecisionTable;
}

import type { Permission } from '@duban/shared';
import type { ReactNode } from 'react';
import { WorkbenchPage } from '../features/workbench/WorkbenchPage';
import { lazyPage } from './lazyPage';

// Every page but the workbench loads on first visit, so signing in fetches neither ECharts nor the admin pages.
const AccountsPage = lazyPage(() => import('../features/accounts/AccountsPage').then((m) => m.AccountsPage));
const Open311KeysPage = lazyPage(() => import('../features/open311/Open311KeysPage').then((m) => m.Open311KeysPage));
const ClustersPage = lazyPage(() => import('../features/citizens/staff/ClustersPage').then((m) => m.ClustersPage));
const CitizenSettingsPage = lazyPage(() => import('../features/citizens/staff/CitizenSettingsPage').then((m) => m.CitizenSettingsPage));
const HotlinePage = lazyPage(() => import('../features/open311/HotlinePage').then((m) => m.HotlinePage));
const TokensPage = lazyPage(() => import('../features/accounts/TokensPage').then((m) => m.TokensPage));
const CockpitPage = lazyPage(() => import('../features/cockpit/CockpitPage').then((m) => m.CockpitPage));
const ScreenPage = lazyPage(() => import('../features/cockpit/ScreenPage').then((m) => m.ScreenPage));
const PeoplePage = lazyPage(() => import('../features/org/PeoplePage').then((m) => m.PeoplePage));
const ReportEditorPage = lazyPage(() => import('../features/reports/ReportEditorPage').then((m) => m.ReportEditorPage));
const AssessmentPage = lazyPage(() => import('../features/assessment/AssessmentPage').then((m) => m.AssessmentPage));
const ArchivePage = lazyPage(() => import('../features/assessment/ArchivePage').then((m) => m.ArchivePage));
const CadrePage = lazyPage(() => import('../features/assessment/CadrePage').then((m) => m.CadrePage));
const TolerancePage = lazyPage(() => import('../features/assessment/TolerancePage').then((m) => m.TolerancePage));
const SatisfactionPage = lazyPage(() => import('../features/assessment/SatisfactionPage').then((m) => m.SatisfactionPage));
const IndicatorsPage = lazyPage(() => import('../features/assessment/IndicatorsPage').then((m) => m.IndicatorsPage));
const ItemsPage = lazyPage(() => import('../features/assessment/ItemsPage').then((m) => m.ItemsPage));
const AppealsPage = lazyPage(() => import('../features/assessment/AppealsPage').then((m) => m.AppealsPage));
const ReportsPage = lazyPage(() => import('../features/reports/ReportsPage').then((m) => m.ReportsPage));
const UnitsPage = lazyPage(() => import('../features/org/UnitsPage').then((m) => m.UnitsPage));
const ChannelSettingsPage = lazyPage(() => import('../features/notify/ChannelSettingsPage').then((m) => m.ChannelSettingsPage));
const DeliveriesPage = lazyPage(() => import('../features/notify/DeliveriesPage').then((m) => m.DeliveriesPage));
const InboxPage = lazyPage(() => import('../features/notify/InboxPage').then((m) => m.InboxPage));
const CalendarPage = lazyPage(() => import('../features/settings/CalendarPage').then((m) => m.CalendarPage));
const WarningSettingsPage = lazyPage(() => import('../features/settings/WarningSettingsPage').then((m) => m.WarningSettingsPage));
const LedgerPage = lazyPage(() => import('../features/matters/LedgerPage').then((m) => m.LedgerPage));
const MatterPage = lazyPage(() => import('../features/matters/MatterPage').then((m) => m.MatterPage));
const ReportPage = lazyPage(() => import('../features/matters/ReportPage').then((m) => m.ReportPage));
const EvaluationPage = lazyPage(() => import('../features/evaluation/EvaluationPage').then((m) => m.EvaluationPage));
const EvaluationRatePage = lazyPage(() => import('../features/evaluation/RatePage').then((m) => m.RatePage));
const MeetingsPage = lazyPage(() => import('../features/meetings/MeetingsPage').then((m) => m.MeetingsPage));
const MeetingPage = lazyPage(() => import('../features/meetings/MeetingPage').then((m) => m.MeetingPage));
const DecisionsPage = lazyPage(() => import('../features/meetings/DecisionsPage').then((m) => m.DecisionsPage));
const AuditPage = lazyPage(() => import('../features/trace/AuditPage').then((m) => m.AuditPage));
const GridMapPage = lazyPage(() => import('../features/gridcells/GridMapPage').then((m) => m.GridMapPage));
const GridCellsPage = lazyPage(() => import('../features/gridcells/GridCellsPage').then((m) => m.GridCellsPage));
const GridSettingsPage = lazyPage(() => import('../features/gridsettings/GridSettingsPage').then((m) => m.GridSettingsPage));
const GridStatsPage = lazyPage(() => import('../features/gridcells/GridStatsPage').then((m) => m.GridStatsPage));
const GridPhonePage = lazyPage(() => import('../features/gridproblems/GridPhonePage').then((m) => m.GridPhonePage));
const GridQueuePage = lazyPage(() => import('../features/gridproblems/GridQueuePage').then((m) => m.GridQueuePage));
const GridProblemPage = lazyPage(() => import('../features/gridproblems/GridProblemPage').then((m) => m.GridProblemPage));

/** A page inside the signed-in frame; `anyOf` empty means every signed-in user. `bare` pages skip the frame. */
export type PageRoute = { path: string; anyOf: Permission[]; element: ReactNode; bare?: boolean };

/** Every signed-in page; features add theirs. */
export const PAGES: PageRoute[] = [
  { path: '/', anyOf: [], element: <WorkbenchPage /> },
  { path: '/matters', anyOf: ['matter.read'], element: <LedgerPage /> },
  { path: '/matters/:id', anyOf: ['matter.read'], element: <MatterPage /> },
  { path: '/matters/:id/report', anyOf: ['matter.handle'], element: <ReportPage /> },
  { path: '/org/units', anyOf: ['org.manage'], element: <UnitsPage /> },
  { path: '/org/people', anyOf: ['org.manage'], element: <PeoplePage /> },
  { path: '/accounts', anyOf: ['account.manage'], element: <AccountsPage mode="sysadmin" /> },
  { path: '/security/accounts', anyOf: ['account.roles'], element: <AccountsPage mode="secadmin" /> },
  { path: '/security/tokens', anyOf: ['token.manage'], element: <TokensPage /> },
  { path: '/security/open311', anyOf: ['token.manage'], element: <Open311KeysPage /> },
  { path: '/grid/hotline', anyOf: ['grid.manage'], element: <HotlinePage /> },
  { path: '/grid/clusters', anyOf: ['grid.read'], element: <ClustersPage /> },
  { path: '/grid/citizen-settings', anyOf: ['grid.manage'], element: <CitizenSettingsPage /> },
  { path: '/audit', anyOf: ['trace.read.all'], element: <AuditPage /> },
  { path: '/inbox', anyOf: [], element: <InboxPage /> },
  { path: '/notify/deliveries', anyOf: ['channel.manage', 'matter.manage'], element: <DeliveriesPage /> },
  { path: '/settings/channels', anyOf: ['channel.manage'], element: <ChannelSettingsPage /> },
  { path: '/settings/calendar', anyOf: ['calendar.manage', 'matter.manage'], element: <CalendarPage /> },
  { path: '/settings/warning', anyOf: ['calendar.manage', 'matter.manage'], element: <WarningSettingsPage /> },
  { path: '/cockpit', anyOf: ['cockpit.read'], element: <CockpitPage /> },
  { path: '/screen', anyOf: ['cockpit.read'], element: <ScreenPage />, bare: true },
  { path: '/reports', anyOf: ['report.manage', 'cockpit.read'], element: <ReportsPage /> },
  { path: '/reports/:id', anyOf: ['report.manage', 'cockpit.read'], element: <ReportEditorPage /> },
  { path: '/assessment', anyOf: ['assess.read'], element: <AssessmentPage /> },
  { path: '/assessment/cadres', anyOf: ['assess.read'], element: <ArchivePage /> },
  { path: '/assessment/cadres/:id', anyOf: [], element: <CadrePage /> },
  { path: '/assessment/me', anyOf: [], element: <CadrePage /> },
  { path: '/assessment/tolerance', anyOf: [], element: <TolerancePage /> },
  { path: '/assessment/satisfaction', anyOf: ['cockpit.read'], element: <SatisfactionPage /> },
  { path: '/assessment/indicators', anyOf: ['assess.read'], element: <IndicatorsPage /> },
  { path: '/assessment/items', anyOf: [], element: <ItemsPage /> },
  { path: '/assessment/appeals', anyOf: [], element: <AppealsPage /> },
  { path: '/evaluation', anyOf: ['cockpit.read'], element: <EvaluationPage /> },
  { path: '/evaluation/rate', anyOf: ['matter.read'], element: <EvaluationRatePage /> },
  { path: '/grid/map', anyOf: ['grid.read'], element: <GridMapPage /> },
  { path: '/grid/stats', anyOf: ['grid.read'], element: <GridStatsPage /> },
  { path: '/grid/cells', anyOf: ['grid.manage'], element: <GridCellsPage /> },
  { path: '/grid/settings', anyOf: ['grid.manage', 'calendar.manage'], element: <GridSettingsPage /> },
  { path: '/grid/phone', anyOf: ['grid.report'], element: <GridPhonePage /> },
  { path: '/grid/problems', anyOf: ['grid.read'], element: <GridQueuePage /> },
  { path: '/grid/problems/:id', anyOf: ['grid.read'], element: <GridProblemPage /> },
  { path: '/meetings', anyOf: ['matter.read'], element: <MeetingsPage /> },
  { path: '/meetings/:id', anyOf: ['matter.read'], element: <MeetingPage /> },
  { path: '/meeting-decisions', anyOf: ['matter.read'], element: <DecisionsPage /> },
];

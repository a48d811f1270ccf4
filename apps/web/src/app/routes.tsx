import type { Permission } from '@duban/shared';
import type { ReactNode } from 'react';
import { AccountsPage } from '../features/accounts/AccountsPage';
import { TokensPage } from '../features/accounts/TokensPage';
import { CockpitPage } from '../features/cockpit/CockpitPage';
import { ScreenPage } from '../features/cockpit/ScreenPage';
import { PeoplePage } from '../features/org/PeoplePage';
import { ReportEditorPage } from '../features/reports/ReportEditorPage';
import { ReportsPage } from '../features/reports/ReportsPage';
import { UnitsPage } from '../features/org/UnitsPage';
import { ChannelSettingsPage } from '../features/notify/ChannelSettingsPage';
import { DeliveriesPage } from '../features/notify/DeliveriesPage';
import { InboxPage } from '../features/notify/InboxPage';
import { CalendarPage } from '../features/settings/CalendarPage';
import { WarningSettingsPage } from '../features/settings/WarningSettingsPage';
import { LedgerPage } from '../features/matters/LedgerPage';
import { MatterPage } from '../features/matters/MatterPage';
import { ReportPage } from '../features/matters/ReportPage';
import { AuditPage } from '../features/trace/AuditPage';
import { WorkbenchPage } from '../features/workbench/WorkbenchPage';

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
];

import {
  ApartmentOutlined,
  SettingOutlined,
  ApiOutlined,
  AlertOutlined,
  AuditOutlined,
  BellOutlined,
  NotificationOutlined,
  SendOutlined,
  CalendarOutlined,
  FileSearchOutlined,
  DashboardOutlined,
  DesktopOutlined,
  FileTextOutlined,
  HomeOutlined,
  KeyOutlined,
  SafetyCertificateOutlined,
  TeamOutlined,
  UserOutlined,
  TrophyOutlined,
  IdcardOutlined,
  FormOutlined,
  GlobalOutlined,
  BarChartOutlined,
  ClusterOutlined,
  ScheduleOutlined,
  CarryOutOutlined,
  MobileOutlined,
  UnorderedListOutlined,
  PhoneOutlined,
} from '@ant-design/icons';
import type { Me, Permission } from '@duban/shared';
import type { ReactNode } from 'react';
import '../features/citizens/staff/i18n'; // the menu's citizens' labels

/** A menu entry; shown when the user holds any of `anyOf` (or always when empty). */
export type MenuEntry = { key: string; path: string; labelKey: string; icon: ReactNode; anyOf: Permission[]; group?: string };

/** The whole menu in one place; features add their entries here. */
export const MENU: MenuEntry[] = [
  { key: 'workbench', path: '/', labelKey: 'menu.workbench', icon: <HomeOutlined />, anyOf: [] },
  { key: 'matters', path: '/matters', labelKey: 'menu.matters', icon: <FileSearchOutlined />, anyOf: ['matter.read'] },
  { key: 'cockpit', path: '/cockpit', labelKey: 'menu.cockpit', icon: <DashboardOutlined />, anyOf: ['cockpit.read'] },
  { key: 'bigscreen', path: '/screen', labelKey: 'menu.bigscreen', icon: <DesktopOutlined />, anyOf: ['cockpit.read'] },
  { key: 'assessment', path: '/assessment', labelKey: 'menu.assessment', icon: <TrophyOutlined />, anyOf: ['assess.read'] },
  { key: 'myArchive', path: '/assessment/me', labelKey: 'menu.myArchive', icon: <IdcardOutlined />, anyOf: ['matter.handle'] },
  { key: 'meetings', path: '/meetings', labelKey: 'menu.meetings', icon: <ScheduleOutlined />, anyOf: ['matter.read'] },
  { key: 'meetingDecisions', path: '/meeting-decisions', labelKey: 'menu.meetingDecisions', icon: <CarryOutOutlined />, anyOf: ['matter.sign', 'matter.manage'] },
  { key: 'reports', path: '/reports', labelKey: 'menu.reports', icon: <FileTextOutlined />, anyOf: ['report.manage', 'cockpit.read'] },
  { key: 'evaluation', path: '/evaluation', labelKey: 'menu.evaluation', icon: <TrophyOutlined />, anyOf: ['cockpit.read'] },
  { key: 'evaluationRate', path: '/evaluation/rate', labelKey: 'menu.evaluationRate', icon: <FormOutlined />, anyOf: ['matter.read'] },
  { key: 'gridPhone', path: '/grid/phone', labelKey: 'gridCells.menu.phone', icon: <MobileOutlined />, anyOf: ['grid.report'], group: 'gridCells.menu.group' },
  { key: 'gridQueue', path: '/grid/problems', labelKey: 'gridCells.menu.queue', icon: <UnorderedListOutlined />, anyOf: ['grid.read'], group: 'gridCells.menu.group' },
  { key: 'gridMap', path: '/grid/map', labelKey: 'gridCells.menu.map', icon: <GlobalOutlined />, anyOf: ['grid.read'], group: 'gridCells.menu.group' },
  { key: 'gridStats', path: '/grid/stats', labelKey: 'gridCells.menu.stats', icon: <BarChartOutlined />, anyOf: ['grid.read'], group: 'gridCells.menu.group' },
  { key: 'gridCells', path: '/grid/cells', labelKey: 'gridCells.menu.cells', icon: <ClusterOutlined />, anyOf: ['grid.manage'], group: 'gridCells.menu.group' },
  { key: 'gridSettings', path: '/grid/settings', labelKey: 'gridCells.menu.settings', icon: <SettingOutlined />, anyOf: ['grid.manage', 'calendar.manage'], group: 'gridCells.menu.group' },
  { key: 'gridHotline', path: '/grid/hotline', labelKey: 'open311.menu.hotline', icon: <PhoneOutlined />, anyOf: ['grid.manage'], group: 'gridCells.menu.group' },
  { key: 'citizenClusters', path: '/grid/clusters', labelKey: 'citizenStaff.menu.clusters', icon: <AlertOutlined />, anyOf: ['grid.read'], group: 'gridCells.menu.group' },
  { key: 'citizenSettings', path: '/grid/citizen-settings', labelKey: 'citizenStaff.menu.settings', icon: <SafetyCertificateOutlined />, anyOf: ['grid.manage'], group: 'gridCells.menu.group' },
  { key: 'units', path: '/org/units', labelKey: 'menu.units', icon: <ApartmentOutlined />, anyOf: ['org.manage'], group: 'menu.system' },
  { key: 'people', path: '/org/people', labelKey: 'menu.people', icon: <TeamOutlined />, anyOf: ['org.manage'], group: 'menu.system' },
  { key: 'accounts', path: '/accounts', labelKey: 'menu.accounts', icon: <UserOutlined />, anyOf: ['account.manage'], group: 'menu.system' },
  { key: 'roles', path: '/security/accounts', labelKey: 'menu.roles', icon: <SafetyCertificateOutlined />, anyOf: ['account.roles'], group: 'menu.security' },
  { key: 'tokens', path: '/security/tokens', labelKey: 'menu.tokens', icon: <KeyOutlined />, anyOf: ['token.manage'], group: 'menu.security' },
  { key: 'open311Keys', path: '/security/open311', labelKey: 'open311.menu.keys', icon: <KeyOutlined />, anyOf: ['token.manage'], group: 'menu.security' },
  { key: 'inbox', path: '/inbox', labelKey: 'menu.inbox', icon: <BellOutlined />, anyOf: [] },
  { key: 'deliveries', path: '/notify/deliveries', labelKey: 'menu.deliveries', icon: <SendOutlined />, anyOf: ['channel.manage', 'matter.manage'] },
  { key: 'channels', path: '/settings/channels', labelKey: 'menu.channels', icon: <NotificationOutlined />, anyOf: ['channel.manage'], group: 'menu.security' },
  { key: 'calendar', path: '/settings/calendar', labelKey: 'menu.calendar', icon: <CalendarOutlined />, anyOf: ['calendar.manage', 'matter.manage'], group: 'menu.system' },
  { key: 'warningSettings', path: '/settings/warning', labelKey: 'menu.warningSettings', icon: <AlertOutlined />, anyOf: ['calendar.manage', 'matter.manage'], group: 'menu.system' },
  { key: 'audit', path: '/audit', labelKey: 'menu.audit', icon: <AuditOutlined />, anyOf: ['trace.read.all'] },
  { key: 'api', path: '/api/docs', labelKey: 'menu.api', icon: <ApiOutlined />, anyOf: ['token.manage', 'org.manage'] },
];

/** The entries this user may see, in menu order. */
export function menuFor(me: Me | null | undefined): MenuEntry[] {
  if (!me) return [];
  return MENU.filter((m) => m.anyOf.length === 0 || m.anyOf.some((p) => me.permissions.includes(p)));
}

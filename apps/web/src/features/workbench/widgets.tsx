import type { Permission } from '@duban/shared';
import type { ComponentType } from 'react';
import { CalendarBanner } from '../settings/CalendarBanner';
import { AccountsWidget } from './AccountsWidget';
import { AuditWidget } from './AuditWidget';
import { MyDecisionsWidget } from '../meetings/MyDecisionsWidget';
import { MattersTodoWidget } from './MattersTodoWidget';
import { OrgWidget } from './OrgWidget';

/** A workbench card for holders of any of `anyOf`; features add theirs (to sign, to report, to review …). */
export type WorkbenchWidget = { key: string; anyOf: Permission[]; span: 1 | 2; Component: ComponentType };

export const WORKBENCH_WIDGETS: WorkbenchWidget[] = [
  { key: 'matters-todo', anyOf: ['matter.handle', 'matter.manage', 'matter.inspect'], span: 2, Component: MattersTodoWidget },
  { key: 'meeting-decisions', anyOf: ['matter.sign'], span: 1, Component: MyDecisionsWidget },
  { key: 'org', anyOf: ['org.manage'], span: 1, Component: OrgWidget },
  { key: 'accounts', anyOf: ['account.roles'], span: 1, Component: AccountsWidget },
  { key: 'audit', anyOf: ['trace.verify'], span: 1, Component: AuditWidget },
  { key: 'calendar-coverage', anyOf: ['calendar.manage'], span: 2, Component: CalendarBanner },
];

/** Every permission that brings a card onto the workbench. */
export const WORKBENCH_PERMISSIONS: Permission[] = [...new Set(WORKBENCH_WIDGETS.flatMap((w) => w.anyOf))];

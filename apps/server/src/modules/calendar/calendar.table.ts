import type { CalendarExceptionKind } from '@duban/shared';
import type { Timestamp } from '../tenants/tenant.table';

export interface CalendarDayTable {
  tenant_id: number;
  date: string;
  kind: CalendarExceptionKind;
  name: string;
}

export interface CalendarYearTable {
  tenant_id: number;
  year: number;
  source: string | null;
  updated_at: Timestamp;
}

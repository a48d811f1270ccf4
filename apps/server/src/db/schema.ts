import type { AccountTable, LoginThrottleTable } from '../modules/auth/account.table';
import type { SessionTable } from '../modules/auth/session.table';
import type { ApiTokenTable } from '../modules/auth/token.table';
import type { LeaderUnitTable, PersonTable } from '../modules/org/person.table';
import type { UnitTable } from '../modules/org/unit.table';
import type { TenantTable } from '../modules/tenants/tenant.table';
import type { TraceHeadTable, TraceTable } from '../modules/trace/trace.table';

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
  trace: TraceTable;
  trace_head: TraceHeadTable;
}

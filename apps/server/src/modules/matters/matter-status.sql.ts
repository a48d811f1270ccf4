import { MATTER_CLOSED_STATUSES, MATTER_OPEN_STATUSES, MATTER_UNFINISHED_STATUSES, type IsoDate, type MatterStatus } from '@duban/shared';
import { sql, type RawBuilder, type SqlBool } from 'kysely';

/*
 * The SQL side of packages/shared's one definition of open / closed / on time / overdue (matter-facts.ts):
 * fragments over a `matters` row, built from the same status sets, for `.where(...)` or inside `sql`.
 * `alias` names the matters table in the query ('m' by default; null for unqualified columns).
 * Statuses are written as literals, so partial indexes whose predicate lists them (matters_open_deadline_status_idx,
 * the ledger's open-colour index) match under any plan, generic ones included.
 * matter-status.sql.test.ts pins that each fragment agrees with its TS predicate on a table of cases.
 */

const col = (alias: string | null, column: string) => sql.ref(alias ? `${alias}.${column}` : column);
const statusIn = (alias: string | null, statuses: readonly MatterStatus[]) =>
  sql<SqlBool>`${col(alias, 'status')} in (${sql.join(statuses.map((s) => sql.lit(s)))})`;

/** Assigned and not finished (isOpenMatter). */
export const openMatter = (alias: string | null = 'm'): RawBuilder<SqlBool> => statusIn(alias, MATTER_OPEN_STATUSES);

/** Not finished, 立项 included (isUnfinishedMatter). */
export const unfinishedMatter = (alias: string | null = 'm'): RawBuilder<SqlBool> => statusIn(alias, MATTER_UNFINISHED_STATUSES);

/** 办结 or 归档 (isClosedMatter). */
export const closedMatter = (alias: string | null = 'm'): RawBuilder<SqlBool> => statusIn(alias, MATTER_CLOSED_STATUSES);

/** Overdue on `today`, an Asia/Shanghai date (isOverdue): open, deadline before today. */
export const overdueMatter = (today: IsoDate, alias: string | null = 'm'): RawBuilder<SqlBool> =>
  sql<SqlBool>`(${openMatter(alias)} and ${col(alias, 'deadline')} < ${today}::date)`;

/** Closed on time (closedOnTime): closed status, closed_at's Asia/Shanghai date on or before the deadline. */
export const closedOnTimeSql = (alias: string | null = 'm'): RawBuilder<SqlBool> =>
  sql<SqlBool>`(${closedMatter(alias)} and ${col(alias, 'closed_at')} is not null and (${col(alias, 'closed_at')} at time zone 'Asia/Shanghai')::date <= ${col(alias, 'deadline')})`;

import { sql, type Kysely, type Transaction } from 'kysely';
import { shanghaiDate, type LedgerQuery } from '@duban/shared';
import type { DB } from '../../db/schema';
import type { Actor } from '../../lib/actor';
import { todoSql } from './ledger.todo';
import { closedOnTimeSql, overdueMatter } from './matter-status.sql';
import { matterScopeSql } from './matter.scope';
import { LIST_ITEM_COLUMNS } from './matter.presenter';

type Conn = Kysely<DB> | Transaction<DB>;

/** The effective page of a ledger query: page/pageSize win over limit/offset. */
export function ledgerPaging(q: LedgerQuery): { limit: number; offset: number } {
  if (q.page !== undefined || q.pageSize !== undefined) {
    const size = q.pageSize ?? q.limit;
    return { limit: size, offset: ((q.page ?? 1) - 1) * size };
  }
  return { limit: q.limit, offset: q.offset };
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * `matters as m` narrowed to the actor's data scope (in SQL) and every ledger filter; no columns,
 * no order. `now` decides the `overdue` filter (Asia/Shanghai date).
 */
export function ledgerWhere(db: Conn, actor: Actor, q: LedgerQuery, now: Date) {
  let s = db.selectFrom('matters as m').where('m.tenant_id', '=', actor.tenantId);
  const scope = matterScopeSql(actor);
  if (scope) s = s.where(scope);
  if (q.status?.length) s = s.where('m.status', 'in', q.status);
  if (q.colour?.length) {
    const colours = q.colour.filter((c) => c !== 'none');
    const none = q.colour.includes('none');
    s = s.where((eb) => eb.or([...(colours.length ? [eb('m.colour', 'in', colours)] : []), ...(none ? [eb('m.colour', 'is', null)] : [])]));
  }
  if (q.unitId !== undefined) {
    s = s.where(sql<boolean>`m.id in (select mu.matter_id from matter_units mu where mu.tenant_id = ${actor.tenantId} and mu.unit_id = ${q.unitId})`);
  }
  if (q.leadUnitId !== undefined) s = s.where('m.lead_unit_id', '=', q.leadUnitId);
  if (q.leaderId !== undefined) s = s.where('m.lead_leader_id', '=', q.leaderId);
  if (q.source?.length) s = s.where('m.source', 'in', q.source);
  if (q.categoryId !== undefined) s = s.where('m.category_id', '=', q.categoryId);
  if (q.priority?.length) s = s.where('m.priority', 'in', q.priority);
  if (q.deadlineFrom) s = s.where('m.deadline', '>=', q.deadlineFrom);
  if (q.deadlineTo) s = s.where('m.deadline', '<=', q.deadlineTo);
  // Created/closed are instants; the range is of Asia/Shanghai dates, both ends inclusive.
  if (q.createdFrom) s = s.where('m.created_at', '>=', sql<Date>`(${q.createdFrom}::date)::timestamp at time zone 'Asia/Shanghai'`);
  if (q.createdTo) s = s.where('m.created_at', '<', sql<Date>`(${q.createdTo}::date + 1)::timestamp at time zone 'Asia/Shanghai'`);
  if (q.closedFrom) s = s.where('m.closed_at', '>=', sql<Date>`(${q.closedFrom}::date)::timestamp at time zone 'Asia/Shanghai'`);
  if (q.closedTo) s = s.where('m.closed_at', '<', sql<Date>`(${q.closedTo}::date + 1)::timestamp at time zone 'Asia/Shanghai'`);
  if (q.overdue !== undefined) {
    const overdue = overdueMatter(shanghaiDate(now));
    s = s.where(q.overdue ? overdue : sql<boolean>`not ${overdue}`);
  }
  // The cockpit's own filters (its figures link here and must count the same matters).
  if (q.closedOnTime !== undefined) {
    const onTime = closedOnTimeSql();
    s = s.where(q.closedOnTime ? onTime : sql<boolean>`not ${onTime}`);
  }
  if (q.warnedFrom || q.warnedTo) {
    const from = q.warnedFrom ? sql`and ch.at >= (${q.warnedFrom}::date)::timestamp at time zone 'Asia/Shanghai'` : sql``;
    const to = q.warnedTo ? sql`and ch.at < (${q.warnedTo}::date + 1)::timestamp at time zone 'Asia/Shanghai'` : sql``;
    s = s.where(sql<boolean>`exists (select 1 from colour_history ch where ch.matter_id = m.id and ch.to_colour in ('yellow', 'blue', 'red') ${from} ${to})`);
  }
  if (q.leadScope && actor.scope.kind === 'units') {
    const units = actor.scope.unitIds.length ? actor.scope.unitIds : [-1];
    const mine = actor.roles.includes('leader') && actor.personId !== null ? sql` or m.lead_leader_id = ${actor.personId}` : sql``;
    s = s.where(sql<boolean>`(m.lead_unit_id in (${sql.join(units)})${mine})`);
  }
  if (q.parentId !== undefined) s = s.where('m.parent_id', '=', q.parentId);
  if (q.topLevel) s = s.where('m.parent_id', 'is', null);
  if (q.todo) s = s.where(todoSql(actor, q.todo, now));
  if (q.q) {
    const like = `%${escapeLike(q.q)}%`;
    // The expression matches the trigram index matters_text_idx.
    s = s.where((eb) => eb.or([sql<boolean>`(m.title || ' ' || m.content) ilike ${like}`, eb('m.number', '=', q.q ?? '')]));
  }
  return s;
}

const COLOUR_RANK = sql<number>`case m.colour when 'red' then 3 when 'blue' then 2 when 'yellow' then 1 when 'green' then 0 else -1 end`;

/** The ORDER BY of a ledger sort, over alias `m`, with id as the tie-breaker so pages never overlap. */
function orderKeys(q: LedgerQuery) {
  switch (q.sort) {
    case 'created_at':
      return [sql`m.created_at`];
    case 'progress':
      return [sql`m.progress`];
    case 'number':
      return [sql`m.year`, sql`m.seq`];
    case 'colour':
      return [COLOUR_RANK];
    case 'updated_at':
      return [sql`m.updated_at`];
    default:
      return [sql`m.deadline`];
  }
}

/**
 * The ledger as one Kysely select: the actor's matters after every filter of `q`, sorted, with the
 * columns of a ledger row (unit, leader and category names, co-unit names, child count).
 * `paged` (default) keeps only q's page; the export passes false for every row. The page is taken
 * first and the names joined to it afterwards, so a page costs the same at 1,000 or 1,000,000 rows.
 */
/** The co-units' names of the matter aliased `m` , for the ledger and the matter page alike. */
export const coUnitNamesOfM = sql<string[]>`(select coalesce(array_agg(u.name order by mu.id), '{}') from matter_units mu join units u on u.id = mu.unit_id where mu.matter_id = m.id and mu.role = 'co')`;
/** How many sub-matters the matter aliased `m` has. */
export const childCountOfM = sql<number>`(select count(*)::int from matters ch where ch.parent_id = m.id)`;

export function ledgerSelect(db: Conn, actor: Actor, q: LedgerQuery, now: Date, opts: { paged?: boolean } = {}) {
  const dir = q.order === 'desc' ? 'desc' : 'asc';
  // Only the columns a ledger row shows and the sort keys: the whole row (content, 50 columns) cost as much
  // again to send, parse and carry through the sort as the page itself.
  let inner = ledgerWhere(db, actor, q, now).select([...LIST_ITEM_COLUMNS.map((c) => `m.${c}` as const), 'm.year', 'm.seq', 'm.updated_at']);
  for (const k of orderKeys(q)) inner = inner.orderBy(k, dir);
  inner = inner.orderBy('m.id', dir);
  if (opts.paged !== false) {
    const { limit, offset } = ledgerPaging(q);
    inner = inner.limit(limit).offset(offset);
  }
  let outer = db
    .selectFrom(inner.as('m'))
    .innerJoin('units as lu', 'lu.id', 'm.lead_unit_id')
    .leftJoin('people as ll', 'll.id', 'm.lead_leader_id')
    .leftJoin('categories as c', 'c.id', 'm.category_id')
    .selectAll('m')
    .select(['lu.name as lead_unit_name', 'll.name as lead_leader_name', 'c.name as category_name'])
    .select([coUnitNamesOfM.as('co_unit_names'), childCountOfM.as('child_count')]);
  for (const k of orderKeys(q)) outer = outer.orderBy(k, dir);
  return outer.orderBy('m.id', dir);
}

export type LedgerRow = Awaited<ReturnType<ReturnType<typeof ledgerSelect>['execute']>>[number];

// Query keys that order or page the ledger without narrowing it, and the filters the totals can answer.
const NOT_FILTERS = new Set(['sort', 'order', 'limit', 'offset', 'page', 'pageSize']);
const STATE_FILTERS = new Set(['status', 'colour']);

/**
 * The count from the cockpit's tenant-wide totals (cockpit_totals, kept by the matters triggers in the
 * same transaction as every change) when the query is the whole tenant narrowed at most by status and
 * colour, the ledger's most used views: a sum over a few hundred monthly rows instead of counting up to a
 * million matters (168 ms at 1,000,000 matters in one tenant). Null when the query needs the matters.
 */
export async function totalFromCockpit(db: Conn, actor: Actor, q: LedgerQuery): Promise<number | null> {
  if (matterScopeSql(actor) !== null) return null; // a scoped viewer's matters are not the tenant's totals
  for (const [key, value] of Object.entries(q)) {
    if (value === undefined || NOT_FILTERS.has(key) || (Array.isArray(value) && value.length === 0)) continue;
    if (!STATE_FILTERS.has(key)) return null;
  }
  let s = db.selectFrom('cockpit_totals').where('tenant_id', '=', actor.tenantId).where('kind', '=', 'state').where('grain', '=', 'm');
  // key = status:colour, colour 'none' when there is none (as the ledger's colour filter 'none').
  if (q.status?.length) s = s.where(sql<string>`split_part(key, ':', 1)`, 'in', q.status);
  if (q.colour?.length) s = s.where(sql<string>`split_part(key, ':', 2)`, 'in', q.colour);
  const r = await s.select(sql<number>`coalesce(sum(n), 0)::int`.as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

/** One page of the ledger and the total matching count. */
export async function ledgerPage(db: Conn, actor: Actor, q: LedgerQuery, now: Date): Promise<{ rows: LedgerRow[]; total: number }> {
  const [rows, total] = await Promise.all([
    ledgerSelect(db, actor, q, now).execute(),
    totalFromCockpit(db, actor, q).then(
      (fromTotals) =>
        fromTotals ??
        ledgerWhere(db, actor, q, now)
          .select(sql<number>`count(*)::int`.as('n'))
          .executeTakeFirstOrThrow()
          .then((r) => Number(r.n)),
    ),
  ]);
  return { rows, total };
}

import { sql, type Insertable, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import { executePrepared } from '../../db/prepared';
import type { DB } from '../../db/schema';
import { outboxRow, type OutboxEntry } from '../outbox/outbox.service';
import type { GridLevelHoldTable, GridProblemEventTable, GridProblemTable } from './grid.table';
import type { ProblemRecord } from './problem.repository';

/**
 * What a report reads before it writes, in one statement (prepared on PostgreSQL): the category (active, of the
 * tenant), the tenant's cells-version (for the cached cell index) and the new problem's id. The id is drawn only
 * when the category exists; a report refused later (a point far outside the grid) leaves a gap in the ids, as a
 * rolled-back one always could.
 */
export async function reportBasis(db: Kysely<DB>, tenantId: number, categoryId: number) {
  const q = db
    .selectFrom('grid_categories')
    .select(['id', 'parent_id', 'name', 'urgency', 'duplicate_radius_m'])
    .select((eb) => [
      eb.selectFrom('grid_cell_versions').select('version').where('tenant_id', '=', tenantId).as('cells_version'),
      sql<string>`nextval(pg_get_serial_sequence('grid_problems', 'id'))::text`.as('next_id'),
    ])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', categoryId)
    .where('active', '=', true);
  const row = (await executePrepared(db, q.compile())).rows[0];
  return row && { ...row, cells_version: row.cells_version === null ? '0' : String(row.cells_version) };
}

/** The open problems of a category in a bounding box, but one (the duplicate hint's candidates, at most 50). */
export type NearbyQuery = { tenantId: number; categoryId: number; minLat: number; maxLat: number; minLon: number; maxLon: number; notId: string };
export type NearbyRow = { id: string; ticket: string; title: string; lat: number | null; lon: number | null };

/** What a report writes, as rows (see insertReport). */
export type ReportWrite = {
  problem: Insertable<GridProblemTable>;
  reporter: Insertable<DB['grid_problem_reporters']> | null;
  hold: Insertable<GridLevelHoldTable>;
  step: Insertable<GridProblemEventTable>;
  /** The level's people told (an outbox entry, written only when the people query finds someone). */
  notice: { entry: Omit<OutboxEntry, 'personIds'>; people: RawBuilder<{ person_id: number | null }> } | null;
  nearby: NearbyQuery | null;
  /** Lock the tenant's trace head at the end of the statement and return it (when nothing else is written before the trace). */
  lockTraceHead: boolean;
};

/**
 * A report's rows in one statement (one round trip instead of seven): the problem, its reporter, its first hold,
 * its first step and the notice to the level's people with its recipients (as enqueue: nothing when nobody is
 * told, nothing again for an event key already owed), the duplicate hint's candidates, read in the same snapshot
 * (which does not see the new problem), and, when asked, the tenant's trace head, locked. Foreign keys are checked
 * at the end of the statement.
 */
export async function insertReport(trx: Transaction<DB>, w: ReportWrite): Promise<{ row: ProblemRecord; nearby: NearbyRow[]; head: { seq: number; hash: string } | null }> {
  const parts = [sql`p as (${trx.insertInto('grid_problems').values(w.problem).returningAll()})`];
  if (w.reporter) parts.push(sql`r as (${trx.insertInto('grid_problem_reporters').values(w.reporter)})`);
  parts.push(sql`h as (${trx.insertInto('grid_level_holds').values(w.hold)})`);
  parts.push(sql`e as (${trx.insertInto('grid_problem_events').values(w.step)})`);
  if (w.notice) {
    const o = outboxRow(w.notice.entry);
    parts.push(sql`ppl as (select distinct x.person_id from (${w.notice.people}) x where x.person_id is not null)`);
    parts.push(sql`o as (
      insert into outbox (tenant_id, kind, event_key, title, body, link, payload, created_at)
      select ${o.tenant_id}::integer, ${o.kind}::text, ${o.event_key}::text, ${o.title}::text, ${o.body}::text, ${o.link}::text, ${o.payload}::jsonb, ${o.created_at}::timestamptz
      where exists (select 1 from ppl)
      on conflict (tenant_id, event_key) do nothing
      returning id)`);
    parts.push(sql`rc as (insert into outbox_recipients (outbox_id, tenant_id, person_id) select o.id, ${o.tenant_id}::integer, ppl.person_id from o cross join ppl)`);
  }
  const n = w.nearby;
  const nearby = n
    ? sql`(select coalesce(json_agg(json_build_object('id', c.id::text, 'ticket', c.ticket, 'title', c.title, 'lat', c.lat, 'lon', c.lon)), '[]'::json) from (
        select id, ticket, title, lat, lon from grid_problems
        where tenant_id = ${n.tenantId}::integer and category_id = ${n.categoryId}::integer and closed_at is null
          and lat >= ${n.minLat}::float8 and lat <= ${n.maxLat}::float8 and lon >= ${n.minLon}::float8 and lon <= ${n.maxLon}::float8 and id <> ${n.notId}::bigint
        limit 50) c)`
    : sql`'[]'::json`;
  // The head is locked last (after the problem row), as recordTrace would: it serialises the tenant's writes until commit.
  const head = w.lockTraceHead
    ? sql`h.seq as trace_seq, h.hash as trace_hash from p left join lateral (select seq, hash from trace_head where tenant_id = ${w.problem.tenant_id}::integer for update) h on true`
    : sql`null::bigint as trace_seq, null::text as trace_hash from p`;
  const q = sql<ProblemRecord & { report_nearby: NearbyRow[] | string; trace_seq: number | null; trace_hash: string | null }>`with ${sql.join(parts)}
    select p.*, ${nearby} as report_nearby, ${head}`;
  const got = (await executePrepared(trx, q.compile(trx))).rows[0];
  if (!got) throw new Error('problem not inserted');
  const { report_nearby: found, trace_seq: seq, trace_hash: hash, ...row } = got;
  return {
    row,
    // pg parses json; the embedded engine may hand back the text.
    nearby: typeof found === 'string' ? (JSON.parse(found) as NearbyRow[]) : found,
    head: seq === null || hash === null ? null : { seq: Number(seq), hash },
  };
}

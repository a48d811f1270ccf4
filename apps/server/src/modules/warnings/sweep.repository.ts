import { sql, type Kysely, type Transaction } from 'kysely';
import type { MatterFacts, MatterStatus, ReportCadence, WarningColour, WarningReason } from '@duban/shared';
import type { DB } from '../../db/schema';
import { intArray } from '../../db/sql-values';
import { openMatter } from '../matters/matter-status.sql';

type Conn = Kysely<DB> | Transaction<DB>;

/**
 * Ids of matters the sweep must look at on `today`: facts written since the last check, a check
 * day come, or any open/coloured matter of a tenant whose rules changed. Ascending.
 */
export async function candidateIds(db: Conn, today: string, reclassifyTenants: readonly number[]): Promise<number[]> {
  const parts = [
    sql`select matter_id as id from matter_dirty`,
    sql`select matter_id as id from matter_sweep where due_on is not null and due_on <= ${today}::date`,
  ];
  if (reclassifyTenants.length) {
    // Two index-only scans (matters_open_colour_idx, matters_closed_coloured_idx), not one OR that reads every matter.
    const tenants = sql.join(reclassifyTenants);
    parts.push(
      sql`select id from matters where tenant_id in (${tenants}) and ${openMatter(null)}`,
      sql`select id from matters where tenant_id in (${tenants}) and colour is not null and not ${openMatter(null)}`,
    );
  }
  // One JSON value, not a row per id (a full reclassification has a row per open matter).
  const { rows } = await sql<{ ids: number[] }>`select coalesce(json_agg(id order by id), '[]') as ids from (${sql.join(parts, sql` union `)}) c`.execute(db);
  return rows[0]?.ids ?? [];
}

/**
 * What the sweep reads of a matter: its facts, its stored colour, the texts of its stored reasons
 * (compared, to rewrite only what changed) and its sweep bookkeeping. What a reminder names (title,
 * unit) is read later, only for the matters that owe one (`matterNames`).
 */
export type SweepRow = {
  id: number;
  tenant_id: number;
  parent_id: number | null;
  depth: number;
  /** What the colour is decided from, built once from the row (the rules read it as is). */
  facts: MatterFacts;
  category_id: number | null;
  lead_leader_id: number | null;
  colour: WarningColour | null;
  reason_texts: string[] | null;
  colour_since: Date | null;
  colour_provisional: boolean;
  deadline_provisional: boolean;
  /** The dirty mark seen (null: not dirty), the stored next check day, whether one is stored. */
  mark: number | null;
  due_was: string | null;
  has_state: boolean;
  open_children: boolean;
};

/** A matter as loadChunk's query sends it: one array, in this order (no key names, times as epoch milliseconds). */
type SweepTuple = [
  id: number,
  tenant_id: number,
  parent_id: number | null,
  depth: number,
  status: MatterStatus,
  start_date: string,
  deadline: string,
  progress: number,
  last_report_at: number | null,
  last_progress_at: number | null,
  assigned_at: number | null,
  report_cadence: ReportCadence,
  category_id: number | null,
  lead_leader_id: number | null,
  colour: WarningColour | null,
  reason_texts: string[] | null,
  colour_since: number | null,
  colour_provisional: boolean,
  deadline_provisional: boolean,
  mark: number | null,
  due_was: string | null,
  has_state: boolean,
  milestones: [date: string, plannedProgress: number, description: string | null][] | null,
  open_children: boolean,
];

const epochMs = (column: string) => sql`floor(date_part('epoch', ${sql.ref(column)}) * 1000)`;
const stamp = (ms: number | null): Date | null => (ms === null ? null : new Date(ms));

/**
 * One round trip: the facts of a chunk of matters, milestones included. The ids go as one array
 * parameter; each side table is read for the chunk through its index, not probed row by row (a
 * correlated subquery per row made the planner scan every open matter once per chunk); and the chunk
 * comes back as one JSON value of positional arrays: decoding thousands of rows field by field cost
 * more (on the embedded engine above all) than the query, and key names and ISO times made up most of
 * the bytes PostgreSQL built and Node parsed (a full reclassification reads every open matter).
 */
export async function loadChunk(db: Conn, ids: readonly number[], today: string): Promise<SweepRow[]> {
  return parseChunk(await fetchChunk(db, ids, today));
}

/**
 * loadChunk's query, its JSON left as text: the sweep reads chunks ahead and parses each only when it
 * comes to it, so the objects of chunks waiting their turn do not outlive young-generation collections.
 * A milestone's description is only read in the text of a missed milestone, so only past ones carry it.
 */
export async function fetchChunk(db: Conn, ids: readonly number[], today: string): Promise<string> {
  if (!ids.length) return '[]';
  const list = intArray(ids);
  // The chunk's id range beside the list: a sweep's chunks are runs of ascending ids, and the bounds let the
  // planner walk each side table's index over that run. With the list alone it estimated from the list's
  // length and chose sequential scans of matter_sweep, matter_dirty and milestones once a tenant had a
  // few hundred thousand rows (120 → 50 ms a chunk on the 4-tenant medium set).
  let lo = ids[0] ?? 0;
  let hi = lo;
  for (const id of ids) {
    if (id < lo) lo = id;
    if (id > hi) hi = id;
  }
  const within = (column: string) => sql`${sql.ref(column)} = any(${list}) and ${sql.ref(column)} between ${lo} and ${hi}`;
  // A full reclassification's chunks are dense runs (at most four ids in the range per matter of the chunk): there the
  // range alone bounds the small side tables, without testing each of their rows against the list (−20% of the
  // chunk's PostgreSQL CPU on medium). The rows of other matters in the range join to nothing. Milestones keep the
  // list (closed matters' milestones would be aggregated for nothing), and so does a sparse chunk (the steady sweep's).
  const dense = hi - lo < 4 * ids.length;
  const near = (column: string) => (dense ? sql`${sql.ref(column)} between ${lo} and ${hi}` : within(column));
  const { rows } = await sql<{ chunk: string }>`
    select coalesce(json_agg(json_build_array(
        m.id, m.tenant_id, m.parent_id, m.depth, m.status, m.start_date, m.deadline, m.progress,
        ${epochMs('m.last_report_at')}, ${epochMs('m.last_progress_at')}, ${epochMs('m.assigned_at')}, m.report_cadence, m.category_id, m.lead_leader_id,
        m.colour, jsonb_path_query_array(m.colour_reasons, '$[*].text'), ${epochMs('m.colour_since')}, m.colour_provisional, m.deadline_provisional,
        d.mark, s.due_on, s.matter_id is not null, ms.milestones, oc.parent_id is not null
      ) order by m.id), '[]')::text as chunk
    from matters m
      left join (select matter_id, mark from matter_dirty where ${near('matter_id')}) d on d.matter_id = m.id
      left join (select matter_id, due_on from matter_sweep where ${near('matter_id')}) s on s.matter_id = m.id
      left join (
        select matter_id, json_agg(json_build_array(due_date, planned_progress, case when due_date < ${today}::date then description end)) as milestones
        from milestones where ${within('matter_id')} group by matter_id
      ) ms on ms.matter_id = m.id
      left join (
        select distinct parent_id from matters where ${near('parent_id')} and ${openMatter(null)}
      ) oc on oc.parent_id = m.id
    where ${within('m.id')}`.execute(db);
  return rows[0]?.chunk ?? '[]';
}

export function parseChunk(text: string): SweepRow[] {
  return (JSON.parse(text) as SweepTuple[]).map((t) => ({
    id: t[0],
    tenant_id: t[1],
    parent_id: t[2],
    depth: t[3],
    facts: {
      status: t[4],
      startDate: t[5],
      deadline: t[6],
      progress: t[7],
      milestones: t[22]?.map(([date, plannedProgress, description]) => ({ date, plannedProgress: Number(plannedProgress), description: description || null })) ?? [],
      lastReportAt: stamp(t[8]),
      lastProgressIncreaseAt: stamp(t[9]),
      assignedAt: stamp(t[10]),
      reportCadence: t[11],
    },
    category_id: t[12],
    lead_leader_id: t[13],
    colour: t[14],
    reason_texts: t[15],
    colour_since: stamp(t[16]),
    colour_provisional: t[17],
    deadline_provisional: t[18],
    mark: t[19],
    due_was: t[20],
    has_state: t[21],
    open_children: t[23],
  }));
}

/** What a reminder or the sweep's listing names: the matter's number and title, its lead unit. */
export type MatterNames = { number: string; title: string; unit_name: string };

export async function matterNames(db: Conn, ids: readonly number[]): Promise<Map<number, MatterNames>> {
  if (!ids.length) return new Map();
  const { rows } = await sql<MatterNames & { id: number }>`
    select m.id, m.number, m.title, u.name as unit_name from matters m join units u on u.id = m.lead_unit_id
    where m.id = any(${intArray(ids)})`.execute(db);
  return new Map(rows.map((r) => [r.id, r]));
}

/** The colours of the open children of some parents (for the roll-up: a parent takes the worst). */
export async function childColours(db: Conn, parentIds: readonly number[]) {
  if (!parentIds.length) return [];
  const { rows } = await sql<{ parent_id: number; title: string; colour: WarningColour | null; colour_reasons: WarningReason[] | null }>`
    select parent_id, title, colour, colour_reasons from matters
    where parent_id = any(${intArray(parentIds)}) and ${openMatter(null)} order by id`.execute(db);
  return rows;
}

/** A matter's colour as the sweep decided it. */
export type ColourUpdate = {
  id: number;
  colour: WarningColour | null;
  reasons: WarningReason[];
  since: string | null;
  provisional: boolean;
  deadline_provisional: boolean;
};

/** Writes changed colours (only those: a wide, indexed matters row is rewritten only when it must be). */
export async function writeColours(trx: Conn, updates: readonly ColourUpdate[], at: Date): Promise<void> {
  if (!updates.length) return;
  await sql`select set_config('duban.sweep', 'on', true)`.execute(trx);
  await sql`
    update matters m set colour = v.colour, colour_reasons = v.reasons, colour_since = v.since, colour_checked_at = ${at},
      colour_provisional = v.provisional, deadline_provisional = v.deadline_provisional
    from jsonb_to_recordset(${JSON.stringify(updates)}::jsonb) as v(id integer, colour text, reasons jsonb, since timestamptz,
      provisional boolean, deadline_provisional boolean)
    where m.id = v.id`.execute(trx);
}

/** Stores the next check day of matters whose day moved. */
export async function writeSchedule(trx: Conn, rows: readonly { id: number; due: string | null }[]): Promise<void> {
  if (!rows.length) return;
  await sql`
    insert into matter_sweep (matter_id, due_on)
    select id, due from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as v(id integer, due date)
    on conflict (matter_id) do update set due_on = excluded.due_on`.execute(trx);
}

/** Clears the dirty marks the sweep saw; a mark renewed by a write since stays. */
export async function clearDirty(trx: Conn, marks: readonly { id: number; mark: number }[]): Promise<void> {
  if (!marks.length) return;
  await sql`
    delete from matter_dirty d using jsonb_to_recordset(${JSON.stringify(marks)}::jsonb) as v(id integer, mark bigint)
    where d.matter_id = v.id and d.mark = v.mark`.execute(trx);
}

export type HistoryRow = { tenant_id: number; matter_id: number; from_colour: WarningColour | null; to_colour: WarningColour | null; reasons: WarningReason[] };

export async function insertHistory(trx: Conn, rows: readonly HistoryRow[], at: Date): Promise<void> {
  if (!rows.length) return;
  await sql`
    insert into colour_history (tenant_id, matter_id, from_colour, to_colour, reasons, at)
    select tenant_id, matter_id, from_colour, to_colour, reasons, ${at}
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as v(tenant_id integer, matter_id integer, from_colour text, to_colour text, reasons jsonb)`.execute(trx);
}

/**
 * The reminders among these whose (tenant, event key) is not in the outbox yet. Only their positions
 * come back: on a day of repeats nearly all are there already, and a full reclassification asks about
 * tens of thousands.
 */
export async function notYetOwed<T extends { tenantId: number; eventKey: string }>(db: Conn, keys: readonly T[]): Promise<T[]> {
  if (!keys.length) return [];
  const { rows } = await sql<{ i: string }>`
    select k.i from unnest(${keys.map((k) => k.tenantId)}::integer[], ${keys.map((k) => k.eventKey)}::text[]) with ordinality as k(tenant_id, event_key, i)
    where not exists (select 1 from outbox o where o.tenant_id = k.tenant_id and o.event_key = k.event_key)`.execute(db);
  return rows.flatMap((r) => {
    const key = keys[Number(r.i) - 1];
    return key ? [key] : [];
  });
}

/** People on the matters' units (lead unit and every unit still working on it): handlers, liaisons, unit heads. */
export async function matterPeople(db: Conn, matterIds: readonly number[]) {
  if (!matterIds.length) return [];
  const ids = intArray(matterIds);
  const { rows } = await sql<{ matter_id: number; person_id: number; handler: boolean; liaison: boolean; head: boolean }>`
    select mh.matter_id, mh.person_id, true as handler, false as liaison, false as head
      from matter_handlers mh join people p on p.id = mh.person_id and p.active
      where mh.matter_id = any(${ids})
    union all
    select mu.matter_id, p.id, false, p.is_liaison, p.is_unit_head
      from (select matter_id, tenant_id, unit_id from matter_units where matter_id = any(${ids}) and status <> 'completed'
            union select id, tenant_id, lead_unit_id from matters where id = any(${ids})) mu
      join people p on p.tenant_id = mu.tenant_id and p.unit_id = mu.unit_id and p.active and (p.is_liaison or p.is_unit_head)`.execute(db);
  return rows;
}

/** The supervision office (督查办): people behind active accounts holding the supervisor role. */
export async function officePeople(db: Conn, tenantId: number): Promise<number[]> {
  const { rows } = await sql<{ person_id: number }>`
    select distinct a.person_id from accounts a join people p on p.id = a.person_id and p.active
    where a.tenant_id = ${tenantId} and a.status = 'active' and 'supervisor' = any(a.roles) order by a.person_id`.execute(db);
  return rows.map((r) => r.person_id);
}

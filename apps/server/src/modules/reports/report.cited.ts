import type { DateRange, ReportMatter } from '@duban/shared';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import { closedMatter, closedOnTimeSql, overdueMatter } from '../matters/matter-status.sql';
import { instantsOf } from '../cockpit/cockpit.scope';
import { matterRefs, toRef } from './report.refs';

/** How many matters of each section (新增, 办结, 预警, 逾期) a report's figures list; the rest are counted and go to the appendix. */
export const REPORT_LISTED_PER_SECTION = 50;
/** The most overdue matters the 周报 names in its body (all of them are always among the listed ones). */
export const REPORT_OVERDUE_NAMED = 30;
/** Why a matter is cited, one bit each (CITE_TAGS[i] is bit i) in the SQL and in cited_rest_tags. */
export const CITE_TAGS = ['新增', '办结', '预警', '逾期'] as const;
const WARN_COLOURS = ['yellow', 'blue', 'red'];

/** The cited matters beyond the listed ones: ids in the report's order, and a tag bitmask each (CITE_TAGS). */
export type CitedRest = { ids: number[]; tags: number[] };

export const tagMask = (tags: readonly string[]) => CITE_TAGS.reduce((mask, t, i) => (tags.includes(t) ? mask | (1 << i) : mask), 0);
export const tagsOfMask = (mask: number) => CITE_TAGS.filter((_, i) => mask & (1 << i));

/** A period's cited matters: the sections' counts, the listed ones (with their tags) and the rest. */
export type Cited = {
  newCount: number;
  closedCount: number;
  closedOnTime: number;
  overdueCount: number;
  total: number;
  listed: ReportMatter[];
  rest: CitedRest;
};

type CitedRow = { new_n: string | number; closed_n: string | number; on_time_n: string | number; overdue_n: string | number; total: string | number; listed_ids: number[]; listed_tags: number[]; rest_ids: number[]; rest_tags: number[] };

/**
 * The matters a 督查周报 for the range cites — new in it, closed in it, turned yellow/blue/red in it, overdue
 * (open, past the deadline) at its last day — decided in one statement: each section's count, and every cited
 * matter once, in the report's order (new by registration, then closed by closing time, warned by id, overdue
 * by deadline; a matter where it first appears) with why it is cited. The first `perSection` of each section
 * are listed with their details; the others only as ids. A whole city week cites tens of thousands of matters:
 * none of them is read in Node but the listed ones.
 */
export async function citedMatters(db: Kysely<DB>, tenantId: number, range: DateRange, perSection = REPORT_LISTED_PER_SECTION): Promise<Cited> {
  const { start, end } = instantsOf(range);
  const { rows } = await sql<CitedRow>`
    with c as (
      select m.id, 1 as bit, 0 as sec, row_number() over (order by m.created_at, m.id) as k, false as on_time
        from matters m where m.tenant_id = ${tenantId} and m.created_at >= ${start} and m.created_at < ${end}
      union all
      select m.id, 2, 1, row_number() over (order by m.closed_at, m.id), ${closedOnTimeSql('m')}
        from matters m where m.tenant_id = ${tenantId} and m.closed_at >= ${start} and m.closed_at < ${end} and ${closedMatter('m')}
      union all
      select w.matter_id, 4, 2, row_number() over (order by w.matter_id), false
        from (select distinct h.matter_id from colour_history h
               where h.tenant_id = ${tenantId} and h.at >= ${start} and h.at < ${end} and h.to_colour in (${sql.join(WARN_COLOURS)})) w
      union all
      select m.id, 8, 3, row_number() over (order by m.deadline, m.id), false
        from matters m where m.tenant_id = ${tenantId} and ${overdueMatter(range.to, 'm')}
    ), per as (
      select id, bit_or(bit) as mask, min(sec::bigint * 1000000000 + k) as ord, bool_or(k <= ${perSection}) as listed, bool_or(on_time) as on_time
        from c group by id
    )
    select count(*) filter (where mask & 1 <> 0) as new_n,
           count(*) filter (where mask & 2 <> 0) as closed_n,
           count(*) filter (where mask & 2 <> 0 and on_time) as on_time_n,
           count(*) filter (where mask & 8 <> 0) as overdue_n,
           count(*) as total,
           coalesce(array_agg(id order by ord) filter (where listed), '{}') as listed_ids,
           coalesce(array_agg(mask order by ord) filter (where listed), '{}') as listed_tags,
           coalesce(array_agg(id order by ord) filter (where not listed), '{}') as rest_ids,
           coalesce(array_agg(mask order by ord) filter (where not listed), '{}') as rest_tags
      from per`.execute(db);
  const r = rows[0];
  if (!r) throw new Error('citedMatters: no row');
  const refs = r.listed_ids.length ? await matterRefs(db, tenantId).where('m.id', 'in', r.listed_ids).execute() : [];
  const byId = new Map(refs.map((x) => [x.id, x]));
  const listed = r.listed_ids.flatMap((id, i) => {
    const ref = byId.get(id);
    return ref ? [toRef(ref, range.to, tagsOfMask(r.listed_tags[i] ?? 0))] : [];
  });
  return {
    newCount: Number(r.new_n),
    closedCount: Number(r.closed_n),
    closedOnTime: Number(r.on_time_n),
    overdueCount: Number(r.overdue_n),
    total: Number(r.total),
    listed,
    rest: { ids: r.rest_ids, tags: r.rest_tags },
  };
}

/**
 * The rest of a report's cited matters (CitedRest), read from the matters in chunks of `chunk` in the
 * report's order, as they stand now (the listed ones are as they stood when the figures were made); each
 * with why it was cited then and its days overdue at the report's last day.
 */
export async function* citedRestRows(db: Kysely<DB>, tenantId: number, rest: CitedRest, asOf: string, chunk = 2_000): AsyncGenerator<ReportMatter[]> {
  const fetch = (i: number) => {
    const p = matterRefs(db, tenantId).where('m.id', 'in', rest.ids.slice(i, i + chunk)).execute();
    p.catch(() => undefined); // a failure surfaces where the chunk is awaited
    return p;
  };
  let next = rest.ids.length ? fetch(0) : null;
  for (let i = 0; next; i += chunk) {
    const rows = await next;
    // The database reads the next chunk while this one is written.
    next = i + chunk < rest.ids.length ? fetch(i + chunk) : null;
    const byId = new Map(rows.map((r) => [r.id, r]));
    const out: ReportMatter[] = [];
    rest.ids.slice(i, i + chunk).forEach((id, k) => {
      const r = byId.get(id);
      if (r) out.push(toRef(r, asOf, tagsOfMask(rest.tags[i + k] ?? 0)));
    });
    yield out;
  }
}

import { FLAGGED_MATTERS_SHOWN } from '@duban/shared';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../db/schema';
import type { SubjectType } from './assessment.table';

type Conn = Kysely<DB> | Transaction<DB>;

export async function findPeriod(db: Conn, tenantId: number, code: string) {
  return db
    .selectFrom('assessment_periods as p')
    .innerJoin('assessment_rule_books as b', 'b.id', 'p.rule_book_id')
    .select(['p.id', 'p.code', 'p.date_from', 'p.date_to', 'p.status', 'p.computed_at', 'p.published_at', 'p.rule_book_id', 'b.version as rule_book_version', 'b.rules'])
    .where('p.tenant_id', '=', tenantId)
    .where('p.code', '=', code)
    .executeTakeFirst();
}

export async function listPeriods(db: Conn, tenantId: number) {
  return db
    .selectFrom('assessment_periods as p')
    .innerJoin('assessment_rule_books as b', 'b.id', 'p.rule_book_id')
    .select(['p.code', 'p.date_from', 'p.date_to', 'p.status', 'p.computed_at', 'p.published_at', 'b.version as rule_book_version'])
    .where('p.tenant_id', '=', tenantId)
    .orderBy('p.date_from', 'desc')
    .orderBy('p.date_to', 'asc')
    .execute();
}

/**
 * The league table in one statement: each unit's totals, its rank in the period before (`prev`, by code) and its
 * 问责 matters as JSON (number and title), instead of a statement each for the ranks and the matters.
 */
export async function unitTotals(db: Conn, tenantId: number, periodId: number, prev: string | null) {
  return db
    .selectFrom('assessment_totals as t')
    .innerJoin('units as u', 'u.id', 't.subject_id')
    .leftJoin('assessment_periods as pp', (j) => j.on('pp.tenant_id', '=', tenantId).on('pp.code', '=', prev ?? ''))
    .leftJoin('assessment_totals as b', (j) => j.onRef('b.period_id', '=', 'pp.id').on('b.subject_type', '=', 'unit').onRef('b.subject_id', '=', 't.subject_id'))
    .select(['t.subject_id as id', 'u.name', 't.peer_group', 't.raw', 't.total', 't.matters', 't.rank', 't.group_size', 't.flagged', 'b.rank as before_rank'])
    .select(
      // The first ones by id only (thousands per unit in a million-matter quarter), and how many there are.
      sql<{ id: number; number: string; title: string }[]>`coalesce((select json_agg(json_build_object('id', m.id, 'number', m.number, 'title', m.title) order by m.id)
        from (select id from unnest(t.flagged_matter_ids) as f(id) order by id limit ${FLAGGED_MATTERS_SHOWN}) f
        join matters m on m.tenant_id = ${tenantId} and m.id = f.id), '[]')`.as('flagged_matters'),
    )
    .select(sql<number>`coalesce(cardinality(t.flagged_matter_ids), 0)`.as('flagged_count'))
    .where('t.period_id', '=', periodId)
    .where('t.subject_type', '=', 'unit')
    .orderBy('t.peer_group')
    .orderBy('t.rank')
    .orderBy('u.sort')
    .execute();
}

/**
 * Cadres' totals of one or more periods with what a standing needs beside them, in one statement: the organisation
 * department's part (entered per period code) and the rank in each period's previous one (`prev[i]` for `periodIds[i]`).
 * With `personId`, only the person's peer group in each period (all a composite and a grade need).
 */
export async function cadreTotals(db: Conn, tenantId: number, periods: readonly { id: number; code: string; prev: string | null }[], personId?: number) {
  if (!periods.length) return [];
  let q = db
    .selectFrom('assessment_totals as t')
    .innerJoin(sql<{ pid: number; code: string; prev: string | null }>`(select * from unnest(${periods.map((p) => p.id)}::int[], ${periods.map((p) => p.code)}::text[], ${periods.map((p) => p.prev)}::text[]) as x(pid, code, prev))`.as('q'), (j) => j.onRef('q.pid', '=', 't.period_id'))
    .innerJoin('people as p', 'p.id', 't.subject_id')
    .innerJoin('units as u', 'u.id', 'p.unit_id')
    .leftJoin('assessment_org_parts as op', (j) => j.on('op.tenant_id', '=', tenantId).onRef('op.period_code', '=', 'q.code').onRef('op.person_id', '=', 't.subject_id'))
    .leftJoin('assessment_periods as pp', (j) => j.on('pp.tenant_id', '=', tenantId).onRef('pp.code', '=', 'q.prev'))
    .leftJoin('assessment_totals as b', (j) => j.onRef('b.period_id', '=', 'pp.id').on('b.subject_type', '=', 'person').onRef('b.subject_id', '=', 't.subject_id'))
    .select(['t.period_id', 't.subject_id as id', 'p.name', 'p.rank as cadre_rank', 'p.title', 'u.name as unit_name', 't.peer_group', 't.raw', 't.total', 't.matters', 't.rank', 't.group_size', 'op.score as org_part', 'b.rank as before_rank'])
    .where('t.subject_type', '=', 'person');
  if (personId !== undefined) {
    // A join on the person's own row of each period (a correlated sub-select ran once per row of every period).
    q = q.innerJoin('assessment_totals as me', (j) => j.onRef('me.period_id', '=', 't.period_id').on('me.subject_type', '=', 'person').on('me.subject_id', '=', personId).onRef('me.peer_group', '=', 't.peer_group'));
  }
  return q.orderBy('t.period_id').orderBy('t.peer_group').orderBy('t.rank').orderBy('p.name').execute();
}

/** The periods of the codes that are computed (the archive's quarters in one statement). */
export async function findPeriods(db: Conn, tenantId: number, codes: readonly string[]) {
  if (!codes.length) return [];
  return db
    .selectFrom('assessment_periods as p')
    .innerJoin('assessment_rule_books as b', 'b.id', 'p.rule_book_id')
    .select(['p.id', 'p.code', 'p.date_from', 'p.date_to', 'p.status', 'p.computed_at', 'p.published_at', 'p.rule_book_id', 'b.version as rule_book_version', 'b.rules'])
    .where('p.tenant_id', '=', tenantId)
    .where('p.code', 'in', codes)
    .execute();
}

export async function linesOf(db: Conn, periodId: number, type: SubjectType, ids: readonly number[], page?: { offset: number; limit: number }) {
  if (!ids.length) return [];
  const q = db
    .selectFrom('assessment_lines as l')
    .leftJoin('matters as m', 'm.id', 'l.matter_id')
    .select(['l.id', 'l.subject_type', 'l.subject_id', 'l.carrier_role', 'l.matter_id', 'm.number', 'm.title', 'l.line_key', 'l.rule', 'l.on_date', 'l.quantity', 'l.unit_points', 'l.share', 'l.points', 'l.clause', 'l.event_seq', 'l.text', 'l.exempt'])
    .where('l.period_id', '=', periodId)
    .where('l.subject_type', '=', type)
    .where('l.subject_id', 'in', ids)
    .orderBy('l.on_date')
    .orderBy('l.matter_id')
    .orderBy('l.line_key');
  return (page ? q.offset(page.offset).limit(page.limit) : q).execute();
}

/** A subject's lines in a period counted and summed per rule (one index range, no matter rows). */
export async function lineTotals(db: Conn, periodId: number, type: SubjectType, id: number) {
  return db
    .selectFrom('assessment_lines')
    .select(['rule', sql<number>`count(*)::int`.as('lines'), sql<string>`sum(points)`.as('points')])
    .where('period_id', '=', periodId)
    .where('subject_type', '=', type)
    .where('subject_id', '=', id)
    .groupBy('rule')
    .orderBy('rule')
    .execute();
}

export async function mattersByIds(db: Conn, tenantId: number, ids: readonly number[]) {
  if (!ids.length) return [];
  return db.selectFrom('matters').select(['id', 'number', 'title']).where('tenant_id', '=', tenantId).where('id', 'in', ids).execute();
}

/** The approved or pending 容错 decision on each line key of the tenant. */
export async function toleranceByKey(db: Conn, tenantId: number) {
  const rows = await db.selectFrom('assessment_tolerance').select(['id', 'line_keys', 'status', 'decision_reason', 'situation']).where('tenant_id', '=', tenantId).orderBy('id').execute();
  const out = new Map<string, { id: number; status: string; reason: string | null; situation: string }>();
  for (const r of rows) for (const k of r.line_keys) if (r.status !== 'rejected' || !out.has(k)) out.set(k, { id: r.id, status: r.status, reason: r.decision_reason, situation: r.situation });
  return out;
}

import type { Kysely, Transaction } from 'kysely';
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

export async function unitTotals(db: Conn, periodId: number) {
  return db
    .selectFrom('assessment_totals as t')
    .innerJoin('units as u', 'u.id', 't.subject_id')
    .select(['t.subject_id as id', 'u.name', 't.peer_group', 't.raw', 't.total', 't.matters', 't.rank', 't.group_size', 't.flagged', 't.flagged_matter_ids'])
    .where('t.period_id', '=', periodId)
    .where('t.subject_type', '=', 'unit')
    .orderBy('t.peer_group')
    .orderBy('t.rank')
    .orderBy('u.sort')
    .execute();
}

/** Cadres' totals of a period; with `personId`, those of the person's peer group only (all a composite and grade need). */
export async function cadreTotals(db: Conn, periodId: number, personId?: number) {
  let q = db
    .selectFrom('assessment_totals as t')
    .innerJoin('people as p', 'p.id', 't.subject_id')
    .innerJoin('units as u', 'u.id', 'p.unit_id')
    .select(['t.subject_id as id', 'p.name', 'p.rank as cadre_rank', 'p.title', 'u.name as unit_name', 't.peer_group', 't.raw', 't.total', 't.matters', 't.rank', 't.group_size'])
    .where('t.period_id', '=', periodId)
    .where('t.subject_type', '=', 'person');
  if (personId !== undefined) {
    q = q.where('t.peer_group', '=', (eb) =>
      eb.selectFrom('assessment_totals as o').select('o.peer_group').where('o.period_id', '=', periodId).where('o.subject_type', '=', 'person').where('o.subject_id', '=', personId),
    );
  }
  return q.orderBy('t.peer_group').orderBy('t.rank').orderBy('p.name').execute();
}

/** Ranks of the subjects in an earlier period (for movement). */
export async function ranksOf(db: Conn, tenantId: number, code: string, type: SubjectType, subjectId?: number): Promise<Map<number, number>> {
  let q = db
    .selectFrom('assessment_totals as t')
    .innerJoin('assessment_periods as p', 'p.id', 't.period_id')
    .select(['t.subject_id', 't.rank'])
    .where('p.tenant_id', '=', tenantId)
    .where('p.code', '=', code)
    .where('t.subject_type', '=', type);
  if (subjectId !== undefined) q = q.where('t.subject_id', '=', subjectId);
  const rows = await q.execute();
  return new Map(rows.map((r) => [r.subject_id, r.rank]));
}

export async function linesOf(db: Conn, periodId: number, type: SubjectType, ids: readonly number[]) {
  if (!ids.length) return [];
  return db
    .selectFrom('assessment_lines as l')
    .leftJoin('matters as m', 'm.id', 'l.matter_id')
    .select(['l.id', 'l.subject_type', 'l.subject_id', 'l.carrier_role', 'l.matter_id', 'm.number', 'm.title', 'l.line_key', 'l.rule', 'l.on_date', 'l.quantity', 'l.unit_points', 'l.share', 'l.points', 'l.clause', 'l.event_seq', 'l.text', 'l.exempt'])
    .where('l.period_id', '=', periodId)
    .where('l.subject_type', '=', type)
    .where('l.subject_id', 'in', ids)
    .orderBy('l.on_date')
    .orderBy('l.matter_id')
    .orderBy('l.line_key')
    .execute();
}

export async function orgParts(db: Conn, tenantId: number, code: string): Promise<Map<number, number>> {
  const rows = await db.selectFrom('assessment_org_parts').select(['person_id', 'score']).where('tenant_id', '=', tenantId).where('period_code', '=', code).execute();
  return new Map(rows.map((r) => [r.person_id, r.score]));
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

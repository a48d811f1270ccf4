import type { DateRange, ReportKind } from '@duban/shared';
import { sql, type Insertable, type Kysely, type Transaction, type Updateable } from 'kysely';
import type { DB } from '../../db/schema';
import type { SupervisionReportTable } from './report.table';

/** Every column but the cited matters' id arrays (see SupervisionReport). */
const COLUMNS = [
  'id',
  'tenant_id',
  'kind',
  'year',
  'seq',
  'title',
  'period_from',
  'period_to',
  'campaign_id',
  'status',
  'auto',
  'figures',
  'sections',
  'created_by',
  'created_at',
  'updated_at',
  'published_at',
  'published_by',
  'version',
] as const;

type Db = Kysely<DB> | Transaction<DB>;

export async function listReports(db: Db, tenantId: number, q: { kind?: ReportKind; publishedOnly: boolean; limit: number; offset: number }) {
  let base = db.selectFrom('supervision_reports').where('tenant_id', '=', tenantId);
  if (q.kind) base = base.where('kind', '=', q.kind);
  if (q.publishedOnly) base = base.where('status', '=', 'published');
  const [rows, count] = await Promise.all([
    base.select(COLUMNS).orderBy('year', 'desc').orderBy('seq', 'desc').orderBy('id', 'desc').limit(q.limit).offset(q.offset).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

export function findReport(db: Db, tenantId: number, id: number) {
  return db.selectFrom('supervision_reports').select(COLUMNS).where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
}

/** The cited matters a report counts but does not list, for its appendix; null when it lists them all. */
export async function citedRest(db: Db, tenantId: number, id: number): Promise<{ ids: number[]; tags: number[] } | null> {
  const row = await db.selectFrom('supervision_reports').select(['cited_rest_ids', 'cited_rest_tags']).where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
  return row?.cited_rest_ids?.length ? { ids: row.cited_rest_ids, tags: row.cited_rest_tags ?? [] } : null;
}

export function findAuto(db: Db, tenantId: number, kind: ReportKind, range: DateRange) {
  return db
    .selectFrom('supervision_reports')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('kind', '=', kind)
    .where('auto', '=', true)
    .where('period_from', '=', range.from)
    .where('period_to', '=', range.to)
    .executeTakeFirst();
}

export function insertReport(trx: Db, values: Insertable<SupervisionReportTable>) {
  return trx.insertInto('supervision_reports').values(values).returning(COLUMNS).executeTakeFirstOrThrow();
}

/** Updates when the version still matches (optimistic locking); undefined otherwise. */
export function updateReport(trx: Db, tenantId: number, id: number, version: number, values: Updateable<SupervisionReportTable>) {
  return trx
    .updateTable('supervision_reports')
    .set({ ...values, version: sql<number>`version + 1` })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('version', '=', version)
    .returning(COLUMNS)
    .executeTakeFirst();
}

export async function deleteReport(trx: Db, tenantId: number, id: number): Promise<void> {
  await trx.deleteFrom('supervision_reports').where('tenant_id', '=', tenantId).where('id', '=', id).execute();
}

/** People behind the tenant's active leader accounts: who a published report goes to. */
export async function leaderPeople(db: Db, tenantId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('accounts')
    .select('person_id')
    .where('tenant_id', '=', tenantId)
    .where('status', '=', 'active')
    .where(sql<boolean>`'leader' = any(roles)`)
    .where('person_id', 'is not', null)
    .execute();
  return rows.flatMap((r) => (r.person_id === null ? [] : [r.person_id]));
}

export async function listCampaigns(db: Db, tenantId: number) {
  const rows = await db
    .selectFrom('inspection_campaigns as c')
    .leftJoin('inspections as i', 'i.campaign_id', 'c.id')
    .where('c.tenant_id', '=', tenantId)
    .groupBy(['c.id', 'c.name'])
    .select((eb) => ['c.id', 'c.name', eb.fn.count<number>('i.id').as('n')])
    .orderBy('c.id', 'desc')
    .limit(200)
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, inspections: Number(r.n) }));
}

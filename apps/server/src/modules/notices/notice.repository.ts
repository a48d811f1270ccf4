import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema';

type Conn = Kysely<DB> | Transaction<DB>;

const NOTICE_COLUMNS = ['n.id', 'n.matter_id', 'n.number', 'n.title', 'n.body', 'n.reply_by', 'n.issued_at', 'n.closed_at', 'a.display_name as issued_by_name', 'p.name as issuer_person_name', 'a.person_id as issued_by_person_id', 'm.number as matter_number', 'm.title as matter_title'] as const;

function noticeQuery(db: Conn, tenantId: number) {
  return db
    .selectFrom('notices as n')
    .innerJoin('matters as m', 'm.id', 'n.matter_id')
    .leftJoin('accounts as a', 'a.id', 'n.issued_by')
    .leftJoin('people as p', 'p.id', 'a.person_id')
    .select(NOTICE_COLUMNS)
    .where('n.tenant_id', '=', tenantId);
}

export type NoticeRow = Awaited<ReturnType<typeof findNotice>> & object;

export function findNotice(db: Conn, tenantId: number, id: number) {
  return noticeQuery(db, tenantId).where('n.id', '=', id).executeTakeFirst();
}

export function listNotices(db: Conn, tenantId: number, matterId: number) {
  return noticeQuery(db, tenantId).where('n.matter_id', '=', matterId).orderBy('n.issued_at', 'desc').orderBy('n.id', 'desc').execute();
}

export function listRecipients(db: Conn, tenantId: number, noticeIds: readonly number[]) {
  if (!noticeIds.length) return Promise.resolve([]);
  return db
    .selectFrom('notice_recipients as r')
    .innerJoin('people as p', 'p.id', 'r.person_id')
    .leftJoin('units as u', 'u.id', 'p.unit_id')
    .select(['r.notice_id', 'r.person_id', 'p.name', 'p.title', 'u.name as unit_name', 'r.role_label', 'r.acknowledged_at'])
    .where('r.tenant_id', '=', tenantId)
    .where('r.notice_id', 'in', [...noticeIds])
    .orderBy('r.notice_id')
    .orderBy('p.id')
    .execute();
}

/** Marks the recipient's acknowledgement once; true when this call recorded it. */
export async function acknowledge(trx: Conn, tenantId: number, noticeId: number, personId: number, accountId: number | null, at: Date): Promise<boolean> {
  const res = await trx
    .updateTable('notice_recipients')
    .set({ acknowledged_at: at, acknowledged_by: accountId })
    .where('tenant_id', '=', tenantId)
    .where('notice_id', '=', noticeId)
    .where('person_id', '=', personId)
    .where('acknowledged_at', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

export async function isRecipient(db: Conn, tenantId: number, noticeId: number, personId: number | null): Promise<boolean> {
  if (personId === null) return false;
  const row = await db.selectFrom('notice_recipients').select('person_id').where('tenant_id', '=', tenantId).where('notice_id', '=', noticeId).where('person_id', '=', personId).executeTakeFirst();
  return !!row;
}

/** The units a notice was addressed to (its recipients' units), each with its first written reply, if any. */
export function listReplyUnits(db: Conn, tenantId: number, noticeIds: readonly number[]) {
  if (!noticeIds.length) return Promise.resolve([]);
  return db
    .selectFrom('notice_recipients as r')
    .innerJoin('people as p', 'p.id', 'r.person_id')
    .innerJoin('units as u', 'u.id', 'p.unit_id')
    .select(['r.notice_id', 'u.id as unit_id', 'u.name as unit_name'])
    .select((eb) =>
      eb
        .selectFrom('notice_replies as nr')
        .select((e2) => e2.fn.min('nr.submitted_at').as('first'))
        .whereRef('nr.notice_id', '=', 'r.notice_id')
        .whereRef('nr.unit_id', '=', 'u.id')
        .as('replied_at'),
    )
    .where('r.tenant_id', '=', tenantId)
    .where('r.notice_id', 'in', [...noticeIds])
    .groupBy(['r.notice_id', 'u.id', 'u.name'])
    .orderBy('r.notice_id')
    .orderBy('u.id')
    .execute();
}

/** The written replies of notices, oldest first, with the unit and the submitter's name. */
export function listReplies(db: Conn, tenantId: number, noticeIds: readonly number[]) {
  if (!noticeIds.length) return Promise.resolve([]);
  return db
    .selectFrom('notice_replies as nr')
    .innerJoin('units as u', 'u.id', 'nr.unit_id')
    .leftJoin('accounts as a', 'a.id', 'nr.submitted_by')
    .select(['nr.id', 'nr.notice_id', 'nr.unit_id', 'u.name as unit_name', 'nr.body', 'a.display_name as submitted_name', 'nr.submitted_at'])
    .where('nr.tenant_id', '=', tenantId)
    .where('nr.notice_id', 'in', [...noticeIds])
    .orderBy('nr.submitted_at')
    .orderBy('nr.id')
    .execute();
}

export function insertReply(trx: Conn, row: { tenant_id: number; notice_id: number; unit_id: number; body: string; submitted_by: number | null; submitted_at: Date }) {
  return trx.insertInto('notice_replies').values(row).returning('id').executeTakeFirstOrThrow();
}

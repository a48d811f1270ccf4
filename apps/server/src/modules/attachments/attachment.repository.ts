import type { Insertable, Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema';
import type { Actor } from '../../lib/actor';
import type { AttachmentTable } from '../matters/matter.table';
import { matterVisibleSql } from './matter-access';

type Conn = Kysely<DB> | Transaction<DB>;

export function insertAttachment(db: Conn, row: Insertable<AttachmentTable>) {
  return db.insertInto('attachments').values(row).returningAll().executeTakeFirstOrThrow();
}

/**
 * An attachment the actor may download: on a matter within their scope, or their own upload not
 * yet attached to anything. The scope check is part of the query.
 */
export function findDownloadable(db: Conn, actor: Actor, id: number) {
  return db
    .selectFrom('attachments as a')
    .leftJoin('matters as m', 'm.id', 'a.matter_id')
    .select(['a.id', 'a.file_name', 'a.mime', 'a.size', 'a.sha256', 'a.matter_id', 'a.created_at'])
    .where('a.tenant_id', '=', actor.tenantId)
    .where('a.id', '=', id)
    .where((eb) =>
      eb.or([
        eb.and([eb('a.matter_id', 'is not', null), matterVisibleSql(actor)]),
        eb.and([eb('a.matter_id', 'is', null), eb('a.uploaded_by', '=', actor.accountId ?? -1)]),
      ]),
    )
    .executeTakeFirst();
}

/** One attachment of one owner (the caller checked the actor's access to the owner). */
export function findOwned(db: Conn, tenantId: number, id: number, owner: { type: string; id: number }) {
  return db
    .selectFrom('attachments')
    .select(['file_name', 'mime', 'size', 'sha256'])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('owner_type', '=', owner.type)
    .where('owner_id', '=', owner.id)
    .executeTakeFirst();
}

/** The listed attachments that are the actor's own and still unattached. */
export function findClaimable(db: Conn, actor: Actor, ids: readonly number[]) {
  if (!ids.length) return Promise.resolve([]);
  return db
    .selectFrom('attachments')
    .select(['id', 'file_name', 'mime', 'size', 'created_at'])
    .where('tenant_id', '=', actor.tenantId)
    .where('id', 'in', [...ids])
    .where('owner_id', 'is', null)
    .where('uploaded_by', '=', actor.accountId ?? -1)
    .execute();
}

/** Attaches uploads to their owner (a report, a completion request, an inspection, a matter). */
export async function setOwner(db: Conn, tenantId: number, ids: readonly number[], owner: { type: string; id: number; matterId: number | null }) {
  if (!ids.length) return;
  await db
    .updateTable('attachments')
    .set({ owner_type: owner.type, owner_id: owner.id, matter_id: owner.matterId })
    .where('tenant_id', '=', tenantId)
    .where('id', 'in', [...ids])
    .where('owner_id', 'is', null)
    .execute();
}

/** The attachments of several owners of one kind, for presenters. */
export function listByOwners(db: Conn, tenantId: number, ownerType: string, ownerIds: readonly number[]) {
  if (!ownerIds.length) return Promise.resolve([]);
  return db
    .selectFrom('attachments')
    .select(['id', 'owner_id', 'file_name', 'mime', 'size', 'created_at'])
    .where('tenant_id', '=', tenantId)
    .where('owner_type', '=', ownerType)
    .where('owner_id', 'in', [...ownerIds])
    .orderBy('id')
    .execute();
}

export function listByMatter(db: Conn, tenantId: number, matterId: number) {
  return db
    .selectFrom('attachments')
    .select(['id', 'owner_type', 'file_name', 'mime', 'size', 'created_at'])
    .where('tenant_id', '=', tenantId)
    .where('matter_id', '=', matterId)
    .orderBy('id')
    .execute();
}

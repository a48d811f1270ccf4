import type { AttachmentView } from '@duban/shared';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema';
import { presentAttachment } from '../attachments/attachment.presenter';
import { listByOwners } from '../attachments/attachment.repository';

type Conn = Kysely<DB> | Transaction<DB>;

/** The attachments module's owner type for a 加扣分 item's files (the document itself: a scan, a PDF). */
export const ITEM_OWNER = 'assessment_item' as const;

/** Where an item's file downloads from: the assessment route checks who may see the item's subject. */
export const itemFileUrl = (itemId: number, attachmentId: number) => `/api/assessment/items/${itemId}/files/${attachmentId}`;

/** The files of many items, by item id. */
export async function itemFiles(db: Conn, tenantId: number, itemIds: readonly number[]): Promise<Map<number, AttachmentView[]>> {
  const out = new Map<number, AttachmentView[]>();
  for (const row of await listByOwners(db, tenantId, ITEM_OWNER, itemIds)) {
    if (row.owner_id === null) continue;
    out.set(row.owner_id, [...(out.get(row.owner_id) ?? []), { ...presentAttachment(row), url: itemFileUrl(row.owner_id, row.id) }]);
  }
  return out;
}

/** The evidence of item lines (keys `item:<id>`): the document's number, date, title and files. */
export async function itemEvidence(db: Conn, tenantId: number, lineKeys: readonly string[]) {
  const ids = [...new Set(lineKeys.flatMap((k) => (/^item:\d+$/.test(k) ? [Number(k.slice(5))] : [])))];
  if (!ids.length) return new Map<string, { itemId: number; docNumber: string; docDate: string; title: string; attachments: AttachmentView[] }>();
  const [items, files] = await Promise.all([
    db.selectFrom('assessment_items').select(['id', 'doc_number', 'doc_date', 'title']).where('tenant_id', '=', tenantId).where('id', 'in', ids).execute(),
    itemFiles(db, tenantId, ids),
  ]);
  return new Map(items.map((i) => [`item:${i.id}`, { itemId: i.id, docNumber: i.doc_number, docDate: i.doc_date, title: i.title, attachments: files.get(i.id) ?? [] }]));
}

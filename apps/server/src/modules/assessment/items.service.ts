import { periodOf, ruleBookSchema, type ItemInput, type ItemView } from '@duban/shared';
import type { Transaction } from 'kysely';
import type { DB } from '../../db/schema';
import { AppError } from '../../errors';
import { requirePermission, systemActor, type Actor } from '../../lib/actor';
import { inTransaction, type Deps } from '../../lib/deps';
import { claimAttachments, openOwnedAttachment } from '../attachments/attachment.service';
import { recordTrace } from '../trace/trace.service';
import type { ItemRow } from './assessment.table';
import { ITEM_OWNER, itemFiles } from './item-evidence';
import { canSeeSubject } from './league.service';
import { periodOrThrow, recomputePeriod } from './recompute.service';
import { bookInForce } from './rulebook.service';

/**
 * 加分/扣分 items with their documents: 督查办 records 批示表扬 / 通报表扬 / 通报批评 against a unit or a cadre
 * (optionally naming a matter); the points come from the rule book through the same pure function as every
 * other line. A computed draft period holding the item's date is recomputed in the same transaction; a
 * published one refuses (its figures change only through 复核 / 申诉 corrections).
 */

async function subjectExists(trx: Transaction<DB>, tenantId: number, type: 'unit' | 'person', id: number): Promise<boolean> {
  const row = type === 'unit'
    ? await trx.selectFrom('units').select('id').where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst()
    : await trx.selectFrom('people').select('id').where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
  return !!row;
}

/** The computed periods (quarter and year) holding a date; refuses when one is published. */
async function recomputeHolding(deps: Deps, trx: Transaction<DB>, actor: Actor, date: string): Promise<void> {
  const codes = [periodOf(date, 'quarter'), periodOf(date, 'year')];
  const rows = await trx.selectFrom('assessment_periods').select(['code', 'status']).where('tenant_id', '=', actor.tenantId).where('code', 'in', codes).execute();
  if (rows.some((r) => r.status === 'published')) throw new AppError('assessment_period_published');
  for (const r of rows) await recomputePeriod(deps, systemActor(actor.tenantId, actor.name), r.code, trx);
}

async function present(deps: Deps, tenantId: number, rows: ItemRow[]): Promise<ItemView[]> {
  if (!rows.length) return [];
  const now = deps.clock.now();
  const unitIds = rows.filter((r) => r.subject_type === 'unit').map((r) => r.subject_id);
  const personIds = rows.filter((r) => r.subject_type === 'person').map((r) => r.subject_id);
  const matterIds = rows.flatMap((r) => (r.matter_id ? [r.matter_id] : []));
  const [units, people, matters, files] = await Promise.all([
    unitIds.length ? deps.db.selectFrom('units').select(['id', 'name']).where('tenant_id', '=', tenantId).where('id', 'in', unitIds).execute() : [],
    personIds.length ? deps.db.selectFrom('people').select(['id', 'name']).where('tenant_id', '=', tenantId).where('id', 'in', personIds).execute() : [],
    matterIds.length ? deps.db.selectFrom('matters').select(['id', 'number', 'title']).where('tenant_id', '=', tenantId).where('id', 'in', matterIds).execute() : [],
    itemFiles(deps.db, tenantId, rows.map((r) => r.id)),
  ]);
  const books = new Map<string, Awaited<ReturnType<typeof bookInForce>>>();
  const out: ItemView[] = [];
  for (const r of rows) {
    const book = books.get(r.doc_date) ?? (await bookInForce(deps.db, tenantId, r.doc_date, now));
    books.set(r.doc_date, book);
    const m = matters.find((x) => x.id === r.matter_id);
    out.push({
      id: r.id,
      kind: r.kind,
      subjectType: r.subject_type,
      subjectId: r.subject_id,
      subjectName: (r.subject_type === 'unit' ? units : people).find((x) => x.id === r.subject_id)?.name ?? '',
      matter: m ? { id: m.id, number: m.number, title: m.title } : null,
      docNumber: r.doc_number,
      docDate: r.doc_date,
      title: r.title,
      points: ruleBookSchema.parse(book.rules).items[r.kind].points,
      createdAt: r.created_at.toISOString(),
      removedAt: r.removed_at ? r.removed_at.toISOString() : null,
      removeReason: r.remove_reason,
      attachments: files.get(r.id) ?? [],
    });
  }
  return out;
}

/** The items dated in a period: all for 督查办 and leaders, else one's unit's and one's own. */
export async function listItems(deps: Deps, actor: Actor, code: string): Promise<ItemView[]> {
  const p = periodOrThrow(code);
  const rows = await deps.db.selectFrom('assessment_items').selectAll().where('tenant_id', '=', actor.tenantId).where('doc_date', '>=', p.from).where('doc_date', '<=', p.to).orderBy('doc_date', 'desc').orderBy('id', 'desc').execute();
  return present(deps, actor.tenantId, rows.filter((r) => canSeeSubject(actor, r.subject_type, r.subject_id)));
}

export async function addItem(deps: Deps, actor: Actor, input: Omit<ItemInput, 'attachmentIds'> & { attachmentIds?: readonly number[] }): Promise<ItemView> {
  requirePermission(actor, 'assess.manage');
  const row = await inTransaction(deps.db, async (trx) => {
    if (!(await subjectExists(trx, actor.tenantId, input.subjectType, input.subjectId))) throw new AppError('validation_failed', '所选单位或干部不存在', [{ field: 'subjectId', message: '所选单位或干部不存在' }]);
    if (input.matterId !== null) {
      const m = await trx.selectFrom('matters').select('id').where('tenant_id', '=', actor.tenantId).where('id', '=', input.matterId).executeTakeFirst();
      if (!m) throw new AppError('validation_failed', '所选事项不存在', [{ field: 'matterId', message: '所选事项不存在' }]);
    }
    const r = await trx
      .insertInto('assessment_items')
      .values({ tenant_id: actor.tenantId, kind: input.kind, subject_type: input.subjectType, subject_id: input.subjectId, matter_id: input.matterId, doc_number: input.docNumber, doc_date: input.docDate, title: input.title, created_by: actor.accountId, created_at: deps.clock.now() })
      .returningAll()
      .executeTakeFirstOrThrow();
    // The document itself: the caller's own uploads, claimed in this transaction (any that is not refuses all).
    const files = await claimAttachments(trx, actor, input.attachmentIds ?? [], { type: ITEM_OWNER, id: r.id, matterId: null });
    await recordTrace(trx, deps.clock, actor, {
      action: 'assessment.item_add',
      entityType: 'assessment_item',
      entityId: r.id,
      after: { kind: input.kind, subjectType: input.subjectType, subjectId: input.subjectId, matterId: input.matterId, docNumber: input.docNumber, docDate: input.docDate, title: input.title, attachments: files.map((f) => ({ id: f.id, fileName: f.fileName })) },
    });
    await recomputeHolding(deps, trx, actor, input.docDate);
    return r;
  });
  const [view] = await present(deps, actor.tenantId, [row]);
  if (!view) throw new AppError('assessment_item_not_found');
  return view;
}

/** 撤销: the item stops counting (marked with its reason, never deleted); the holding draft periods are recomputed. */
export async function removeItem(deps: Deps, actor: Actor, id: number, reason: string): Promise<ItemView> {
  requirePermission(actor, 'assess.manage');
  const row = await inTransaction(deps.db, async (trx) => {
    const r = await trx.selectFrom('assessment_items').selectAll().where('tenant_id', '=', actor.tenantId).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!r || r.removed_at) throw new AppError('assessment_item_not_found');
    const updated = await trx.updateTable('assessment_items').set({ removed_at: deps.clock.now(), removed_by: actor.accountId, remove_reason: reason }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
    await recordTrace(trx, deps.clock, actor, { action: 'assessment.item_remove', entityType: 'assessment_item', entityId: id, before: { docNumber: r.doc_number }, after: { reason } });
    await recomputeHolding(deps, trx, actor, r.doc_date);
    return updated;
  });
  const [view] = await present(deps, actor.tenantId, [row]);
  if (!view) throw new AppError('assessment_item_not_found');
  return view;
}

/**
 * Attaches the document's files to an item afterwards (督查办). Points do not change, so a published period's item
 * takes them too; a withdrawn item does not.
 */
export async function attachItemFiles(deps: Deps, actor: Actor, id: number, attachmentIds: readonly number[]): Promise<ItemView> {
  requirePermission(actor, 'assess.manage');
  const row = await inTransaction(deps.db, async (trx) => {
    const r = await trx.selectFrom('assessment_items').selectAll().where('tenant_id', '=', actor.tenantId).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!r) throw new AppError('assessment_item_not_found');
    if (r.removed_at) throw new AppError('invalid_transition', '该加扣分已撤销，不能再添加附件');
    const files = await claimAttachments(trx, actor, attachmentIds, { type: ITEM_OWNER, id, matterId: null });
    await recordTrace(trx, deps.clock, actor, { action: 'assessment.item_attach', entityType: 'assessment_item', entityId: id, after: { docNumber: r.doc_number, attachments: files.map((f) => ({ id: f.id, fileName: f.fileName })) } });
    return r;
  });
  const [view] = await present(deps, actor.tenantId, [row]);
  if (!view) throw new AppError('assessment_item_not_found');
  return view;
}

/** An item's file, for whoever may see the item's subject (as its score lines); 404 for anything else. */
export async function openItemFile(deps: Deps, actor: Actor, itemId: number, attachmentId: number) {
  const r = await deps.db.selectFrom('assessment_items').select(['id', 'subject_type', 'subject_id']).where('tenant_id', '=', actor.tenantId).where('id', '=', itemId).executeTakeFirst();
  if (!r || !canSeeSubject(actor, r.subject_type, r.subject_id)) throw new AppError('attachment_not_found');
  return openOwnedAttachment(deps, actor.tenantId, attachmentId, { type: ITEM_OWNER, id: r.id });
}

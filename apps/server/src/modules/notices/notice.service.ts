import type { noticeCreateSchema, NoticeReplyInput } from '@duban/shared';
import { canTransition, MATTER_STATUS_LABELS, matterNumber, mayReplyToNotice, shanghaiDate, TRANSITIONS } from '@duban/shared';
import type { z } from 'zod';
import { AppError } from '../../errors';
import { requireAnyPermission, requirePermission, type Actor } from '../../lib/actor';
import { inTransaction, type Deps } from '../../lib/deps';
import { attachmentsByOwner, claimAttachments } from '../attachments/attachment.service';
import { findVisibleMatter } from '../attachments/matter-access';
import { enqueue } from '../outbox/outbox.service';
import { officeNameOf } from '../tenants/office-settings';
import { recordTrace } from '../trace/trace.service';
import { noticeDocx, type FontSet } from './notice.docx';
import { presentNotice, type NoticeDetail, type NoticeParts } from './notice.presenter';
import { nextNumber } from '../../lib/numbering';
import * as repo from './notice.repository';

export type NoticeInput = z.infer<typeof noticeCreateSchema>;

/** 督查通知单 are numbered apart from matters: 二七督通〔2026〕7号. */
export const NOTICE_SEQUENCE = 'notice';

/**
 * Issues a numbered supervision notice about a matter to named people. The notice, its
 * recipients, the messages owed to each of them and the trace commit together.
 */
export async function issueNotice(deps: Deps, actor: Actor, matterId: number, input: NoticeInput): Promise<NoticeDetail> {
  requirePermission(actor, 'notice.issue');
  const matter = await findVisibleMatter(deps.db, actor, matterId);
  if (!canTransition(matter.status, 'issue_notice')) {
    throw new AppError('invalid_transition', `事项当前为“${MATTER_STATUS_LABELS[matter.status]}”，不能下发督查通知单`, {
      allowedFrom: TRANSITIONS.issue_notice.from,
    });
  }
  const personIds = [...new Set(input.recipients.map((r) => r.personId))];
  const people = await deps.db.selectFrom('people').select(['id']).where('tenant_id', '=', actor.tenantId).where('id', 'in', personIds).where('active', '=', true).execute();
  const missing = personIds.filter((id) => !people.some((p) => p.id === id));
  if (missing.length) throw new AppError('person_not_found', `接收人（编号 ${missing.join('、')}）不存在或已停用`);
  const tenant = await deps.db.selectFrom('tenants').select(['doc_prefix']).where('id', '=', actor.tenantId).executeTakeFirstOrThrow();
  const now = deps.clock.now();
  const year = Number(shanghaiDate(now).slice(0, 4));

  const id = await inTransaction(deps.db, async (trx) => {
    const seq = await nextNumber(trx, actor.tenantId, NOTICE_SEQUENCE, year);
    const number = matterNumber(`${tenant.doc_prefix}通`, year, seq);
    const notice = await trx
      .insertInto('notices')
      .values({ tenant_id: actor.tenantId, matter_id: matter.id, year, seq, number, title: input.title, body: input.body, reply_by: input.replyBy ?? null, issued_by: actor.accountId, issued_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    const labels = new Map(input.recipients.map((r) => [r.personId, r.roleLabel ?? null]));
    await trx
      .insertInto('notice_recipients')
      .values(personIds.map((person_id) => ({ tenant_id: actor.tenantId, notice_id: notice.id, person_id, role_label: labels.get(person_id) ?? null })))
      .execute();
    await enqueue(trx, {
      tenantId: actor.tenantId,
      kind: 'notice.issued',
      eventKey: `notice.issued:${notice.id}`,
      matterId: matter.id,
      title: `督查通知单 ${number}：${input.title}`,
      body: `${input.title}（督办事项 ${matter.number} ${matter.title}）${input.replyBy ? `，请于 ${input.replyBy} 前回复` : ''}。请及时签收。`,
      link: `/notices/${notice.id}`,
      payload: { noticeId: notice.id, number, replyBy: input.replyBy ?? null },
      personIds,
      at: now,
    });
    await recordTrace(trx, deps.clock, actor, {
      action: 'notice.issue',
      entityType: 'notice',
      entityId: notice.id,
      after: { matterId: matter.id, number, title: input.title, replyBy: input.replyBy ?? null, recipients: input.recipients },
    });
    return notice.id;
  });
  return loadNotice(deps, actor, id);
}

/** Recipients, reply units, replies and reply files of some notices, for the presenter. */
async function partsOf(deps: Deps, tenantId: number, ids: readonly number[]): Promise<NoticeParts> {
  const [recipients, replyUnits, replies] = await Promise.all([repo.listRecipients(deps.db, tenantId, ids), repo.listReplyUnits(deps.db, tenantId, ids), repo.listReplies(deps.db, tenantId, ids)]);
  const files = await attachmentsByOwner(deps, tenantId, 'notice_reply', replies.map((r) => r.id));
  return { recipients, replyUnits, replies, files };
}

async function loadNotice(deps: Deps, actor: Actor, id: number): Promise<NoticeDetail> {
  const row = await repo.findNotice(deps.db, actor.tenantId, id);
  if (!row) throw new AppError('notice_not_found');
  return presentNotice(row, await partsOf(deps, actor.tenantId, [id]), actor);
}

/** A notice, for those who see its matter and for its recipients (who may sit outside the matter's units). */
export async function getNotice(deps: Deps, actor: Actor, id: number): Promise<NoticeDetail> {
  requireAnyPermission(actor, 'matter.read', 'matter.handle', 'notice.issue');
  const row = await repo.findNotice(deps.db, actor.tenantId, id);
  if (!row) throw new AppError('notice_not_found');
  if (!(await repo.isRecipient(deps.db, actor.tenantId, id, actor.personId))) {
    await findVisibleMatter(deps.db, actor, row.matter_id).catch(() => {
      throw new AppError('notice_not_found');
    });
  }
  return presentNotice(row, await partsOf(deps, actor.tenantId, [id]), actor);
}

/** The notices of a matter, newest first. */
export async function listNotices(deps: Deps, actor: Actor, matterId: number): Promise<NoticeDetail[]> {
  requireAnyPermission(actor, 'matter.read', 'matter.handle', 'notice.issue');
  const matter = await findVisibleMatter(deps.db, actor, matterId);
  const rows = await repo.listNotices(deps.db, actor.tenantId, matter.id);
  const parts = await partsOf(deps, actor.tenantId, rows.map((r) => r.id));
  return rows.map((r) => presentNotice(r, parts, actor));
}

/** 签收: a recipient acknowledges the notice; doing it twice changes nothing. */
export async function acknowledgeNotice(deps: Deps, actor: Actor, id: number): Promise<NoticeDetail> {
  const row = await repo.findNotice(deps.db, actor.tenantId, id);
  if (!row) throw new AppError('notice_not_found');
  if (!(await repo.isRecipient(deps.db, actor.tenantId, id, actor.personId)) || actor.personId === null) throw new AppError('not_notice_recipient');
  const personId = actor.personId;
  await inTransaction(deps.db, async (trx) => {
    const now = deps.clock.now();
    if (!(await repo.acknowledge(trx, actor.tenantId, id, personId, actor.accountId, now))) return;
    await recordTrace(trx, deps.clock, actor, { action: 'notice.acknowledge', entityType: 'notice', entityId: id, after: { number: row.number, personId, acknowledgedAt: now.toISOString() } });
  });
  return loadNotice(deps, actor, id);
}

/**
 * 书面报送: the liaison or head of a unit the notice was addressed to submits the unit's written reply
 * (text and their own uploads). The reply, its files, the message to the issuer and the trace commit
 * together. A closed notice (its matter archived or cancelled) takes no more replies.
 */
export async function replyToNotice(deps: Deps, actor: Actor, id: number, input: NoticeReplyInput): Promise<NoticeDetail> {
  if (!actor.roles.some((r) => r === 'liaison' || r === 'unit_head')) throw new AppError('not_notice_reply_unit');
  const row = await repo.findNotice(deps.db, actor.tenantId, id);
  if (!row) throw new AppError('notice_not_found');
  const units = await repo.listReplyUnits(deps.db, actor.tenantId, [id]);
  const replyUnitIds = units.map((u) => u.unit_id);
  if (actor.unitId === null || !replyUnitIds.includes(actor.unitId)) {
    // Someone who may not even see the notice learns nothing about it.
    if (!(await repo.isRecipient(deps.db, actor.tenantId, id, actor.personId))) {
      await findVisibleMatter(deps.db, actor, row.matter_id).catch(() => {
        throw new AppError('notice_not_found');
      });
    }
    throw new AppError('not_notice_reply_unit');
  }
  if (!mayReplyToNotice(actor, { closed: row.closed_at !== null, replyUnitIds })) throw new AppError('notice_closed');
  const unitId = actor.unitId;
  const unitName = units.find((u) => u.unit_id === unitId)?.unit_name ?? '';
  await inTransaction(deps.db, async (trx) => {
    // Re-read under the transaction: the matter may have been archived since.
    const open = await trx.selectFrom('notices').select('closed_at').where('id', '=', id).forUpdate().executeTakeFirstOrThrow();
    if (open.closed_at !== null) throw new AppError('notice_closed');
    const now = deps.clock.now();
    const reply = await repo.insertReply(trx, { tenant_id: actor.tenantId, notice_id: id, unit_id: unitId, body: input.body, submitted_by: actor.accountId, submitted_at: now });
    const files = await claimAttachments(trx, actor, input.attachmentIds, { type: 'notice_reply', id: reply.id, matterId: row.matter_id });
    const issuer = row.issued_by_person_id;
    if (issuer !== null) {
      await enqueue(trx, {
        tenantId: actor.tenantId,
        kind: 'notice.replied',
        eventKey: `notice.replied:${reply.id}`,
        matterId: row.matter_id,
        title: `督查通知单 ${row.number} 已书面报送：${unitName}`,
        body: `${unitName}已就督查通知单 ${row.number}《${row.title}》（督办事项 ${row.matter_number} ${row.matter_title}）书面报送${files.length ? `，附件 ${files.length} 个` : ''}。`,
        link: `/matters/${row.matter_id}`,
        payload: { noticeId: id, replyId: reply.id, unitId },
        personIds: [issuer],
        at: now,
      });
    }
    await recordTrace(trx, deps.clock, actor, {
      action: 'notice.reply',
      entityType: 'notice',
      entityId: id,
      after: { number: row.number, matterId: row.matter_id, unitId, unitName, replyId: reply.id, body: input.body, attachments: files.map((f) => ({ id: f.id, fileName: f.fileName })), replyBy: row.reply_by, submittedAt: now.toISOString() },
    });
  });
  return loadNotice(deps, actor, id);
}

/** The notice as a 公文-style .docx, for whoever may read the notice. */
export async function noticeDocument(deps: Deps, actor: Actor, id: number, fonts: FontSet): Promise<{ fileName: string; buffer: Buffer }> {
  const notice = await getNotice(deps, actor, id);
  const buffer = await noticeDocx(notice, await officeNameOf(deps.db, actor.tenantId), fonts);
  return { fileName: `${notice.number} ${notice.title}.docx`, buffer };
}

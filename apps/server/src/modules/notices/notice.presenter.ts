import { mayReplyToNotice, noticeViewSchema, type AttachmentView, type NoticeView } from '@duban/shared';
import { z } from 'zod';
import type { Actor } from '../../lib/actor';
import type { listRecipients, listReplies, listReplyUnits, NoticeRow } from './notice.repository';

type RecipientRow = Awaited<ReturnType<typeof listRecipients>>[number];
type ReplyUnitRow = Awaited<ReturnType<typeof listReplyUnits>>[number];
type ReplyRow = Awaited<ReturnType<typeof listReplies>>[number];

/** A notice with the matter it is about; recipients show who has and has not acknowledged. */
export const noticeDetailSchema = noticeViewSchema.extend({
  matterId: z.number().int(),
  matterNumber: z.string(),
  matterTitle: z.string(),
  acknowledged: z.number().int(),
  pending: z.number().int(),
});
export type NoticeDetail = z.infer<typeof noticeDetailSchema>;

/** What a notice's presenter needs beside the notice: its recipients, reply units, replies and their files. */
export type NoticeParts = {
  recipients: readonly RecipientRow[];
  replyUnits: readonly ReplyUnitRow[];
  replies: readonly ReplyRow[];
  files: ReadonlyMap<number, AttachmentView[]>;
};

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

export function presentNotice(n: NoticeRow, parts: NoticeParts, actor: Pick<Actor, 'roles' | 'unitId'>): NoticeDetail {
  const mine = parts.recipients.filter((r) => r.notice_id === n.id);
  const units = parts.replyUnits.filter((u) => u.notice_id === n.id);
  const closed = n.closed_at !== null;
  const view: NoticeView = {
    id: n.id,
    number: n.number,
    title: n.title,
    body: n.body,
    replyBy: n.reply_by,
    issuedBy: n.issuer_person_name ?? n.issued_by_name ?? null,
    issuedAt: n.issued_at.toISOString(),
    recipients: mine.map((r) => ({ personId: r.person_id, name: r.name, unitName: r.unit_name, roleLabel: r.role_label, acknowledgedAt: r.acknowledged_at?.toISOString() ?? null })),
    docxUrl: `/api/notices/${n.id}/docx`,
    closed,
    replyUnits: units.map((u) => ({ unitId: u.unit_id, unitName: u.unit_name, repliedAt: iso(u.replied_at) })),
    replies: parts.replies
      .filter((r) => r.notice_id === n.id)
      .map((r) => ({ id: r.id, unitId: r.unit_id, unitName: r.unit_name, body: r.body, submittedBy: r.submitted_name, submittedAt: r.submitted_at.toISOString(), attachments: parts.files.get(r.id) ?? [] })),
    canReply: mayReplyToNotice(actor, { closed, replyUnitIds: units.map((u) => u.unit_id) }),
  };
  const acknowledged = mine.filter((r) => r.acknowledged_at).length;
  return { ...view, matterId: n.matter_id, matterNumber: n.matter_number, matterTitle: n.matter_title, acknowledged, pending: mine.length - acknowledged };
}

import { noticeViewSchema, type NoticeView } from '@duban/shared';
import { z } from 'zod';
import type { listRecipients, NoticeRow } from './notice.repository';

type RecipientRow = Awaited<ReturnType<typeof listRecipients>>[number];

/** A notice with the matter it is about; recipients show who has and has not acknowledged. */
export const noticeDetailSchema = noticeViewSchema.extend({
  matterId: z.number().int(),
  matterNumber: z.string(),
  matterTitle: z.string(),
  acknowledged: z.number().int(),
  pending: z.number().int(),
});
export type NoticeDetail = z.infer<typeof noticeDetailSchema>;

export function presentNotice(n: NoticeRow, recipients: readonly RecipientRow[]): NoticeDetail {
  const mine = recipients.filter((r) => r.notice_id === n.id);
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
  };
  const acknowledged = mine.filter((r) => r.acknowledged_at).length;
  return { ...view, matterId: n.matter_id, matterNumber: n.matter_number, matterTitle: n.matter_title, acknowledged, pending: mine.length - acknowledged };
}

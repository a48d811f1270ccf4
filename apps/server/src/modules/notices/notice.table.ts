import type { Generated } from 'kysely';
import type { Timestamp } from '../tenants/tenant.table';

export interface NoticeTable {
  id: Generated<number>;
  tenant_id: number;
  matter_id: number;
  year: number;
  seq: number;
  number: string;
  title: string;
  body: string;
  reply_by: string | null;
  issued_by: number | null;
  issued_at: Timestamp;
  /** Set when its matter is archived or cancelled: no longer waits for anyone. */
  closed_at: Date | null;
}

export interface NoticeRecipientTable {
  tenant_id: number;
  notice_id: number;
  person_id: number;
  role_label: string | null;
  acknowledged_at: Date | null;
  acknowledged_by: number | null;
}

/** A unit's written reply (书面报送) to a notice; its files are attachments of owner type 'notice_reply'. */
export interface NoticeReplyTable {
  id: Generated<number>;
  tenant_id: number;
  notice_id: number;
  unit_id: number;
  body: string;
  submitted_by: number | null;
  submitted_at: Timestamp;
}

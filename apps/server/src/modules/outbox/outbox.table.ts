import type { Generated } from 'kysely';
import type { Json } from '../tenants/tenant.table';

export interface OutboxTable {
  id: Generated<number>;
  tenant_id: number;
  kind: string; // 'matter.assigned', 'matter.urged', 'warning.red', 'deadline.t3' …
  event_key: string; // unique per tenant: the same event is never owed twice
  matter_id: number | null;
  title: string;
  body: string;
  link: string | null;
  payload: Json<Record<string, unknown> | null>;
  created_at: Date;
  fanned_out_at: Date | null;
}

export interface OutboxRecipientTable {
  outbox_id: number;
  tenant_id: number;
  person_id: number;
}

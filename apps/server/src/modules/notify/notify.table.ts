import type { Channel, DeliveryStatus } from '@duban/shared';
import type { Generated, Selectable } from 'kysely';
import type { Json, Timestamp } from '../tenants/tenant.table';

export interface NotifySettingsTable {
  tenant_id: number;
  quiet_enabled: Generated<boolean>;
  quiet_start: Generated<number>; // minutes after midnight, Asia/Shanghai
  quiet_end: Generated<number>;
  hold_rest_days: Generated<boolean>;
  digest_minute: Generated<number>;
  /** Red reminders of matters marked 紧急 go out inside quiet hours (off by default). */
  quiet_exempt_urgent_matters: Generated<boolean>;
  updated_at: Timestamp;
}

export interface NotifyChannelTable {
  tenant_id: number;
  channel: Channel;
  enabled: Generated<boolean>;
  urgent_only: Generated<boolean>;
  config: Json<Record<string, string | number | boolean>>;
  secret_enc: string | null; // sealSecret(JSON of the secret fields)
  updated_at: Timestamp;
}

export interface InboxMessageTable {
  id: Generated<number>;
  tenant_id: number;
  person_id: number;
  outbox_id: number | null;
  kind: string;
  matter_id: number | null;
  title: string;
  body: string;
  link: string | null;
  urgent: Generated<boolean>;
  created_at: Timestamp;
  read_at: Date | null;
}

export interface DeliveryTable {
  id: Generated<number>;
  tenant_id: number;
  outbox_id: number;
  person_id: number | null;
  matter_id: number | null;
  channel: Channel;
  /** Where it goes; a mobile number in it (SMS, a DingTalk robot's "m:" mentions) is masked, for the delivery log. */
  target: string;
  /** The real target sealed with SM4 when it holds a mobile number (lib/pii-at-rest.ts); opened only to send. */
  target_enc: string | null;
  status: Generated<DeliveryStatus>;
  urgent: Generated<boolean>;
  /** Goes out inside quiet hours (and so do its retries). */
  quiet_exempt: Generated<boolean>;
  digest: Generated<boolean>;
  attempts: Generated<number>;
  next_at: Timestamp;
  give_up_at: Timestamp;
  lease_until: Date | null;
  claimed_by: string | null;
  idempotency_key: string;
  last_error: string | null;
  provider_reply: string | null;
  sent_at: Date | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}
export type Delivery = Selectable<DeliveryTable>;

export interface RobotPostTable {
  id: Generated<number>;
  tenant_id: number;
  channel: Channel;
  posted_at: Timestamp;
}

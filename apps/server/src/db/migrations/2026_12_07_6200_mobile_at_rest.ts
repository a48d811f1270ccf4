import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit after it has shipped; add a new migration instead.
// Issue 14: people's mobile numbers at rest under SM4 (lib/pii.ts) with an HMAC-SM3 search hash, and the SMS and
// robot-mention targets of deliveries sealed the same way (`target` keeps a masked copy for the delivery log).
// The database never sees the server key, so existing numbers cannot be sealed here: the application seals them
// when it starts (lib/pii-at-rest.ts, in batches, idempotent) and empties the plain column as it goes. The plain
// `people.mobile` column stays (always null afterwards) until a later release drops it.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table people add column mobile_enc text, add column mobile_hash text`.execute(db);
  // Search by number and the "already registered" check, per tenant.
  await sql`create index people_mobile_hash_idx on people (tenant_id, mobile_hash) where mobile_hash is not null`.execute(db);
  // Rows still to seal at each start, found without scanning the table (empty once sealed).
  await sql`create index people_mobile_plain_idx on people (id) where mobile is not null`.execute(db);
  await sql`alter table deliveries add column target_enc text`.execute(db);
  // Deliveries written before this migration whose target holds a mobile number (SMS, a DingTalk robot's mentions).
  await sql`create index deliveries_target_plain_idx on deliveries (id) where target_enc is null and (channel = 'sms' or (channel = 'dingtalk-robot' and target like '%m:%'))`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('forward-only migration');
}

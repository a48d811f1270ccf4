import type { Channel } from '@duban/shared';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema';

type Conn = Kysely<DB> | Transaction<DB>;

export function findSettings(db: Conn, tenantId: number) {
  return db.selectFrom('notify_settings').selectAll().where('tenant_id', '=', tenantId).executeTakeFirst();
}

export function listChannels(db: Conn, tenantId: number) {
  return db.selectFrom('notify_channels').selectAll().where('tenant_id', '=', tenantId).execute();
}

export async function upsertSettings(
  db: Conn,
  tenantId: number,
  v: { quiet_enabled: boolean; quiet_start: number; quiet_end: number; hold_rest_days: boolean; quiet_exempt_urgent_matters: boolean; digest_minute: number },
  at: Date,
): Promise<void> {
  await db
    .insertInto('notify_settings')
    .values({ tenant_id: tenantId, ...v, updated_at: at })
    .onConflict((oc) => oc.column('tenant_id').doUpdateSet({ ...v, updated_at: at }))
    .execute();
}

export async function upsertChannel(
  db: Conn,
  tenantId: number,
  channel: Channel,
  v: { enabled: boolean; urgent_only: boolean; config: Record<string, string | number | boolean>; secret_enc: string | null },
  at: Date,
): Promise<void> {
  const row = { enabled: v.enabled, urgent_only: v.urgent_only, config: JSON.stringify(v.config), secret_enc: v.secret_enc, updated_at: at };
  await db
    .insertInto('notify_channels')
    .values({ tenant_id: tenantId, channel, ...row })
    .onConflict((oc) => oc.columns(['tenant_id', 'channel']).doUpdateSet(row))
    .execute();
}

import type { Channel, DeliveryStatus } from '@duban/shared';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import type { Actor } from '../../lib/actor';
import { matterScopeSql } from '../matters/matter.scope';

export type DeliveryFilter = { status?: DeliveryStatus; channel?: Channel; matterId?: number; personId?: number; from?: Date; to?: Date; limit: number; offset: number };

function base(db: Kysely<DB>, tenantId: number) {
  return db
    .selectFrom('deliveries as d')
    .innerJoin('outbox as o', 'o.id', 'd.outbox_id')
    .leftJoin('people as p', 'p.id', 'd.person_id')
    .where('d.tenant_id', '=', tenantId);
}

const COLUMNS = [
  'd.id',
  'd.outbox_id',
  'o.kind',
  'o.title',
  'd.channel',
  'd.person_id',
  'p.name as person_name',
  'd.matter_id',
  'd.target',
  'd.status',
  'd.urgent',
  'd.digest',
  'd.attempts',
  'd.next_at',
  'd.sent_at',
  'd.last_error',
  'd.provider_reply',
  'd.created_at',
] as const;

export async function listDeliveries(db: Kysely<DB>, tenantId: number, f: DeliveryFilter) {
  let q = base(db, tenantId);
  if (f.status) q = q.where('d.status', '=', f.status);
  if (f.channel) q = q.where('d.channel', '=', f.channel);
  if (f.matterId) q = q.where('d.matter_id', '=', f.matterId);
  if (f.personId) q = q.where('d.person_id', '=', f.personId);
  if (f.from) q = q.where('d.created_at', '>=', f.from);
  if (f.to) q = q.where('d.created_at', '<', f.to);
  const [items, total] = await Promise.all([
    q.select(COLUMNS).orderBy('d.id', 'desc').limit(f.limit).offset(f.offset).execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
}
export type DeliveryRow = Awaited<ReturnType<typeof listDeliveries>>['items'][number];

export function findDelivery(db: Kysely<DB>, tenantId: number, id: number) {
  return base(db, tenantId).select(COLUMNS).where('d.id', '=', id).executeTakeFirst();
}

/** Puts a failed or dead delivery back in the queue with a fresh 24-hour window. */
export function requeue(db: Kysely<DB>, tenantId: number, id: number, now: Date) {
  return db
    .updateTable('deliveries')
    .set({ status: 'pending', next_at: now, give_up_at: new Date(now.getTime() + 24 * 3600_000), lease_until: null, claimed_by: null, updated_at: now })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('status', 'in', ['failed', 'dead'])
    .executeTakeFirst();
}

/** Each message about a matter, its recipients (inbox read state) and their deliveries. */
export async function matterDeliveries(db: Kysely<DB>, tenantId: number, matterId: number) {
  const [inbox, deliveries] = await Promise.all([
    db
      .selectFrom('inbox_messages as i')
      .innerJoin('outbox as o', 'o.id', 'i.outbox_id')
      .innerJoin('people as p', 'p.id', 'i.person_id')
      .select(['i.outbox_id', 'o.kind', 'o.title', 'o.created_at', 'i.person_id', 'p.name as person_name', 'i.read_at'])
      .where('o.tenant_id', '=', tenantId)
      .where('o.matter_id', '=', matterId)
      .orderBy('o.id', 'desc')
      .limit(2000)
      .execute(),
    db
      .selectFrom('deliveries as d')
      .innerJoin('outbox as o', 'o.id', 'd.outbox_id')
      .select(['d.id', 'd.outbox_id', 'o.kind', 'o.title', 'o.created_at', 'd.person_id', 'd.channel', 'd.status', 'd.sent_at', 'd.last_error'])
      .where('o.tenant_id', '=', tenantId)
      .where('o.matter_id', '=', matterId)
      .orderBy('d.id')
      .limit(5000)
      .execute(),
  ]);
  return { inbox, deliveries };
}

/** True when the matter exists in the actor's tenant and lies in their matter scope (matters-core's rule). */
export async function matterVisible(db: Kysely<DB>, actor: Actor, matterId: number): Promise<boolean> {
  const scope = matterScopeSql(actor);
  let q = db.selectFrom('matters as m').select('m.id').where('m.tenant_id', '=', actor.tenantId).where('m.id', '=', matterId);
  if (scope) q = q.where(scope);
  return Boolean(await q.executeTakeFirst());
}

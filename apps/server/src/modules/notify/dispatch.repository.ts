import type { Channel, DeliveryStatus } from '@duban/shared';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import { inTransaction } from '../../lib/deps';

/** A delivery claimed for sending, with the message it carries. */
export type Claimed = {
  id: number;
  tenant_id: number;
  outbox_id: number;
  person_id: number | null;
  channel: Channel;
  /** Masked when it holds a mobile number; the dispatcher sends to `target_enc` opened (see `sendTarget`). */
  target: string;
  target_enc: string | null;
  urgent: boolean;
  quiet_exempt: boolean;
  digest: boolean;
  attempts: number;
  give_up_at: Date;
  idempotency_key: string;
  title: string;
  body: string;
  link: string | null;
};

const RETURNING = sql`d.id, d.tenant_id, d.outbox_id, d.person_id, d.channel, d.target, d.target_enc, d.urgent, d.quiet_exempt, d.digest, d.attempts, d.give_up_at, d.idempotency_key, o.title, o.body, o.link`;

/**
 * Claims up to `limit` deliveries that are due, plus any whose claimant's lease ran out (a killed
 * process), marking them `sending` under this worker's lease. SKIP LOCKED keeps concurrent dispatchers apart.
 */
export async function claimDeliveries(db: Kysely<DB>, worker: string, now: Date, leaseUntil: Date, limit: number): Promise<Claimed[]> {
  const expired = await sql<Claimed>`
    update deliveries d set lease_until = ${leaseUntil}, claimed_by = ${worker}, updated_at = ${now}
    from outbox o
    where o.id = d.outbox_id and d.id in (
      select id from deliveries where status = 'sending' and lease_until < ${now}
      order by lease_until limit ${limit} for update skip locked)
    returning ${RETURNING}`.execute(db);
  const room = limit - expired.rows.length;
  if (room <= 0) return expired.rows;
  const due = await sql<Claimed>`
    update deliveries d set status = 'sending', lease_until = ${leaseUntil}, claimed_by = ${worker}, updated_at = ${now}
    from outbox o
    where o.id = d.outbox_id and d.id in (
      select id from deliveries where status in ('pending', 'retrying') and next_at <= ${now}
      order by next_at, id limit ${room} for update skip locked)
    returning ${RETURNING}`.execute(db);
  return [...expired.rows, ...due.rows];
}

/** The outcome of one claimed delivery. `attempted` says whether a provider call was made for it. */
export type Outcome = { id: number; status: DeliveryStatus; nextAt: Date | null; error: string | null; reply: string | null; sentAt: Date | null; attempted: boolean };

/**
 * Records outcomes in one statement per thousand rows. Only rows still claimed by this worker
 * change: if its lease ran out and another dispatcher took over, that one's record wins.
 */
export async function finishDeliveries(db: Kysely<DB>, worker: string, now: Date, outcomes: readonly Outcome[]): Promise<number> {
  let changed = 0;
  for (let i = 0; i < outcomes.length; i += 1000) {
    const rows = outcomes
      .slice(i, i + 1000)
      .map((o) => sql`(${o.id}::bigint, ${o.status}::text, ${o.nextAt}::timestamptz, ${o.error}::text, ${o.reply}::text, ${o.sentAt}::timestamptz, ${o.attempted ? 1 : 0}::int)`);
    const r = await sql`
      update deliveries d set
        status = v.status, next_at = coalesce(v.next_at, d.next_at), last_error = coalesce(v.error, d.last_error),
        provider_reply = coalesce(v.reply, d.provider_reply), sent_at = coalesce(v.sent_at, d.sent_at),
        attempts = d.attempts + v.inc, lease_until = null, claimed_by = null, updated_at = ${now}
      from (values ${sql.join(rows)}) as v(id, status, next_at, error, reply, sent_at, inc)
      where d.id = v.id and d.claimed_by = ${worker} and d.status = 'sending'`.execute(db);
    changed += Number(r.numAffectedRows ?? 0);
  }
  return changed;
}

export const ROBOT_PER_MINUTE = 20;

/**
 * Reserves up to `wanted` posts in a robot's sliding minute (20 per minute, shared by every
 * instance through the channel row's lock). Returns how many were granted and when the next slot frees.
 */
export async function reserveRobotPosts(db: Kysely<DB>, tenantId: number, channel: Channel, wanted: number, now: Date): Promise<{ granted: number; nextFree: Date }> {
  return inTransaction(db, async (trx) => {
    await trx.selectFrom('notify_channels').select('channel').where('tenant_id', '=', tenantId).where('channel', '=', channel).forUpdate().execute();
    const windowStart = new Date(now.getTime() - 60_000);
    await trx.deleteFrom('robot_posts').where('tenant_id', '=', tenantId).where('channel', '=', channel).where('posted_at', '<', new Date(now.getTime() - 3_600_000)).execute();
    const recent = await trx
      .selectFrom('robot_posts')
      .select('posted_at')
      .where('tenant_id', '=', tenantId)
      .where('channel', '=', channel)
      .where('posted_at', '>', windowStart)
      .orderBy('posted_at')
      .execute();
    const granted = Math.max(0, Math.min(wanted, ROBOT_PER_MINUTE - recent.length));
    if (granted) await trx.insertInto('robot_posts').values(Array.from({ length: granted }, () => ({ tenant_id: tenantId, channel, posted_at: now }))).execute();
    const used = recent.length + granted;
    const oldest = recent[used - ROBOT_PER_MINUTE]?.posted_at;
    const nextFree = used >= ROBOT_PER_MINUTE ? new Date(new Date(oldest ?? now).getTime() + 60_000 + 1) : now;
    return { granted, nextFree };
  });
}

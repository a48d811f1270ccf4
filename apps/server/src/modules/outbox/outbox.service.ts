import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema';

/** Something people are owed a message about. */
export type OutboxEntry = {
  tenantId: number;
  kind: string;
  /** Unique per tenant: enqueueing the same key again adds nothing, so nobody is told twice. */
  eventKey: string;
  matterId?: number | null;
  title: string;
  body: string;
  /** Path inside the app (e.g. /matters/12); channels turn it into a full URL. */
  link?: string | null;
  payload?: Record<string, unknown> | null;
  personIds: readonly number[];
  at: Date;
  /** A citizen's sealed mobile number (no account, no person): one SMS through the same fan-out, in quiet-hours rules. */
  citizenSms?: string | null;
};

/**
 * Writes an entry to the outbox inside the caller's transaction, so the event and the messages
 * it owes commit together. Returns the new id, or null when this event was already owed.
 */
export async function enqueue(trx: Transaction<DB> | Kysely<DB>, e: OutboxEntry): Promise<number | null> {
  const people = [...new Set(e.personIds)];
  if (!people.length && !e.citizenSms) return null;
  const row = await trx
    .insertInto('outbox')
    .values(outboxRow(e))
    .onConflict((oc) => oc.columns(['tenant_id', 'event_key']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!row) return null;
  if (!people.length) return row.id;
  await trx
    .insertInto('outbox_recipients')
    .values(people.map((person_id) => ({ outbox_id: row.id, tenant_id: e.tenantId, person_id })))
    .execute();
  return row.id;
}

/** An entry's payload as stored: the citizen's SMS travels in it. */
export function outboxPayload(e: Pick<OutboxEntry, 'payload' | 'citizenSms'>): Record<string, unknown> | null | undefined {
  return e.citizenSms ? { ...e.payload, citizenSms: e.citizenSms } : e.payload;
}

/** The outbox row of an entry (its recipients aside): enqueue's, and a write that folds its notice into its own statement. */
export function outboxRow(e: Omit<OutboxEntry, 'personIds'>) {
  const payload = outboxPayload(e);
  return {
    tenant_id: e.tenantId,
    kind: e.kind,
    event_key: e.eventKey,
    matter_id: e.matterId ?? null,
    title: e.title,
    body: e.body,
    link: e.link ?? null,
    payload: payload ? JSON.stringify(payload) : null,
    created_at: e.at,
  };
}

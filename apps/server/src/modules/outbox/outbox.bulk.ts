import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../db/schema';
import { outboxPayload, outboxRow, type OutboxEntry } from './outbox.service';

/**
 * enqueue for many entries in one statement (one round trip), for the sweep: entries whose event
 * key is already owed are skipped, as are entries with nobody to tell. Returns the entries written
 * (and how many recipient rows), so callers can report what was sent.
 */
export async function enqueueMany(trx: Transaction<DB> | Kysely<DB>, entries: readonly OutboxEntry[]): Promise<{ entries: number; recipients: number; keys: string[] }> {
  const rows = entries
    // enqueue's row, with the payload as an object and the time as text: the rows travel as one JSON document.
    .map((e) => ({ ...outboxRow(e), payload: outboxPayload(e) ?? null, created_at: e.at.toISOString(), person_ids: [...new Set(e.personIds)] }))
    .filter((r) => r.person_ids.length > 0);
  if (!rows.length) return { entries: 0, recipients: 0, keys: [] };
  const result = await sql<{ event_key: string; recipients: number }>`
    with input as (
      select * from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(
        tenant_id integer, kind text, event_key text, matter_id integer, title text, body text,
        link text, payload jsonb, created_at timestamptz, person_ids jsonb)
    ),
    written as (
      insert into outbox (tenant_id, kind, event_key, matter_id, title, body, link, payload, created_at)
      select distinct on (tenant_id, event_key) tenant_id, kind, event_key, matter_id, title, body, link, payload, created_at from input
      on conflict (tenant_id, event_key) do nothing
      returning id, tenant_id, event_key
    ),
    people as (
      insert into outbox_recipients (outbox_id, tenant_id, person_id)
      select distinct w.id, w.tenant_id, p.value::integer
      from written w
      join input i on i.tenant_id = w.tenant_id and i.event_key = w.event_key
      cross join lateral jsonb_array_elements_text(i.person_ids) as p(value)
      returning outbox_id
    )
    select w.event_key, count(pr.outbox_id)::integer as recipients from written w left join people pr on pr.outbox_id = w.id group by w.event_key`.execute(trx);
  return {
    entries: result.rows.length,
    recipients: result.rows.reduce((n, r) => n + Number(r.recipients), 0),
    keys: result.rows.map((r) => r.event_key),
  };
}

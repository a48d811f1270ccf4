import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit after it has shipped; add a new migration instead.
// Issue 14: each trace row carries an HMAC-SM3 of its hash under the server key, which the database never sees,
// so a row written outside the application (with a valid SM3 chain) fails verification. Rows written before this
// migration have none: the application seals them when it starts (after checking their chain), which is the one
// UPDATE the append-only trigger still allows — setting `mac` on a row that has none, changing nothing else.
// Only rows that existed now are ever sealed (trace_seal_boundary: each tenant's head at this migration), so a row
// inserted later by another client, without a MAC, is never blessed by a restart.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table trace add column mac text`.execute(db);
  // Finds rows still to seal at each start without scanning the trace (empty once sealed).
  await sql`create index trace_unsealed_idx on trace (tenant_id, seq) where mac is null`.execute(db);
  await sql`create table trace_seal_boundary (tenant_id integer primary key references tenants(id), seq bigint not null)`.execute(db);
  await sql`insert into trace_seal_boundary (tenant_id, seq) select tenant_id, seq from trace_head where seq > 0`.execute(db);
  await sql`
    create or replace function trace_refuse_change() returns trigger language plpgsql as $$
    begin
      if tg_op = 'UPDATE' then
        if old.mac is null and new.mac is not null and (to_jsonb(new) - 'mac') = (to_jsonb(old) - 'mac') then
          return new;
        end if;
      end if;
      raise exception 'trace is append-only: % refused', tg_op using errcode = 'insufficient_privilege';
    end $$`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('forward-only migration');
}

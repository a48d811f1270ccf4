import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit after it has shipped; add a new migration instead.
// What the colour sweep needs to touch only the matters whose colour could have changed:
// - fact_epoch counts writes to the facts a colour is decided from (a trigger bumps it, so every
//   writer — API, import, SQL by hand — is covered); colour_epoch is the fact_epoch the stored
//   colour was computed from. They differ → the matter must be looked at again.
// - colour_due_on is the next day something can happen without a write (a rule starts to hold, a
//   repeat reminder or a T-3/T-1/report reminder is due); null when nothing ever will.
// - sweep_state remembers, per tenant, a hash of the rules in force (calendar, thresholds), so
//   an admin's edit makes the next sweep reclassify that tenant without a mass update in the request.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table matters add column fact_epoch integer not null default 1`.execute(db);
  await sql`alter table matters add column colour_epoch integer not null default 0`.execute(db);
  await sql`alter table matters add column colour_due_on date`.execute(db);
  await sql`alter table matters add column colour_provisional boolean not null default false`.execute(db);
  await sql`create index matters_colour_stale_idx on matters (id) where fact_epoch <> colour_epoch`.execute(db);
  await sql`create index matters_colour_due_idx on matters (colour_due_on) where colour_due_on is not null`.execute(db);

  await sql`
    create function duban_matter_facts_changed() returns trigger language plpgsql as $$
    begin
      if new.status is distinct from old.status
        or new.start_date is distinct from old.start_date
        or new.deadline is distinct from old.deadline
        or new.progress is distinct from old.progress
        or new.last_report_at is distinct from old.last_report_at
        or new.last_progress_at is distinct from old.last_progress_at
        or new.assigned_at is distinct from old.assigned_at
        or new.report_cadence is distinct from old.report_cadence
        or new.category_id is distinct from old.category_id
        or new.parent_id is distinct from old.parent_id
        or new.tenant_id is distinct from old.tenant_id
      then
        new.fact_epoch := old.fact_epoch + 1;
      end if;
      return new;
    end $$`.execute(db);
  await sql`create trigger matters_facts_changed before update on matters for each row execute function duban_matter_facts_changed()`.execute(db);

  await sql`
    create function duban_milestone_changed() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' then
        update matters set fact_epoch = fact_epoch + 1 where id = old.matter_id;
        return old;
      end if;
      update matters set fact_epoch = fact_epoch + 1 where id = new.matter_id;
      if tg_op = 'UPDATE' and old.matter_id <> new.matter_id then
        update matters set fact_epoch = fact_epoch + 1 where id = old.matter_id;
      end if;
      return new;
    end $$`.execute(db);
  await sql`create trigger milestones_changed after insert or update or delete on milestones for each row execute function duban_milestone_changed()`.execute(db);

  await sql`
    create table sweep_state (
      tenant_id integer primary key references tenants(id),
      rules_hash text not null,
      swept_at timestamptz not null
    )`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('forward-only migration');
}

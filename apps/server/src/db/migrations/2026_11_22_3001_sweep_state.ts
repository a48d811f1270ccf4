import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit after it has shipped; add a new migration instead.
// Replaces 3000's bookkeeping on the wide `matters` row (fact_epoch/colour_epoch/colour_due_on,
// which made every check rewrite a heavily indexed row) with two narrow tables:
// - matter_dirty: a matter whose colour facts were written since its last check (triggers on
//   matters and milestones mark it, so every writer — API, import, SQL by hand — is covered). `mark`
//   comes from a sequence: the sweep removes only the mark it saw, so a write racing it stays marked.
// - matter_sweep: per matter, the next day something can happen without a write (a rule starts to
//   hold, a repeat, T-3/T-1 or report reminder is due); null when nothing ever will.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`drop trigger matters_facts_changed on matters`.execute(db);
  await sql`drop function duban_matter_facts_changed()`.execute(db);
  await sql`drop trigger milestones_changed on milestones`.execute(db);
  await sql`drop function duban_milestone_changed()`.execute(db);
  await sql`drop index matters_colour_stale_idx`.execute(db);
  await sql`drop index matters_colour_due_idx`.execute(db);
  await sql`alter table matters drop column fact_epoch, drop column colour_epoch, drop column colour_due_on`.execute(db);

  await sql`create sequence matter_dirty_mark`.execute(db);
  await sql`
    create table matter_dirty (
      matter_id integer primary key references matters(id) on delete cascade,
      mark bigint not null
    )`.execute(db);
  await sql`
    create table matter_sweep (
      matter_id integer primary key references matters(id) on delete cascade,
      due_on date
    )`.execute(db);
  await sql`create index matter_sweep_due_idx on matter_sweep (due_on) where due_on is not null`.execute(db);

  await sql`
    create function duban_mark_matter_dirty(mid integer) returns void language sql as $$
      insert into matter_dirty (matter_id, mark) values (mid, nextval('matter_dirty_mark'))
      on conflict (matter_id) do update set mark = excluded.mark
    $$`.execute(db);
  await sql`
    create function duban_matter_dirty() returns trigger language plpgsql as $$
    begin
      perform duban_mark_matter_dirty(new.id);
      return null;
    end $$`.execute(db);
  await sql`create trigger matters_dirty_insert after insert on matters for each row execute function duban_matter_dirty()`.execute(db);
  // The WHEN clause is evaluated without calling the function, so the sweep's own updates (which set
  // duban.sweep for their transaction) cost nothing here.
  await sql`
    create trigger matters_dirty_update after update on matters for each row
    when (new.status is distinct from old.status
      or new.start_date is distinct from old.start_date
      or new.deadline is distinct from old.deadline
      or new.progress is distinct from old.progress
      or new.last_report_at is distinct from old.last_report_at
      or new.last_progress_at is distinct from old.last_progress_at
      or new.assigned_at is distinct from old.assigned_at
      or new.report_cadence is distinct from old.report_cadence
      or new.category_id is distinct from old.category_id
      or new.parent_id is distinct from old.parent_id
      or new.lead_unit_id is distinct from old.lead_unit_id
      -- a colour set by anyone but the sweep (a repair by hand, a benchmark's reset) is re-derived
      or (new.colour is distinct from old.colour and coalesce(current_setting('duban.sweep', true), '') <> 'on'))
    execute function duban_matter_dirty()`.execute(db);
  await sql`
    create function duban_milestone_dirty() returns trigger language plpgsql as $$
    begin
      if tg_op <> 'INSERT' then perform duban_mark_matter_dirty(old.matter_id); end if;
      if tg_op <> 'DELETE' then perform duban_mark_matter_dirty(new.matter_id); end if;
      return null;
    end $$`.execute(db);
  await sql`create trigger milestones_dirty after insert or update or delete on milestones for each row execute function duban_milestone_dirty()`.execute(db);

  // Matters that exist already are looked at by the first sweep.
  await sql`insert into matter_dirty (matter_id, mark) select id, nextval('matter_dirty_mark') from matters`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('forward-only migration');
}

import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit after it has shipped; add a new migration instead.
// Assessment, second part (issue 13): 加分/扣分 items with their documents, 复核 / 申诉 of a published score,
// lines of no matter (items against a unit, 满意率, an appeal's correction), and each period's input
// watermark so the recompute job only recomputes a period whose inputs changed.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table assessment_lines alter column matter_id drop not null`.execute(db);
  await sql`alter table assessment_periods add column input_mark text`.execute(db);

  // 批示表扬 / 通报表扬 / 通报批评 recorded by 督查办 against a unit or a cadre, optionally naming a matter.
  // Removal is a mark (with its reason), never a delete: the trace and the item stay.
  await sql`
    create table assessment_items (
      id serial primary key,
      tenant_id integer not null references tenants(id),
      kind text not null check (kind in ('praise', 'commend', 'criticise')),
      subject_type text not null check (subject_type in ('unit', 'person')),
      subject_id integer not null,
      matter_id integer references matters(id),
      doc_number text not null,
      doc_date date not null,
      title text not null,
      created_by integer references accounts(id),
      created_at timestamptz not null,
      removed_by integer references accounts(id),
      removed_at timestamptz,
      remove_reason text
    )`.execute(db);
  await sql`create index assessment_items_tenant_idx on assessment_items (tenant_id, doc_date)`.execute(db);

  // 复核 (kind review) of a published period's score, and 申诉 (kind appeal) after the 复核 decision (parent_id).
  await sql`
    create table assessment_appeals (
      id serial primary key,
      tenant_id integer not null references tenants(id),
      kind text not null check (kind in ('review', 'appeal')),
      parent_id integer references assessment_appeals(id),
      period_id integer not null references assessment_periods(id),
      subject_type text not null check (subject_type in ('unit', 'person')),
      subject_id integer not null,
      reason text not null,
      evidence text not null,
      status text not null default 'pending' check (status in ('pending', 'upheld', 'changed')),
      delta numeric,
      decision_note text,
      applied_by integer references accounts(id),
      applied_at timestamptz not null,
      decided_by integer references accounts(id),
      decided_at timestamptz
    )`.execute(db);
  await sql`create index assessment_appeals_tenant_idx on assessment_appeals (tenant_id, status)`.execute(db);
}

import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit after it has shipped; add a new migration instead.
// 书面报送: a unit addressed by a 督查通知单 replies in writing (text, files as attachments of owner type
// 'notice_reply'). A unit may reply more than once (a later reply adds to the first); the reminders of a
// missing reply look for any reply of the unit (issue 12, item 10).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table notice_replies (
      id integer generated always as identity primary key,
      tenant_id integer not null references tenants(id),
      notice_id integer not null references notices(id) on delete cascade,
      unit_id integer not null references units(id),
      body text not null,
      submitted_by integer references accounts(id),
      submitted_at timestamptz not null
    )`.execute(db);
  await sql`create index notice_replies_notice_idx on notice_replies (notice_id, unit_id)`.execute(db);
}

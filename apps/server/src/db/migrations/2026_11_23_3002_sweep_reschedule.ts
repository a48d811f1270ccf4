import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit after it has shipped; add a new migration instead.
// nextColourChangeDay could name a day after a due-soon warning began when a holiday fell between today and
// that warning (green on 18 June 2026, due soon from the 22nd, checked again only on the 23rd). The stored
// next-check days were computed by that version, so every tenant is reclassified once by the next sweep
// (as after a rules edit), which stores corrected days.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`delete from sweep_state`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('forward-only migration');
}

import { executePrepared } from '../../db/prepared';
import type { Insertable, Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema';
import type { SessionTable } from './session.table';
import { actorColumns, ledUnitIds } from './actor.loader';

type Conn = Kysely<DB> | Transaction<DB>;

export async function insertSession(db: Conn, row: Insertable<SessionTable>) {
  await db.insertInto('sessions').values(row).execute();
}

/** The session with its account and actor columns; prepared on PostgreSQL (every signed-in request asks it). */
export async function findSession(db: Conn, id: string) {
  const q = db
    .selectFrom('sessions as s')
    .innerJoin('accounts as a', 'a.id', 's.account_id')
    .leftJoin('people as p', 'p.id', 'a.person_id')
    .select(actorColumns)
    .select(ledUnitIds.as('led_unit_ids'))
    .select([
      's.id',
      's.tenant_id',
      's.account_id',
      's.csrf_token',
      's.created_at',
      's.last_seen_at',
      's.expires_at',
      's.revoked_at',
      'a.status',
      'a.must_change_password',
      'a.totp_enabled_at',
    ])
    .where('s.id', '=', id);
  return (await executePrepared(db, q.compile())).rows[0];
}

/** Moves the idle clock forward (never back, when two requests race). A HOT update: last_seen_at is not indexed. */
export async function touchSession(db: Conn, id: string, at: Date) {
  await db.updateTable('sessions').set({ last_seen_at: at }).where('id', '=', id).where('last_seen_at', '<', at).execute();
}

export async function revokeSession(db: Conn, id: string, at: Date) {
  await db.updateTable('sessions').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).execute();
}

/** Revokes every session of an account but `keep` (e.g. after a password change). */
export async function revokeAccountSessions(db: Conn, accountId: number, at: Date, keep?: string) {
  let q = db.updateTable('sessions').set({ revoked_at: at }).where('account_id', '=', accountId).where('revoked_at', 'is', null);
  if (keep) q = q.where('id', '!=', keep);
  await q.execute();
}

/** Removes sessions that ended more than a day ago. */
export async function purgeSessions(db: Conn, before: Date) {
  await db
    .deleteFrom('sessions')
    .where((eb) => eb.or([eb('expires_at', '<', before), eb('revoked_at', '<', before), eb('last_seen_at', '<', before)]))
    .execute();
}

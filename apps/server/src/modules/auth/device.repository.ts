import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema';

type Conn = Kysely<DB> | Transaction<DB>;

/** The trusted device behind a cookie's hash, if any. */
export function findDevice(db: Conn, tokenHash: string) {
  return db.selectFrom('trusted_devices').select(['token_hash', 'account_id']).where('token_hash', '=', tokenHash).executeTakeFirst();
}

/** Remembers a browser the account signed in from (or refreshes its last use). */
export async function rememberDevice(db: Conn, tokenHash: string, accountId: number, at: Date) {
  await db
    .insertInto('trusted_devices')
    .values({ token_hash: tokenHash, account_id: accountId, created_at: at, last_used_at: at })
    .onConflict((oc) => oc.column('token_hash').doUpdateSet({ last_used_at: at }))
    .execute();
}

/** Forgets devices not used since `before`. */
export async function purgeDevices(db: Conn, before: Date) {
  await db.deleteFrom('trusted_devices').where('last_used_at', '<', before).execute();
}

import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema';

/** A cache per database handle (ids are per database: two test databases in one process must not share one). */
export function perDb<K, V>(): (db: Kysely<DB>) => Map<K, V> {
  const maps = new WeakMap<Kysely<DB>, Map<K, V>>();
  return (db) => {
    let m = maps.get(db);
    if (!m) {
      m = new Map();
      maps.set(db, m);
    }
    return m;
  };
}

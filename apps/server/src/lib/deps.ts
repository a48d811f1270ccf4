import type { Kysely, Transaction } from 'kysely';
import type { Config } from '../config';
import type { DB } from '../db/schema';
import type { Engine } from '../db/database';
import type { TraceAnchor } from '../modules/trace/trace.anchor';
import type { Clock } from './clock';
import type { EventBus } from './events';

/** What services need from the outside world; built once in main.ts (or a test) and passed in. */
export type Deps = {
  db: Kysely<DB>;
  engine: Engine;
  clock: Clock;
  config: Config;
  anchor: TraceAnchor;
  bus: EventBus;
  secretKey: string;
};

/** Runs `fn` in one transaction: the change, its trace and its outbox rows commit together. */
export function inTransaction<T>(db: Kysely<DB>, fn: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
  return db.transaction().execute(fn);
}

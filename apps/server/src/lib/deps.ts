import type { Kysely, Transaction } from 'kysely';
import type { Config } from '../config';
import type { DB } from '../db/schema';
import type { Engine } from '../db/database';
import type { RateLimiter } from '../modules/abuse/rate-limit';
import type { TraceAnchor } from '../modules/trace/trace.anchor';
import type { Clock } from './clock';
import { isRetryableConflict } from './pg-errors';
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
  /** The one rate limiter (per address, per mobile number …), shared by routes and services. */
  limiter: RateLimiter;
};

const ATTEMPTS = 3;

/**
 * Runs `fn` in one transaction: the change, its trace and its outbox rows commit together. A transaction
 * PostgreSQL aborts for a deadlock or a serialization failure is run again (up to 3 times, after a short
 * random pause), so the person sees their action succeed rather than a 500; `fn` must keep its effects
 * outside the database (events, files) until after it returns, as every caller does.
 */
export async function inTransaction<T>(db: Kysely<DB>, fn: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
  // Already inside a transaction (the demo seed drives the real services in its own): the work joins it.
  if (db.isTransaction) return fn(db as Transaction<DB>);
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction().execute(fn);
    } catch (err) {
      if (attempt >= ATTEMPTS || !isRetryableConflict(err)) throw err;
      await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20 * attempt));
    }
  }
}

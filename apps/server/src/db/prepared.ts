import { createHash } from 'node:crypto';
import type { CompiledQuery, Kysely, QueryResult } from 'kysely';
import type pg from 'pg';
import { pgCode } from '../lib/pg-errors';

/**
 * Statements run so often that planning them each time shows (the matter page plans in 4 ms and runs in
 * 1.5 ms at 1,000,000 matters). Their SQL text is registered here, and on PostgreSQL the pool's clients
 * send it as a named (prepared) statement: parsed once per connection, planned once PostgreSQL settles on
 * a generic plan. Values stay parameters, so the text (and the statement) is the same for every call.
 */
const names = new Map<string, string>();
/**
 * At most this many texts are registered (and so prepared on each connection). The statements sent this way have
 * a fixed shape, a few dozen texts in all; a caller whose text embedded values would otherwise grow the map and
 * every connection's prepared statements without end. Past the bound a new text runs as a plain query.
 */
export const MAX_PREPARED = 500;
// Bumped when PostgreSQL refuses a cached plan because a table it reads gained a column (a migration
// while this instance runs): every statement is then prepared afresh under a new name.
let generation = 0;

/** Forgets every registered text (tests that fill the map; a file's tests share this module with the files before it). */
export function forgetPreparedTexts(): void {
  names.clear();
}

/** Runs a compiled query, as a prepared statement on PostgreSQL (plainly on the embedded engine). */
export async function executePrepared<R>(db: Pick<Kysely<unknown>, 'executeQuery'>, query: CompiledQuery<R>): Promise<QueryResult<R>> {
  if (!names.has(query.sql) && names.size < MAX_PREPARED) names.set(query.sql, `duban_${createHash('sha1').update(query.sql).digest('hex').slice(0, 32)}`);
  return db.executeQuery(query);
}

type QueryFn = (...args: unknown[]) => unknown;

/** Makes a pool client send registered statements by name (installed on each new PostgreSQL connection). */
export function sendRegisteredAsPrepared(client: pg.PoolClient): void {
  const query = client.query.bind(client) as QueryFn;
  const patched: QueryFn = (...args) => {
    const [text, values, callback] = args;
    const name = typeof text === 'string' && callback === undefined ? names.get(text) : undefined;
    if (name === undefined) return query(...args);
    const run = () => query({ name: `${name}_${generation}`, text, values }) as Promise<unknown>;
    return run().catch(async (err: unknown) => {
      if (pgCode(err) !== '0A000') throw err; // feature_not_supported: "cached plan must not change result type"
      generation++;
      try {
        return await run();
      } catch (again) {
        // Inside a transaction the refusal aborted it (25P02 now): report the refusal, which inTransaction
        // answers by running the whole transaction again under the new names.
        throw pgCode(again) === '25P02' ? err : again;
      }
    });
  };
  client.query = patched as typeof client.query;
}

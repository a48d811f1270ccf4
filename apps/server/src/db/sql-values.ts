import { sql } from 'kysely';

/**
 * Integer ids as one `integer[]` parameter: thousands of separate parameters cost more to send and plan
 * than the query, and `= any(…)` / `unnest(…)` read it as one value.
 */
export function intArray(ids: readonly number[]) {
  return sql`${`{${ids.join(',')}}`}::integer[]`;
}

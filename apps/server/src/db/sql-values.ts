import { sql } from 'kysely';

/**
 * Integer ids as one `integer[]` parameter: thousands of separate parameters cost more to send and plan
 * than the query, and `= any(…)` / `unnest(…)` read it as one value.
 */
export function intArray(ids: readonly number[]) {
  return sql`${plainArray(ids)}::integer[]`;
}

/**
 * A PostgreSQL array literal (`{1,NULL,3}`) of values that need no quoting — numbers, numeric ids, null, plain
 * words (levels, statuses), ISO times — to send as one text parameter cast to its array type. The driver's own array
 * serialization quotes and escapes every element, which for chunks of thousands cost more than the statement.
 * Text that may hold spaces, commas, braces or quotes must go as an ordinary array parameter.
 */
export function plainArray(values: readonly (string | number | null | undefined)[]): string {
  return `{${values.map((v) => (v === null || v === undefined ? 'NULL' : v)).join(',')}}`;
}

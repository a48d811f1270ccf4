/**
 * Deterministic "randomness" for set-based generation: a hash of the row's key and a salt, so every
 * run on every machine makes the same rows, and no row-by-row round trips are needed.
 * Returns SQL text; the key is an SQL expression, the salt a constant.
 */
export function rnd(key: string, salt: number): string {
  return `((hashint8extended((${key})::bigint, ${salt}) & 2147483647)::float8 / 2147483648.0)`;
}

/** An integer in [min, max] drawn with rnd. */
export function rint(key: string, salt: number, min: number, max: number): string {
  return `(${min} + floor(${rnd(key, salt)} * ${max - min + 1})::int)`;
}

/** An SQL text[] literal of constant words (single quotes doubled). */
export function textArray(items: readonly string[]): string {
  return `array[${items.map((s) => `'${s.replace(/'/g, "''")}'`).join(',')}]::text[]`;
}

/** One element of a constant list, chosen by rnd. */
export function pickSql(items: readonly string[], key: string, salt: number): string {
  return `(${textArray(items)})[1 + floor(${rnd(key, salt)} * ${items.length})::int]`;
}

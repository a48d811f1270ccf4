/** PostgreSQL error codes we turn into client errors (same on both engines). */
export function pgCode(err: unknown): string | null {
  return err && typeof err === 'object' && 'code' in err && typeof err.code === 'string' ? err.code : null;
}

/** 23505: a unique index refused the row. */
export const isUniqueViolation = (err: unknown): boolean => pgCode(err) === '23505';

/** 23503: a foreign key refused the change (a row still referenced). */
export const isForeignKeyViolation = (err: unknown): boolean => pgCode(err) === '23503';

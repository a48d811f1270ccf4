/** PostgreSQL error codes we turn into client errors (same on both engines). */
export function pgCode(err: unknown): string | null {
  return err && typeof err === 'object' && 'code' in err && typeof err.code === 'string' ? err.code : null;
}

/**
 * Class 22 (data exception): a value the database cannot hold, such as an integer past int4
 * (a `version` of 3000000000) or a NUL character in text. The client sent it, so it is a 400.
 */
export const isDataException = (err: unknown): boolean =>
  !!err && typeof err === 'object' && 'severity' in err && /^22[0-9A-Z]{3}$/.test(pgCode(err) ?? '');

/** 23505: a unique index refused the row. */
export const isUniqueViolation = (err: unknown): boolean => pgCode(err) === '23505';

/** 23503: a foreign key refused the change (a row still referenced). */
export const isForeignKeyViolation = (err: unknown): boolean => pgCode(err) === '23503';

/**
 * 40P01 deadlock_detected, 40001 serialization_failure: PostgreSQL rolled the transaction back and
 * running it again is the documented remedy. Counter rows shared by many matters (the cockpit's totals)
 * can be locked in opposite orders by a sweep chunk and a report. 0A000: a prepared statement's plan was
 * refused because a table gained a column (a migration while this instance runs); executePrepared has
 * already moved to fresh statement names, and the aborted transaction succeeds when run again.
 */
export const isRetryableConflict = (err: unknown): boolean => {
  const code = pgCode(err);
  return code === '40P01' || code === '40001' || code === '0A000';
};

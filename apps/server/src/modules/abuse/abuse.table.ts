/** One fixed-window counter of the rate limiter, shared by every instance. */
export interface RateLimitTable {
  key: string; // `${bucket}:${subject}`, e.g. 'login:203.0.113.7'
  window_start: Date;
  hits: number;
}

/** The stored outcome of a write sent with an Idempotency-Key header. */
export interface IdempotencyKeyTable {
  owner: string; // 'a:<accountId>' when signed in, 'ip:<address>' for anonymous requests
  key: string;
  method: string;
  path: string;
  body_hash: string;
  status_code: number | null; // null while the first request is still running
  content_type: string | null;
  response: string | null;
  created_at: Date;
  completed_at: Date | null;
}

import type { Kysely } from 'kysely';
import type { Config } from '../../config';
import type { DB } from '../../db/schema';
import { AppError } from '../../errors';
import type { Clock } from '../../lib/clock';
import { countHit } from './rate-limit.repository';

/**
 * A limit: at most `limit` hits per subject (an address, a mobile number …) in each window of `windowSeconds`.
 * `local`: counted in this process's memory instead of the shared table (see RateLimiter).
 */
export type RateRule = { bucket: string; limit: number; windowSeconds: number; local?: boolean };

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** The named limits routes refer to (`config: { rateLimit: 'login' }`); numbers come from the configuration. */
export type RateRuleName = 'login' | 'public' | 'open311' | 'citizen_report' | 'citizen_mobile' | 'citizen_lookup';

/** The rules in force, from RATE_LIMIT_LOGIN and RATE_LIMIT_PUBLIC (per address per minute) and RATE_LIMIT_OPEN311 (per API key). */
export function rateRules(config: Config): Record<RateRuleName, RateRule> {
  return {
    login: { bucket: 'login', limit: config.rateLimitLogin, windowSeconds: 60 },
    // The flood guard on every anonymous request: in memory (no database statement per request, a flood refused at
    // once); with several instances behind a balancer an address may reach each of them this often.
    public: { bucket: 'public', limit: config.rateLimitPublic, windowSeconds: 60, local: true },
    open311: { bucket: 'open311', limit: config.rateLimitOpen311, windowSeconds: 60 },
    // The citizens' page (issue 17): per address, per mobile number; look-ups are guessable (4 digits), so counted too.
    citizen_report: { bucket: 'citizen_report', limit: config.rateLimitCitizen, windowSeconds: 3600 },
    citizen_mobile: { bucket: 'citizen_mobile', limit: config.rateLimitCitizenMobile, windowSeconds: 3600 },
    citizen_lookup: { bucket: 'citizen_lookup', limit: config.rateLimitCitizen * 3, windowSeconds: 3600 },
  };
}

// Exhausted keys this process remembers, so a flood costs no database write until its window ends.
const MAX_REMEMBERED = 10_000;
// Keys a local rule counts in memory at most; past it (a flood from very many addresses) new keys are counted in the table.
const MAX_LOCAL = 100_000;

/**
 * The one rate limiter: fixed windows counted in the database (`rate_limits`, one atomic upsert per hit), so
 * every instance on one PostgreSQL shares the count. Once a key is over its limit this process answers from
 * memory until the window ends: the hot path under attack touches no database. A `local` rule (the per-minute
 * limit of every anonymous request) is counted in this process's memory: it costs no statement, so a look-up or a
 * duplicate search pays for one shared count (its own hourly rule) instead of two.
 */
export class RateLimiter {
  private readonly exhausted = new Map<string, number>();
  private readonly counts = new Map<string, { end: number; hits: number }>();

  constructor(
    private readonly db: Kysely<DB>,
    private readonly clock: Clock,
  ) {}

  /**
   * Counts one hit for the subject and says whether it is within the rule. `inTable`: count a local rule's hit in
   * the shared table (the request hook's path when hitNow found the memory full).
   */
  async hit(rule: RateRule, subject: string, inTable = false): Promise<RateDecision> {
    const { now, start, end, key } = this.window(rule, subject);
    if (this.exhausted.get(key) === end) return denied(end - now);
    if (rule.local && !inTable) {
      const local = this.hitLocal(key, end, now, rule.limit);
      if (local) return local;
    }
    const hits = await countHit(this.db, key, new Date(start));
    if (hits <= rule.limit) return { allowed: true };
    this.remember(key, end, now);
    return denied(end - now);
  }

  /**
   * The same count for a `local` rule, without a promise: the request hook answers a flood with it synchronously.
   * Undefined when the hit must be counted in the table (not a local rule, or too many keys in memory).
   */
  hitNow(rule: RateRule, subject: string): RateDecision | undefined {
    if (!rule.local) return undefined;
    const { now, end, key } = this.window(rule, subject);
    if (this.exhausted.get(key) === end) return denied(end - now);
    return this.hitLocal(key, end, now, rule.limit);
  }

  /** The fixed window the clock is in for the rule, and the subject's key in it. */
  private window(rule: RateRule, subject: string): { now: number; start: number; end: number; key: string } {
    const now = this.clock.now().getTime();
    const windowMs = rule.windowSeconds * 1000;
    const start = Math.floor(now / windowMs) * windowMs;
    return { now, start, end: start + windowMs, key: `${rule.bucket}:${subject}` };
  }

  private hitLocal(key: string, end: number, now: number, limit: number): RateDecision | undefined {
    let c = this.counts.get(key);
    if (!c || c.end !== end) {
      if (!c && this.counts.size >= MAX_LOCAL) {
        for (const [k, v] of this.counts) if (v.end <= now) this.counts.delete(k);
        if (this.counts.size >= MAX_LOCAL) return undefined;
      }
      c = { end, hits: 0 };
      this.counts.set(key, c);
    }
    c.hits += 1;
    if (c.hits <= limit) return { allowed: true };
    this.remember(key, end, now);
    return denied(end - now);
  }

  /** Counts one hit and throws 429 `rate_limited` (with `retryAfterSeconds` in details) when over the rule. */
  async consume(rule: RateRule, subject: string, inTable = false): Promise<void> {
    const decision = await this.hit(rule, subject, inTable);
    if (!decision.allowed) throw rateLimited(decision.retryAfterSeconds);
  }

  private remember(key: string, end: number, now: number): void {
    if (this.exhausted.size >= MAX_REMEMBERED) {
      for (const [k, until] of this.exhausted) if (until <= now) this.exhausted.delete(k);
      if (this.exhausted.size >= MAX_REMEMBERED) this.exhausted.clear();
    }
    this.exhausted.set(key, end);
  }
}

function denied(ms: number): RateDecision {
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(ms / 1000)) };
}

/** The 429 every limit answers with; the error handler turns `retryAfterSeconds` into a Retry-After header. */
export function rateLimited(retryAfterSeconds: number): AppError {
  return new AppError('rate_limited', rateLimitedMessage(retryAfterSeconds), { retryAfterSeconds });
}

const rateLimitedMessage = (retryAfterSeconds: number) => `操作过于频繁，请 ${retryAfterSeconds} 秒后再试`;

/** The body the error handler would send for rateLimited(), built without an Error (the request hook's flood path). */
export function rateLimitedBody(retryAfterSeconds: number): string {
  return JSON.stringify({ error: 'rate_limited', message: rateLimitedMessage(retryAfterSeconds), details: { retryAfterSeconds } });
}

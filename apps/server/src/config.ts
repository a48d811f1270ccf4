import path from 'node:path';
import { z } from 'zod';

/**
 * The only reader of process.env. Every variable, its default and its meaning is listed
 * in the README's configuration table; keep the two in step.
 */
const envSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  PUBLIC_URL: z.url().optional(),
  DATA_DIR: z.string().default('./data'),
  DATABASE_URL: z.string().startsWith('postgres', { error: 'DATABASE_URL must be a postgres:// URL' }).optional(),
  MIGRATION_DATABASE_URL: z.string().startsWith('postgres', { error: 'MIGRATION_DATABASE_URL must be a postgres:// URL' }).optional(),
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  DEMO: z.enum(['on', 'off']).default('on'),
  JOBS: z.enum(['on', 'off']).default('on'),
  ASSESSMENT_EVENTS: z.enum(['on', 'off']).default('on'),
  ASSESSMENT_MARK_LEASE_MS: z.coerce.number().int().min(0).max(60_000).default(2000),
  SECRET_KEY: z.string().min(32, { error: 'SECRET_KEY must be at least 32 characters' }).optional(),
  TRACE_ANCHOR_FILE: z.string().optional(),
  TRACE_ANCHOR_URL: z.url({ protocol: /^https?$/, error: 'TRACE_ANCHOR_URL must be an http(s) URL' }).optional(),
  TRACE_ANCHOR_SYSLOG: z.string().regex(/^[\w.-]+:\d{1,5}$/, { error: 'TRACE_ANCHOR_SYSLOG must be host:port (UDP)' }).optional(),
  TRACE_ANCHOR_CRON: z.string().trim().regex(/^(\S+\s+){4,5}\S+$/, { error: 'TRACE_ANCHOR_CRON must be a cron expression (5 or 6 fields)' }).default('0 7 * * * *'),
  FILES_DIR: z.string().optional(),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
  SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(12),
  COOKIE_SECURE: z.enum(['auto', 'on', 'off']).default('auto'),
  MAX_UPLOAD_MB: z.coerce.number().int().min(1).max(1024).default(20),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_FORMAT: z.enum(['pretty', 'json']).default('pretty'),
  WEB_DIST: z.string().optional(),
  TRUST_PROXY: z.enum(['on', 'off']).default('off'),
  SWEEP_CRON: z.string().default('0 * * * * *'),
  RATE_LIMIT_LOGIN: z.coerce.number().int().min(1).max(1_000_000).default(30),
  RATE_LIMIT_PUBLIC: z.coerce.number().int().min(1).max(1_000_000).default(300),
  RATE_LIMIT_OPEN311: z.coerce.number().int().min(1).max(1_000_000).default(60),
  // The citizens' page (issue 17): reports and look-ups per address per hour, reports per mobile number per hour.
  RATE_LIMIT_CITIZEN: z.coerce.number().int().min(1).max(1_000_000).default(20),
  RATE_LIMIT_CITIZEN_MOBILE: z.coerce.number().int().min(1).max(1_000_000).default(5),
  ADMIN_2FA: z.enum(['required', 'optional']).default('required'),
  API_DOCS: z.enum(['public', 'signed-in', 'off']).default('signed-in'),
  CHANNEL_ALLOWED_HOSTS: z
    .string()
    .refine((v) => v.split(/[\s,]+/).filter(Boolean).every((h) => /^[\w.:-]+(\/\d{1,3})?$/.test(h)), { error: 'CHANNEL_ALLOWED_HOSTS must list host names, IP addresses or CIDRs (10.0.0.0/8), separated by commas' })
    .default(''),
  WEEKLY_REPORT_CRON: z.string().trim().regex(/^(\S+\s+){4,5}\S+$/, { error: 'WEEKLY_REPORT_CRON must be a cron expression (5 or 6 fields)' }).default('0 0 8 * * 1'),
});

export type Config = Readonly<{
  port: number;
  host: string;
  publicUrl: string;
  dataDir: string;
  databaseUrl: string | null;
  /** The database owner's URL, when the application runs as a role that does not own the tables (migrate, backup, restore use it). */
  migrationDatabaseUrl: string | null;
  dbPoolSize: number;
  demo: boolean;
  jobs: boolean;
  /** Assessment marks the periods a matter event touches (off only to measure its cost; the daily safety net still recomputes). */
  assessmentEvents: boolean;
  /** How long an instance trusts a period mark it saw, skipping the statement (0: every event runs it); the recompute job waits this long after claiming. */
  assessmentMarkLeaseMs: number;
  secretKey: string | null;
  traceAnchorFile: string;
  /** Where the anchor is sent off the box (HTTP POST of JSON), if anywhere. */
  traceAnchorUrl: string | null;
  /** A syslog receiver (host:port, UDP, RFC 5424) the anchor is sent to, if any. */
  traceAnchorSyslog: string | null;
  /** When the anchor is sent off the box (cron, Asia/Shanghai): hourly, at minute 7. */
  traceAnchorCron: string;
  filesDir: string;
  sessionIdleMinutes: number;
  sessionMaxHours: number;
  cookieSecure: 'auto' | 'on' | 'off';
  maxUploadBytes: number;
  logLevel: string;
  /** `pretty`: one readable line per entry (for a person at a console); `json`: pino's JSON lines (for a log collector). */
  logFormat: 'pretty' | 'json';
  webDist: string;
  trustProxy: boolean;
  /** When the colour sweep runs (cron, Asia/Shanghai; seconds first allowed). Default every minute. */
  sweepCron: string;
  /** When the 督查周报 draft of the past week is generated (Asia/Shanghai): Mondays 08:00. */
  weeklyReportCron: string;
  /** Sign-in attempts per client address per minute. */
  rateLimitLogin: number;
  /** Requests without a signed-in account (public routes, and anonymous calls to any API route) per address per minute. */
  rateLimitPublic: number;
  /** Open311 service requests (POST) per API key per minute. */
  rateLimitOpen311: number;
  /** Citizens' reports (and, three times as many, ticket look-ups) per address per hour. */
  rateLimitCitizen: number;
  /** Citizens' reports and follows per mobile number per hour. */
  rateLimitCitizenMobile: number;
  /** Whether the three admin roles must sign in with a second factor (TOTP). */
  admin2fa: 'required' | 'optional';
  /** Who may read the API documentation (/api/docs, /api/openapi.json): everyone, signed-in accounts, or nobody (404). */
  apiDocs: 'public' | 'signed-in' | 'off';
  /** Internal hosts, addresses or CIDRs notification channels may call (loopback and private ranges are refused otherwise). */
  channelAllowedHosts: readonly string[];
  version: string;
}>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

const here = path.dirname(new URL(import.meta.url).pathname);
export const SERVER_ROOT = path.resolve(here, '..');
export const REPO_ROOT = path.resolve(SERVER_ROOT, '../..');
export const VERSION = '0.1.0';

/** Reads and validates configuration; throws ConfigError listing every problem at once. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // An empty variable (FOO=) means "not set", as shells and .env files use it.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.DATA_DIR);
  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ''),
    dataDir,
    databaseUrl: e.DATABASE_URL ?? null,
    migrationDatabaseUrl: e.MIGRATION_DATABASE_URL ?? null,
    dbPoolSize: e.DB_POOL_SIZE,
    demo: e.DEMO === 'on',
    jobs: e.JOBS === 'on',
    assessmentEvents: e.ASSESSMENT_EVENTS === 'on',
    assessmentMarkLeaseMs: e.ASSESSMENT_MARK_LEASE_MS,
    secretKey: e.SECRET_KEY ?? null,
    traceAnchorFile: path.resolve(e.TRACE_ANCHOR_FILE ?? path.join(dataDir, 'trace-anchor.json')),
    traceAnchorUrl: e.TRACE_ANCHOR_URL ?? null,
    traceAnchorSyslog: e.TRACE_ANCHOR_SYSLOG ?? null,
    traceAnchorCron: e.TRACE_ANCHOR_CRON,
    filesDir: path.resolve(e.FILES_DIR ?? path.join(dataDir, 'files')),
    sessionIdleMinutes: e.SESSION_IDLE_MINUTES,
    sessionMaxHours: e.SESSION_MAX_HOURS,
    cookieSecure: e.COOKIE_SECURE,
    maxUploadBytes: e.MAX_UPLOAD_MB * 1024 * 1024,
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT,
    webDist: path.resolve(e.WEB_DIST ?? path.join(REPO_ROOT, 'apps/web/dist')),
    trustProxy: e.TRUST_PROXY === 'on',
    sweepCron: e.SWEEP_CRON,
    weeklyReportCron: e.WEEKLY_REPORT_CRON,
    rateLimitLogin: e.RATE_LIMIT_LOGIN,
    rateLimitPublic: e.RATE_LIMIT_PUBLIC,
    rateLimitOpen311: e.RATE_LIMIT_OPEN311,
    rateLimitCitizen: e.RATE_LIMIT_CITIZEN,
    rateLimitCitizenMobile: e.RATE_LIMIT_CITIZEN_MOBILE,
    admin2fa: e.ADMIN_2FA,
    apiDocs: e.API_DOCS,
    channelAllowedHosts: e.CHANNEL_ALLOWED_HOSTS.split(/[\s,]+/).filter(Boolean),
    version: VERSION,
  });
}

/**
 * Configuration for tests: defaults for `dataDir` (paths under it follow), plus overrides; never the process environment.
 * Time stands still in tests, so the per-minute rate limits are lifted unless a test sets them; the admin roles'
 * second factor is optional unless a test requires it (the tests of two-factor sign-in do). Channels may call
 * 127.0.0.1, where the tests' fake WeCom, DingTalk, SMS and SMTP servers listen.
 */
export function testConfig(dataDir: string, overrides: Partial<Config> = {}): Config {
  const base = loadConfig({ DEMO: 'off', JOBS: 'off', LOG_LEVEL: 'silent', DATA_DIR: dataDir, RATE_LIMIT_LOGIN: '100000', RATE_LIMIT_PUBLIC: '100000', RATE_LIMIT_CITIZEN: '100000', RATE_LIMIT_CITIZEN_MOBILE: '100000', ADMIN_2FA: 'optional', CHANNEL_ALLOWED_HOSTS: '127.0.0.1,::1,localhost', ASSESSMENT_MARK_LEASE_MS: '200' });
  return Object.freeze({ ...base, ...overrides });
}

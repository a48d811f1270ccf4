import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import { prettyFactory } from 'pino-pretty';
import type { Config } from '../config';

/** Paths whose values never reach the log (secrets, tokens, passwords, personal numbers). */
export const LOG_REDACT = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.newPassword',
  '*.currentPassword',
  '*.secret',
  '*.token',
  '*.key',
  // Channel secrets (notify): write-only in the API, never in the log.
  '*.secrets',
  '*.webhookKey',
  '*.corpSecret',
  '*.accessToken',
  '*.signSecret',
  '*.apiKey',
  'channels[*].secrets',
  '*.channels[*].secrets',
];

/** Where log lines go: stdout unless a test collects them. */
export type LogSink = { write(line: string): unknown };

/**
 * The logger for `buildApp`: `LOG_FORMAT=pretty` (the default) writes one readable line per entry
 * (`[10:42:07] INFO: GET /api/matters 200 12ms`); `json` writes pino's one JSON object per line, for a log collector.
 */
export function loggerOptions(config: Config, sink: LogSink = process.stdout): FastifyServerOptions['logger'] {
  const base = { level: config.logLevel, redact: { paths: LOG_REDACT, censor: '[redacted]' } };
  if (config.logFormat === 'json') return sink === process.stdout ? base : { ...base, stream: sink };
  const prettify = prettyFactory({
    colorize: sink === process.stdout && process.stdout.isTTY,
    translateTime: 'SYS:HH:MM:ss',
    ignore: 'pid,hostname,reqId,req,res,responseTime',
    singleLine: true,
  });
  return { ...base, stream: { write: (line: string) => sink.write(prettify(line)) } };
}

/**
 * Whether a finished request stays out of the log: health checks, and the web app's files and pages
 * (the browser fetches dozens per visit) unless they failed. Every API call is logged, once (a 429 at debug).
 */
export function isQuietRequest(url: string, status: number): boolean {
  if (status >= 400) return false;
  const p = url.split('?')[0] ?? '';
  return p === '/api/health' || p.startsWith('/api/docs') || !p.startsWith('/api/');
}

/** One line per request, written when it is answered (buildApp turns Fastify's own two lines per request off). */
export function registerRequestLog(app: FastifyInstance): void {
  app.addHook('onResponse', async (request, reply) => {
    const status = reply.statusCode;
    if (isQuietRequest(request.url, status)) return;
    // The query string may carry search words or one-time links: the path is enough to follow a request.
    const p = request.url.split('?')[0] ?? '';
    const ms = Math.round(reply.elapsedTime);
    const entry = { req: { method: request.method, url: p }, res: { statusCode: status }, responseTime: ms };
    const msg = `${request.method} ${p} ${status} ${ms}ms`;
    if (status >= 500) request.log.error(entry, msg);
    // A flood is refused from memory at a fraction of a millisecond; a line for each refusal would cost more than the
    // refusal and bury the log. Refusals are no security event (docs/security.md), so they show at LOG_LEVEL=debug.
    else if (status === 429) request.log.debug(entry, msg);
    else request.log.info(entry, msg);
  });
}

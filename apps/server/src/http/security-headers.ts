import type { FastifyInstance } from 'fastify';

/**
 * The Content-Security-Policy of every response. Scripts only from this origin (no inline script, no eval),
 * so an injected `<script>` or `onerror=` does nothing. Styles may be inline: Ant Design and ECharts write
 * their styles at run time. Images may be data: URLs (the 2FA QR code, icons) and blob: (downloads, charts).
 * The page talks only to this origin (the API and the live event stream), and no other site may frame it.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'self'",
].join('; ');

/** Security headers on every response (API, web app, files, API docs). */
export function registerSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('x-frame-options', 'SAMEORIGIN');
    reply.header('referrer-policy', 'same-origin');
    reply.header('content-security-policy', CONTENT_SECURITY_POLICY);
    if (request.url.startsWith('/api/')) reply.header('cache-control', 'no-store');
  });
}

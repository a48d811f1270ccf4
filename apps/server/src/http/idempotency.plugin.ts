import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../errors';
import { sha256 } from '../lib/crypto';
import type { Deps } from '../lib/deps';
import { claimKey, completeKey, findKey, releaseKey, retakeStale } from '../modules/abuse/idempotency.repository';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const KEY_PATTERN = /^[\w.:-]{8,128}$/;
// A first request still unfinished after this long died with its process; a retry may run it again.
const STALE_MS = 60_000;
// Larger responses are not kept (a write's answer is small); their retries answer 409 until the key expires.
const MAX_STORED_CHARS = 256 * 1024;

type Claim = { owner: string; key: string };
const claims = new WeakMap<FastifyRequest, Claim>();

/**
 * `Idempotency-Key` on any write (POST, PUT, PATCH, DELETE): the first request with a key runs and its response
 * (status and body, when under 500) is stored; a retry with the same key gets that response again, replayed, with
 * `Idempotency-Replayed: true`, and nothing runs twice — a progress report sent again by a phone on a weak network
 * is stored once. Keys belong to the signed-in account, or to the client address for anonymous requests; the same
 * key with another request body answers 422, and while the first request runs a retry answers 409. Kept 24 hours.
 */
export function registerIdempotency(app: FastifyInstance, deps: Deps): void {
  app.addHook('preHandler', async (request, reply) => {
    const header = request.headers['idempotency-key'];
    if (!UNSAFE.has(request.method) || header === undefined) return;
    const key = Array.isArray(header) ? header[0] : header;
    if (!key || !KEY_PATTERN.test(key)) {
      throw new AppError('bad_request', 'Idempotency-Key 须为 8–128 个字母、数字或 . _ : - 字符');
    }
    const owner = request.auth.actor?.accountId ? `a:${request.auth.actor.accountId}` : `ip:${request.ip}`;
    const path = request.url.split('?')[0] ?? request.url;
    const bodyHash = sha256(`${request.method} ${request.url}\n${JSON.stringify(request.body ?? null)}`);
    const now = deps.clock.now();
    if (await claimKey(deps.db, { owner, key, method: request.method, path, body_hash: bodyHash, created_at: now })) {
      claims.set(request, { owner, key });
      return;
    }
    const seen = await findKey(deps.db, owner, key);
    if (!seen) throw new AppError('idempotency_in_progress');
    if (seen.body_hash !== bodyHash) throw new AppError('idempotency_key_reused');
    if (seen.status_code === null || seen.response === null) {
      if (await retakeStale(deps.db, owner, key, new Date(now.getTime() - STALE_MS), now)) {
        claims.set(request, { owner, key });
        return;
      }
      throw new AppError('idempotency_in_progress');
    }
    reply.code(seen.status_code).header('idempotency-replayed', 'true');
    if (seen.content_type) reply.header('content-type', seen.content_type);
    return reply.send(seen.response);
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const claim = claims.get(request);
    if (!claim) return payload;
    claims.delete(request);
    const text = typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : null;
    if (reply.statusCode >= 500 || text === null || text.length > MAX_STORED_CHARS) {
      await releaseKey(deps.db, claim.owner, claim.key);
      return payload;
    }
    const type = reply.getHeader('content-type');
    await completeKey(deps.db, claim.owner, claim.key, {
      status_code: reply.statusCode,
      content_type: typeof type === 'string' ? type : null,
      response: text,
      completed_at: deps.clock.now(),
    });
    return payload;
  });
}

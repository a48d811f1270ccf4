import type { FastifyRequest } from 'fastify';
import { actorOf } from '../../http/auth.plugin';
import type { App } from '../../http/zod-app';
import type { Actor } from '../../lib/actor';
import type { Deps } from '../../lib/deps';
import { unreadCount } from './inbox.service';
import { hubOf, maySee, type Numbered } from './live.hub';

const HEARTBEAT_MS = 20_000;

function frame(n: Numbered): string {
  return `id: ${n.id}\nevent: ${n.event.type}\ndata: ${JSON.stringify(n.event.data)}\n\n`;
}

async function sessionAlive(deps: Deps, request: FastifyRequest): Promise<boolean> {
  const session = request.auth.session;
  if (!session) return true; // API tokens are checked on connect only
  const s = await deps.db.selectFrom('sessions').select(['expires_at', 'revoked_at', 'last_seen_at']).where('id', '=', session.sessionId).executeTakeFirst();
  const now = deps.clock.now().getTime();
  return Boolean(s && !s.revoked_at && new Date(s.expires_at).getTime() > now && now - new Date(s.last_seen_at).getTime() <= deps.config.sessionIdleMinutes * 60_000);
}

/**
 * `GET /api/events`: the signed-in account's live stream (Server-Sent Events). Sends the unread
 * count on connect, replays what was missed after Last-Event-ID (or `sync` when it cannot), then
 * every event the account may see, with a heartbeat comment so proxies keep the line open.
 */
export async function liveRoutes(app: App, deps: Deps): Promise<void> {
  const hub = hubOf(deps.bus);
  // Open streams never go idle, so shutting down ends them (browsers reconnect to another instance).
  const open = new Set<() => void>();
  app.addHook('preClose', async () => {
    for (const end of open) end();
  });
  // An SSE stream never ends on its own, so it stays out of the OpenAPI document (and the fuzz walk).
  app.get('/api/events', { schema: { hide: true } }, async (request, reply) => {
    const actor: Actor = actorOf(request);
    const lastId = request.headers['last-event-id'];
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
      'x-content-type-options': 'nosniff',
    });
    // Events arriving while we look things up queue here, in order.
    let queue: Promise<void> = Promise.resolve();
    const send = (n: Numbered) => {
      queue = queue.then(async () => {
        if (!res.writableEnded && (await maySee(deps.db, actor, n.event))) res.write(frame(n));
      });
    };
    const stop = hub.listen(send);
    res.write(`retry: 3000\n: connected\n\n`);
    const replay = typeof lastId === 'string' && lastId ? hub.since(lastId) : [];
    if (replay === null) res.write(`event: sync\ndata: {}\n\n`);
    for (const n of replay ?? []) send(n);
    queue = queue.then(async () => {
      res.write(`event: inbox.count\ndata: ${JSON.stringify({ unread: await unreadCount(deps, actor) })}\n\n`);
    });
    const beat = setInterval(() => {
      void sessionAlive(deps, request)
        .then((alive) => (alive ? res.write(': ping\n\n') : res.end()))
        .catch(() => undefined);
    }, HEARTBEAT_MS);
    const end = () => res.end();
    open.add(end);
    const close = () => {
      clearInterval(beat);
      stop();
      open.delete(end);
    };
    res.on('close', close);
    res.on('error', close);
  });
}

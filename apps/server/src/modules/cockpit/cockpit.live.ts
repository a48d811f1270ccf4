import type { FastifyReply, FastifyRequest } from 'fastify';
import { requirePermission, type Actor } from '../../lib/actor';
import type { Deps } from '../../lib/deps';
import type { LiveEvent } from '../../lib/events';
import { cockpitScope } from './cockpit.scope';

/** The live events the big screen shows. */
export const SCREEN_EVENTS: ReadonlySet<string> = new Set(['matter.report', 'matter.colour', 'matter.status']);
const HEARTBEAT_MS = 15_000;
export const REFRESH_MS = 60_000;

/** True when the event concerns a matter inside the viewer's cockpit scope. */
async function inScope(deps: Deps, actor: Actor, event: LiveEvent): Promise<boolean> {
  if (event.tenantId !== actor.tenantId || !SCREEN_EVENTS.has(event.type)) return false;
  if (event.accountIds !== null && (actor.accountId === null || !event.accountIds.includes(actor.accountId))) return false;
  const scope = cockpitScope(actor);
  if (scope.kind === 'tenant') return true;
  const matterId = Number(event.data.matterId);
  if (!Number.isInteger(matterId)) return false;
  const m = await deps.db.selectFrom('matters').where('id', '=', matterId).where('tenant_id', '=', actor.tenantId).select(['lead_unit_id', 'lead_leader_id']).executeTakeFirst();
  if (!m) return false;
  return scope.unitIds.includes(m.lead_unit_id) || (scope.leaderId !== null && m.lead_leader_id === scope.leaderId);
}

/**
 * Streams Server-Sent Events to the big screen: the tenant's matter reports, colour and status
 * changes within the viewer's scope as they happen, a `cockpit.refresh` tick to refetch the
 * figures, and comments as heartbeats. The browser's EventSource reconnects after `retry`.
 */
export function streamCockpit(deps: Deps, actor: Actor, request: FastifyRequest, reply: FastifyReply, refreshMs = REFRESH_MS): void {
  requirePermission(actor, 'cockpit.read');
  reply.hijack();
  const raw = reply.raw;
  raw.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  let id = 0;
  const send = (type: string, data: unknown) => raw.write(`id: ${++id}\nevent: ${type}\ndata: ${JSON.stringify(data)}\n\n`);
  raw.write('retry: 3000\n\n');
  send('hello', { at: deps.clock.now().toISOString() });
  const unsubscribe = deps.bus.subscribe((event) => {
    inScope(deps, actor, event)
      .then((ok) => {
        if (ok && !raw.writableEnded) send(event.type, event.data);
      })
      .catch(() => undefined);
  });
  const refresh = setInterval(() => send('cockpit.refresh', { at: deps.clock.now().toISOString() }), refreshMs);
  const beat = setInterval(() => raw.write(': keep-alive\n\n'), HEARTBEAT_MS);
  const stop = () => {
    unsubscribe();
    clearInterval(refresh);
    clearInterval(beat);
  };
  request.raw.on('close', stop);
  raw.on('close', stop);
}

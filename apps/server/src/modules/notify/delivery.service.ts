import type { DeliveryView, MatterRecipientView } from '@duban/shared';
import { AppError } from '../../errors';
import { requireAnyPermission, requirePermission, type Actor } from '../../lib/actor';
import { inTransaction, type Deps } from '../../lib/deps';
import { recordTrace } from '../trace/trace.service';
import * as repo from './delivery.repository';

const iso = (d: Date | string | null): string | null => (d ? new Date(d).toISOString() : null);

function present(r: repo.DeliveryRow): DeliveryView {
  return {
    id: r.id,
    outboxId: r.outbox_id,
    kind: r.kind,
    title: r.title,
    channel: r.channel,
    personId: r.person_id,
    personName: r.person_name,
    matterId: r.matter_id,
    target: r.target,
    status: r.status,
    urgent: r.urgent,
    digest: r.digest,
    attempts: r.attempts,
    nextAt: iso(r.next_at) ?? '',
    sentAt: iso(r.sent_at),
    lastError: r.last_error,
    providerReply: r.provider_reply,
    createdAt: iso(r.created_at) ?? '',
  };
}

/** The delivery log, for the supervision office and the channel administrator. */
export async function listDeliveries(deps: Deps, actor: Actor, f: repo.DeliveryFilter): Promise<{ items: DeliveryView[]; total: number }> {
  requireAnyPermission(actor, 'channel.manage', 'matter.manage');
  const { items, total } = await repo.listDeliveries(deps.db, actor.tenantId, f);
  return { items: items.map(present), total };
}

/** Sends a failed or dead delivery again (a fresh 24-hour retry window), traced. */
export async function retryDelivery(deps: Deps, actor: Actor, id: number): Promise<DeliveryView> {
  requireAnyPermission(actor, 'channel.manage', 'matter.manage');
  const found = await repo.findDelivery(deps.db, actor.tenantId, id);
  if (!found) throw new AppError('delivery_not_found');
  if (found.status !== 'failed' && found.status !== 'dead') throw new AppError('delivery_not_retryable');
  await inTransaction(deps.db, async (trx) => {
    await repo.requeue(trx, actor.tenantId, id, deps.clock.now());
    await recordTrace(trx, deps.clock, actor, { action: 'delivery.retry', entityType: 'delivery', entityId: id, before: { status: found.status, lastError: found.last_error }, after: { status: 'pending' } });
  });
  const after = await repo.findDelivery(deps.db, actor.tenantId, id);
  if (!after) throw new AppError('delivery_not_found');
  return present(after);
}

/** Who was told what about a matter, and how each channel fared; the matter must be in the viewer's scope. */
export async function matterDeliveries(deps: Deps, actor: Actor, matterId: number): Promise<MatterRecipientView[]> {
  requirePermission(actor, 'matter.read');
  if (!(await repo.matterVisible(deps.db, actor, matterId))) throw new AppError('matter_not_found');
  const { inbox, deliveries } = await repo.matterDeliveries(deps.db, actor.tenantId, matterId);
  const rows = new Map<string, MatterRecipientView>();
  const keyOf = (outboxId: number, personId: number | null) => `${outboxId}|${personId ?? 0}`;
  for (const i of inbox) {
    rows.set(keyOf(i.outbox_id ?? 0, i.person_id), { outboxId: i.outbox_id ?? 0, kind: i.kind, title: i.title, createdAt: iso(i.created_at) ?? '', personId: i.person_id, personName: i.person_name, readAt: iso(i.read_at), deliveries: [] });
  }
  for (const d of deliveries) {
    const key = keyOf(d.outbox_id, d.person_id);
    const row = rows.get(key) ?? { outboxId: d.outbox_id, kind: d.kind, title: d.title, createdAt: iso(d.created_at) ?? '', personId: d.person_id, personName: d.person_id === null ? '群机器人' : null, readAt: null, deliveries: [] };
    row.deliveries.push({ id: d.id, channel: d.channel, status: d.status, sentAt: iso(d.sent_at), lastError: d.last_error });
    rows.set(key, row);
  }
  return [...rows.values()].sort((a, b) => b.outboxId - a.outboxId || (a.personId ?? 0) - (b.personId ?? 0));
}

import type { InboxItem } from '@duban/shared';
import { AppError } from '../../errors';
import type { Actor } from '../../lib/actor';
import type { Deps } from '../../lib/deps';
import * as repo from './inbox.repository';
import { publishUnread } from './inbox.live';

// An account without a person (admins) has an empty inbox rather than an error.
function personOf(actor: Actor): number | null {
  return actor.personId;
}

function present(r: Awaited<ReturnType<typeof repo.listInbox>>['items'][number]): InboxItem {
  return {
    id: r.id,
    kind: r.kind,
    title: r.title,
    body: r.body,
    link: r.link,
    matterId: r.matter_id,
    urgent: r.urgent,
    createdAt: new Date(r.created_at).toISOString(),
    readAt: r.read_at ? new Date(r.read_at).toISOString() : null,
  };
}

/** The signed-in person's messages, newest first. */
export async function listInbox(deps: Deps, actor: Actor, f: { unread?: boolean; limit: number; offset: number }): Promise<{ items: InboxItem[]; total: number; unread: number }> {
  const person = personOf(actor);
  if (person === null) return { items: [], total: 0, unread: 0 };
  const [page, counts] = await Promise.all([repo.listInbox(deps.db, actor.tenantId, person, f), repo.unreadCounts(deps.db, actor.tenantId, [person])]);
  return { items: page.items.map(present), total: page.total, unread: counts.get(person) ?? 0 };
}

export async function unreadCount(deps: Deps, actor: Actor): Promise<number> {
  const person = personOf(actor);
  if (person === null) return 0;
  return (await repo.unreadCounts(deps.db, actor.tenantId, [person])).get(person) ?? 0;
}

/** Marks one message read (idempotent); 404 when it is not the caller's. */
export async function markRead(deps: Deps, actor: Actor, id: number): Promise<number> {
  const person = personOf(actor);
  const found = person === null ? undefined : await repo.findInboxMessage(deps.db, actor.tenantId, person, id);
  if (!found || person === null) throw new AppError('inbox_message_not_found');
  await repo.markRead(deps.db, actor.tenantId, person, id, deps.clock.now());
  const unread = await unreadCount(deps, actor);
  publishUnread(deps, actor.tenantId, actor.accountId, unread);
  return unread;
}

export async function markAllRead(deps: Deps, actor: Actor): Promise<number> {
  const person = personOf(actor);
  if (person === null) return 0;
  await repo.markRead(deps.db, actor.tenantId, person, null, deps.clock.now());
  publishUnread(deps, actor.tenantId, actor.accountId, 0);
  return 0;
}

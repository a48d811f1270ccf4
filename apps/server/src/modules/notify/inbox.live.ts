import type { Deps } from '../../lib/deps';
import { accountsOfPeople, unreadCounts } from './inbox.repository';

/**
 * The unread count an `inbox.new` event carries stops here: the header bell shows "99+" from 100 on, and
 * counting every unread message of every recipient on each fan-out grew with the inbox (128 ms for 300
 * people with 460,000 unread between them).
 */
export const PUSHED_UNREAD_CAP = 100;

/** Pushes `inbox.new` (with the fresh unread count, up to PUSHED_UNREAD_CAP) to the accounts of people who just got messages. */
export async function publishInboxNew(deps: Deps, rows: readonly { tenant_id: number; person_id: number; id: number; title: string }[]): Promise<void> {
  const byTenant = new Map<number, Map<number, { id: number; title: string; count: number }>>();
  for (const r of rows) {
    const perPerson = byTenant.get(r.tenant_id) ?? byTenant.set(r.tenant_id, new Map()).get(r.tenant_id);
    const cur = perPerson?.get(r.person_id);
    perPerson?.set(r.person_id, { id: Math.max(cur?.id ?? 0, r.id), title: r.title, count: (cur?.count ?? 0) + 1 });
  }
  for (const [tenantId, people] of byTenant) {
    const ids = [...people.keys()];
    const [accounts, unread] = await Promise.all([accountsOfPeople(deps.db, tenantId, ids), unreadCounts(deps.db, tenantId, ids, PUSHED_UNREAD_CAP)]);
    for (const a of accounts) {
      if (a.person_id === null) continue;
      const latest = people.get(a.person_id);
      if (!latest) continue;
      deps.bus.publish({ tenantId, type: 'inbox.new', accountIds: [a.id], data: { unread: unread.get(a.person_id) ?? 0, id: latest.id, title: latest.title, count: latest.count } });
    }
  }
}

/** Tells the account's open pages the unread count changed (after reading). */
export function publishUnread(deps: Deps, tenantId: number, accountId: number | null, unread: number): void {
  if (accountId !== null) deps.bus.publish({ tenantId, type: 'inbox.unread', accountIds: [accountId], data: { unread } });
}

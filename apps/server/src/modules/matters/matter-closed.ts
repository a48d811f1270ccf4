import type { Transaction } from 'kysely';
import type { DB } from '../../db/schema';
import type { Actor } from '../../lib/actor';
import type { Deps } from '../../lib/deps';
import { onMatterEvent } from './matter-events';
import type { Matter } from './matter.table';

/**
 * What another module does when a matter is closed (办结), inside the same transaction as the closing: a
 * meeting decision that became the matter is done; a grid problem escalated into it closes its loop. The
 * matter passed in is the row as it was before closing (its status is the one it left).
 * A thin wrapper over onMatterEvent('closed', …) (matter-events.ts), kept for the modules that use it.
 */
export type MatterClosedHook = (trx: Transaction<DB>, deps: Deps, actor: Actor, matter: Matter, now: Date) => Promise<void>;

/** Registers a hook; modules call it once at import (as registerTraceAccess). */
export function onMatterClosed(hook: MatterClosedHook): void {
  onMatterEvent('closed', (trx, deps, e) => hook(trx, deps, e.actor, e.matter, e.at));
}

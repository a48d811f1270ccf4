import type { Transaction } from 'kysely';
import type { WarningColour, WarningReason } from '@duban/shared';
import type { DB } from '../../db/schema';
import type { Actor } from '../../lib/actor';
import type { Deps } from '../../lib/deps';
import type { Matter } from './matter.table';

/**
 * What happens to a matter that other modules (assessment, the grid, meetings) react to, without editing the
 * matter services and without triggers: a unit signs (签收), reports (进度汇报), a completion is returned (退回),
 * the matter is closed (办结), its deadline extended (延期 approved), its warning colour changes (the sweep, or an
 * action that clears it on closing or cancelling).
 */
export const MATTER_EVENT_KINDS = ['signed', 'reported', 'returned', 'closed', 'extended', 'colour_changed'] as const;
export type MatterEventKind = (typeof MATTER_EVENT_KINDS)[number];

type Base = {
  tenantId: number;
  matterId: number;
  /** Who acted: the person for an action, the system actor for the sweep. */
  actor: Actor;
  at: Date;
};

/**
 * One event, delivered inside the transaction that writes it: a subscriber's writes commit with the action, and a
 * subscriber that throws rolls the action back. `matter` is the row as the action found it (before its change).
 */
export type MatterEvent =
  | (Base & { kind: 'signed' | 'reported'; matter: Matter; unitId: number; data: Record<string, unknown> })
  | (Base & { kind: 'returned' | 'closed'; matter: Matter; data: Record<string, unknown> })
  | (Base & { kind: 'extended'; matter: Matter; data: { from: string; to: string; extensionId: number } })
  | (Base & { kind: 'colour_changed'; from: WarningColour | null; to: WarningColour | null; reasons: readonly WarningReason[] });

/** The events of kind(s) K (an intersection, so a member covering several kinds narrows to K). */
export type MatterEventOf<K extends MatterEventKind> = MatterEvent & { kind: K };
export type MatterEventHook<K extends MatterEventKind = MatterEventKind> = (trx: Transaction<DB>, deps: Deps, event: MatterEventOf<K>) => Promise<void>;

const hooks: { kinds: ReadonlySet<MatterEventKind>; hook: MatterEventHook }[] = [];

/**
 * Subscribes `hook` to one kind or several; modules call it once at import (the shape registerTraceAccess uses).
 * Hooks run in registration order, each awaited, inside the writing transaction.
 */
export function onMatterEvent<K extends MatterEventKind>(kinds: K | readonly K[], hook: MatterEventHook<K>): void {
  const list: readonly MatterEventKind[] = typeof kinds === 'string' ? [kinds] : kinds;
  hooks.push({ kinds: new Set(list), hook: hook as unknown as MatterEventHook });
}

/** Delivers `event` to every subscriber of its kind, inside `trx` (called by runAction's services and the sweep). */
export async function emitMatterEvent(trx: Transaction<DB>, deps: Deps, event: MatterEvent): Promise<void> {
  for (const h of hooks) if (h.kinds.has(event.kind)) await h.hook(trx, deps, event);
}

/** True when someone listens for `kind` (the sweep skips building events nobody reads). */
export function hasMatterEventHooks(kind: MatterEventKind): boolean {
  return hooks.some((h) => h.kinds.has(kind));
}

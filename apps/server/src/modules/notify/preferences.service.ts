import { CHANNELS, type NotifyPreferences } from '@duban/shared';
import { AppError } from '../../errors';
import type { Actor } from '../../lib/actor';
import { inTransaction, type Deps } from '../../lib/deps';
import { recordTrace } from '../trace/trace.service';

function personOf(actor: Actor): number {
  if (actor.personId === null) throw new AppError('person_not_found', '该账号未关联人员，没有个人通知偏好');
  return actor.personId;
}

/** The signed-in person's digest choice and muted channels. */
export async function getPreferences(deps: Deps, actor: Actor): Promise<NotifyPreferences> {
  const p = await deps.db.selectFrom('people').select(['notify_digest', 'notify_muted']).where('tenant_id', '=', actor.tenantId).where('id', '=', personOf(actor)).executeTakeFirst();
  if (!p) throw new AppError('person_not_found');
  return { digest: p.notify_digest, muted: CHANNELS.filter((c) => p.notify_muted.includes(c)) };
}

/** Saves them; takes effect for messages fanned out from now on. */
export async function putPreferences(deps: Deps, actor: Actor, input: NotifyPreferences): Promise<NotifyPreferences> {
  const personId = personOf(actor);
  const muted = CHANNELS.filter((c) => input.muted.includes(c));
  await inTransaction(deps.db, async (trx) => {
    await trx.updateTable('people').set({ notify_digest: input.digest, notify_muted: muted }).where('tenant_id', '=', actor.tenantId).where('id', '=', personId).execute();
    await recordTrace(trx, deps.clock, actor, { action: 'person.notify_preferences', entityType: 'person', entityId: personId, after: { digest: input.digest, muted } });
  });
  return { digest: input.digest, muted };
}

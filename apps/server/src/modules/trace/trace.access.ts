import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import type { Actor } from '../../lib/actor';
import { scopeCoversUnit } from '../../lib/actor';

/** Decides whether an actor may read the trace of one record. */
export type TraceAccessCheck = (db: Kysely<DB>, actor: Actor, entityId: string) => Promise<boolean>;

const checks = new Map<string, TraceAccessCheck>();

/** Features declare who may read their records' trace (e.g. matters: whoever may open the matter). */
export function registerTraceAccess(entityType: string, check: TraceAccessCheck): void {
  checks.set(entityType, check);
}

/** True when the actor may read this record's trace; auditors may read every trace. */
export async function canReadTrace(db: Kysely<DB>, actor: Actor, entityType: string, entityId: string): Promise<boolean> {
  if (actor.permissions.has('trace.read.all')) return true;
  const check = checks.get(entityType);
  return check ? check(db, actor, entityId) : false;
}

const accountAdmin = async (_db: Kysely<DB>, actor: Actor) => actor.permissions.has('account.manage') || actor.permissions.has('account.roles');

registerTraceAccess('account', async (db, actor, id) => (await accountAdmin(db, actor)) || String(actor.accountId) === id);
registerTraceAccess('api_token', async (_db, actor) => actor.permissions.has('token.manage'));
registerTraceAccess('unit', async (_db, actor) => actor.permissions.has('org.read'));
registerTraceAccess('person', async (db, actor, id) => {
  if (!actor.permissions.has('org.read')) return false;
  if (actor.scope.kind === 'tenant') return true;
  const p = await db.selectFrom('people').select('unit_id').where('tenant_id', '=', actor.tenantId).where('id', '=', Number(id) || 0).executeTakeFirst();
  return !!p && scopeCoversUnit(actor.scope, p.unit_id);
});

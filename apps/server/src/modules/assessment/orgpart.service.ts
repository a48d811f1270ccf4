import type { orgPartsInputSchema } from '@duban/shared';
import type { z } from 'zod';
import { AppError } from '../../errors';
import { requirePermission, type Actor } from '../../lib/actor';
import { inTransaction, type Deps } from '../../lib/deps';
import { recordTrace } from '../trace/trace.service';
import { periodOrThrow } from './recompute.service';

/** The organisation department's part (0–100) of cadres' composites for a period, entered by 督查办 on its behalf. */
export async function saveOrgParts(deps: Deps, actor: Actor, input: z.infer<typeof orgPartsInputSchema>): Promise<{ saved: number }> {
  requirePermission(actor, 'assess.manage');
  const p = periodOrThrow(input.period);
  const ids = [...new Set(input.items.map((i) => i.personId))];
  const found = await deps.db.selectFrom('people').select('id').where('tenant_id', '=', actor.tenantId).where('id', 'in', ids).execute();
  const missing = ids.filter((id) => !found.some((f) => f.id === id));
  if (missing.length) throw new AppError('person_not_found', `人员（编号 ${missing.join('、')}）不存在`);
  const now = deps.clock.now();
  await inTransaction(deps.db, async (trx) => {
    for (const i of input.items) {
      await trx
        .insertInto('assessment_org_parts')
        .values({ tenant_id: actor.tenantId, period_code: p.code, person_id: i.personId, score: i.score, entered_by: actor.accountId, entered_at: now })
        .onConflict((oc) => oc.columns(['tenant_id', 'period_code', 'person_id']).doUpdateSet({ score: i.score, entered_by: actor.accountId, entered_at: now }))
        .execute();
    }
    await recordTrace(trx, deps.clock, actor, { action: 'assessment.org_parts', entityType: 'assessment_period', entityId: p.code, after: { items: input.items } });
  });
  return { saved: input.items.length };
}

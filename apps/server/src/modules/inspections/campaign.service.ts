import type { CampaignView, campaignInputSchema } from '@duban/shared';
import { sql } from 'kysely';
import type { z } from 'zod';
import { AppError } from '../../errors';
import { requirePermission, type Actor } from '../../lib/actor';
import { inTransaction, type Deps } from '../../lib/deps';
import { recordTrace } from '../trace/trace.service';

type Input = z.infer<typeof campaignInputSchema>;

function campaigns(deps: Deps, tenantId: number) {
  return deps.db
    .selectFrom('inspection_campaigns as c')
    .select([
      'c.id',
      'c.name',
      'c.start_date',
      'c.end_date',
      'c.description',
      'c.created_at',
      sql<number>`(select count(*) from inspections i where i.campaign_id = c.id)`.as('inspection_count'),
      sql<number>`(select count(*) from inspections i where i.campaign_id = c.id and i.finding = 'disputes')`.as('disputed_count'),
    ])
    .where('c.tenant_id', '=', tenantId);
}

type Row = Awaited<ReturnType<ReturnType<typeof campaigns>['execute']>>[number];
const present = (r: Row): CampaignView => ({
  id: r.id,
  name: r.name,
  startDate: r.start_date,
  endDate: r.end_date,
  description: r.description,
  inspectionCount: Number(r.inspection_count),
  disputedCount: Number(r.disputed_count),
  createdAt: r.created_at.toISOString(),
});

/** Inspection campaigns (督查活动), newest first. */
export async function listCampaigns(deps: Deps, actor: Actor): Promise<CampaignView[]> {
  requirePermission(actor, 'matter.inspect');
  return (await campaigns(deps, actor.tenantId).orderBy('c.created_at', 'desc').orderBy('c.id', 'desc').execute()).map(present);
}

export async function getCampaign(deps: Deps, actor: Actor, id: number): Promise<CampaignView> {
  requirePermission(actor, 'matter.inspect');
  const row = await campaigns(deps, actor.tenantId).where('c.id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('campaign_not_found');
  return present(row);
}

export async function createCampaign(deps: Deps, actor: Actor, input: Input): Promise<CampaignView> {
  requirePermission(actor, 'matter.inspect');
  const id = await inTransaction(deps.db, async (trx) => {
    const row = await trx
      .insertInto('inspection_campaigns')
      .values({ tenant_id: actor.tenantId, name: input.name, start_date: input.startDate ?? null, end_date: input.endDate ?? null, description: input.description, created_by: actor.accountId, created_at: deps.clock.now() })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordTrace(trx, deps.clock, actor, { action: 'campaign.create', entityType: 'inspection_campaign', entityId: row.id, after: { ...input } });
    return row.id;
  });
  return getCampaign(deps, actor, id);
}

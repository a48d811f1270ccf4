import { campaignInputSchema, campaignViewSchema, idSchema, inspectionDetailSchema, inspectionInputSchema } from '@duban/shared';
import { z } from 'zod';
import { actorOf } from '../../http/auth.plugin';
import type { App } from '../../http/zod-app';
import type { Deps } from '../../lib/deps';
import { createCampaign, getCampaign, listCampaigns } from './campaign.service';
import { createInspection, listCampaignInspections, listMatterInspections } from './inspection.service';

const params = z.object({ id: idSchema });

export async function inspectionRoutes(app: App, deps: Deps): Promise<void> {
  app.post(
    '/api/matters/:id/inspections',
    {
      schema: {
        tags: ['inspections'],
        summary: '记录现场督查（督查办、督查员）；“与汇报不符”会退回待审的办结申请',
        params,
        body: inspectionInputSchema,
        response: { 200: inspectionDetailSchema },
      },
    },
    async (request) => createInspection(deps, actorOf(request), request.params.id, request.body),
  );

  app.get(
    '/api/matters/:id/inspections',
    { schema: { tags: ['inspections'], summary: '事项的现场督查记录', params, response: { 200: z.object({ items: z.array(inspectionDetailSchema) }) } } },
    async (request) => ({ items: await listMatterInspections(deps, actorOf(request), request.params.id) }),
  );

  app.get(
    '/api/inspection-campaigns',
    { schema: { tags: ['inspections'], summary: '督查活动列表', response: { 200: z.object({ items: z.array(campaignViewSchema) }) } } },
    async (request) => ({ items: await listCampaigns(deps, actorOf(request)) }),
  );

  app.post(
    '/api/inspection-campaigns',
    { schema: { tags: ['inspections'], summary: '新建督查活动', body: campaignInputSchema, response: { 200: campaignViewSchema } } },
    async (request) => createCampaign(deps, actorOf(request), request.body),
  );

  app.get(
    '/api/inspection-campaigns/:id',
    {
      schema: {
        tags: ['inspections'],
        summary: '督查活动及其现场督查记录',
        params,
        response: { 200: campaignViewSchema.extend({ inspections: z.array(inspectionDetailSchema) }) },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const campaign = await getCampaign(deps, actor, request.params.id);
      return { ...campaign, inspections: await listCampaignInspections(deps, actor, campaign.id) };
    },
  );
}

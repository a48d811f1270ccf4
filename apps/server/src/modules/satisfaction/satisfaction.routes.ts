import { satisfactionPeriodSchema, satisfactionRatingSchema, satisfactionSettingsSchema, satisfactionVotesQuerySchema, satisfactionVoteViewSchema, unitSatisfactionSchema } from '@duban/shared';
import { z } from 'zod';
import { actorOf } from '../../http/auth.plugin';
import { okSchema, type App } from '../../http/zod-app';
import type { Deps } from '../../lib/deps';
import { listSatisfaction, listSatisfactionVotes, readSatisfactionSettings, recordRating, updateSatisfactionSettings } from './satisfaction.service';

const tags = ['satisfaction'];

export async function satisfactionRoutes(app: App, deps: Deps): Promise<void> {
  app.get('/api/satisfaction', { schema: { tags, summary: '各单位满意率（按评价日期的期间）', querystring: satisfactionPeriodSchema, response: { 200: z.object({ items: z.array(unitSatisfactionSchema) }) } } }, async (request) => ({
    items: await listSatisfaction(deps, actorOf(request), request.query),
  }));
  app.get('/api/satisfaction/votes', { schema: { tags, summary: '一个单位在期间内的每一条满意度评价（满意率的依据）', querystring: satisfactionVotesQuerySchema, response: { 200: z.object({ items: z.array(satisfactionVoteViewSchema) }) } } }, async (request) => ({
    items: await listSatisfactionVotes(deps, actorOf(request), request.query),
  }));
  app.post('/api/satisfaction/ratings', { schema: { tags, summary: '录入一条满意度评价（群众评价由督查办录入；单位互评由单位负责人或联络员填写）', body: satisfactionRatingSchema, response: { 200: okSchema } } }, async (request) =>
    recordRating(deps, actorOf(request), request.body),
  );
  app.get('/api/satisfaction/settings', { schema: { tags, summary: '满意率分值与权重', response: { 200: satisfactionSettingsSchema } } }, async (request) => readSatisfactionSettings(deps, actorOf(request)));
  app.put('/api/satisfaction/settings', { schema: { tags, summary: '修改满意率分值与权重', body: satisfactionSettingsSchema, response: { 200: satisfactionSettingsSchema } } }, async (request) =>
    updateSatisfactionSettings(deps, actorOf(request), request.body),
  );
}

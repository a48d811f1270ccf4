import { workbenchSchema } from '@duban/shared';
import { actorOf } from '../../http/auth.plugin';
import type { App } from '../../http/zod-app';
import type { Deps } from '../../lib/deps';
import { workbench } from './workbench.service';

/** GET /api/workbench: 待签收, 待汇报, 待审核, 待审批延期, 待签收通知单, 已逾期 — counts and top items. */
export async function workbenchRoutes(app: App, deps: Deps): Promise<void> {
  app.get('/api/workbench', { schema: { tags: ['workbench'], summary: '工作台：待我处理的事项（按角色）', response: { 200: workbenchSchema } } }, async (request) => workbench(deps, actorOf(request)));
}

import { sha256 } from '../lib/crypto';
import type { DemoStep } from './demo.seed';

/**
 * The demo's Open311 integration (issue 17): a published key so the curl examples in docs/citizens.md work against
 * `npm start` as they stand — demo only, like the demo admins' TOTP secrets; a real tenant's keys are issued by
 * its security admin and shown once. The services an Open311 client lists are the grid taxonomy's public categories,
 * which the demo grid's step seeds.
 */
export const DEMO_OPEN311_KEY = 'o311_demo_erqi_for_docs_only';

export const demoOpen311Step: DemoStep = async (deps, trx, ctx) => {
  const t = ctx.tenantId;
  await trx
    .insertInto('open311_keys')
    .values({ tenant_id: t, name: '演示：文档中的 curl 示例', key_hash: sha256(DEMO_OPEN311_KEY), key_prefix: DEMO_OPEN311_KEY.slice(0, 9), created_by: null, created_at: deps.clock.now() })
    .execute();
};

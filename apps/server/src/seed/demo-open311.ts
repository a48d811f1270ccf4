import { sha256 } from '../lib/crypto';
import { seedGridDefaults } from '../modules/grid/grid-setup';
import type { DemoStep } from './demo.seed';

/**
 * The demo's Open311 integration (issue 17): a published key so the curl examples in docs/citizens.md work against
 * `npm start` as they stand — demo only, like the demo admins' TOTP secrets; a real tenant's keys are issued by
 * its security admin and shown once. The grid taxonomy is seeded here when no earlier step did (the services an
 * Open311 client lists are its public categories).
 */
export const DEMO_OPEN311_KEY = 'o311_demo_erqi_for_docs_only';

export const demoOpen311Step: DemoStep = async (deps, trx, ctx) => {
  const t = ctx.tenantId;
  const any = await trx.selectFrom('grid_categories').select('id').where('tenant_id', '=', t).executeTakeFirst();
  if (!any) await seedGridDefaults(trx, t, new Date('2026-01-01T00:00:00+08:00'), deps.clock.now());
  await trx
    .insertInto('open311_keys')
    .values({ tenant_id: t, name: '演示：文档中的 curl 示例', key_hash: sha256(DEMO_OPEN311_KEY), key_prefix: DEMO_OPEN311_KEY.slice(0, 9), created_by: null, created_at: deps.clock.now() })
    .execute();
};

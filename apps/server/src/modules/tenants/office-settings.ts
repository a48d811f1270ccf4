import { OFFICE_NAME_KEY, officeSettingsSchema, readOfficeName, type OfficeSettings } from '@duban/shared';
import type { Kysely, Transaction } from 'kysely';
import { z } from 'zod';
import type { DB } from '../../db/schema';
import { actorOf } from '../../http/auth.plugin';
import type { App } from '../../http/zod-app';
import { requireAnyPermission, type Actor } from '../../lib/actor';
import { inTransaction, type Deps } from '../../lib/deps';
import { recordTrace } from '../trace/trace.service';

/** The name the tenant's supervision office goes by on every document it issues (notices, reports). */
export async function officeNameOf(db: Kysely<DB> | Transaction<DB>, tenantId: number): Promise<string> {
  const tenant = await db.selectFrom('tenants').select('settings').where('id', '=', tenantId).executeTakeFirstOrThrow();
  return readOfficeName(tenant.settings);
}

/** The office's name (system admin and 督查办). */
export async function getOfficeSettings(deps: Deps, actor: Actor): Promise<OfficeSettings> {
  requireAnyPermission(actor, 'calendar.manage', 'matter.manage');
  return { officeName: await officeNameOf(deps.db, actor.tenantId) };
}

/** Sets the office's name; documents made from now on carry it (those already downloaded keep theirs). Traced. */
export async function putOfficeSettings(deps: Deps, actor: Actor, input: OfficeSettings): Promise<OfficeSettings> {
  requireAnyPermission(actor, 'calendar.manage', 'matter.manage');
  return inTransaction(deps.db, async (trx) => {
    const tenant = await trx.selectFrom('tenants').select('settings').where('id', '=', actor.tenantId).forUpdate().executeTakeFirstOrThrow();
    const before = readOfficeName(tenant.settings);
    await trx
      .updateTable('tenants')
      .set({ settings: JSON.stringify({ ...tenant.settings, [OFFICE_NAME_KEY]: input.officeName }) })
      .where('id', '=', actor.tenantId)
      .execute();
    await recordTrace(trx, deps.clock, actor, { action: 'settings.office', entityType: 'settings', entityId: 'office', before: { officeName: before }, after: { officeName: input.officeName } });
    return { officeName: input.officeName };
  });
}

const view = z.object({ officeName: z.string() });

export async function officeSettingsRoutes(app: App, deps: Deps): Promise<void> {
  app.get('/api/settings/office', { schema: { tags: ['settings'], summary: '督查机构名称（通知单版头、报告落款）', response: { 200: view } } }, async (request) =>
    getOfficeSettings(deps, actorOf(request)),
  );
  app.put(
    '/api/settings/office',
    { schema: { tags: ['settings'], summary: '修改督查机构名称（此后生成的通知单、周报、督查通报都用这个名称）', body: officeSettingsSchema, response: { 200: view } } },
    async (request) => putOfficeSettings(deps, actorOf(request), request.body),
  );
}

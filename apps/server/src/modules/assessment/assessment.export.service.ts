import { parsePeriod } from '@duban/shared';
import { requirePermission, type Actor } from '../../lib/actor';
import type { Deps } from '../../lib/deps';
import { assessmentDocx, assessmentXlsx } from './assessment.export';
import { listItems } from './items.service';
import { archiveList, leagueTable } from './league.service';

/** The period's results as a file (the API and `duban assess export` share this). */
export async function exportPeriod(deps: Deps, actor: Actor, code: string, format: 'xlsx' | 'docx'): Promise<{ fileName: string; body: Buffer }> {
  requirePermission(actor, 'assess.read');
  const [league, archive, items, tenant] = await Promise.all([
    leagueTable(deps, actor, code),
    archiveList(deps, actor, code),
    listItems(deps, actor, code),
    deps.db.selectFrom('tenants').select('name').where('id', '=', actor.tenantId).executeTakeFirstOrThrow(),
  ]);
  const data = { tenantName: tenant.name, league, archive, items };
  const label = parsePeriod(code)?.label ?? code;
  return { fileName: `${label}督查考核.${format}`, body: format === 'xlsx' ? await assessmentXlsx(data) : await assessmentDocx(data) };
}

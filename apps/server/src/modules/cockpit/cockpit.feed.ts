import type { CockpitFeedItem } from '@duban/shared';
import { requirePermission, type Actor } from '../../lib/actor';
import type { Deps } from '../../lib/deps';
import { cockpitScope, scopeSql } from './cockpit.scope';

/** The big screen's feed: the latest progress reports and colour changes in the viewer's scope, newest first. */
export async function cockpitFeed(deps: Deps, actor: Actor, limit = 20): Promise<CockpitFeedItem[]> {
  requirePermission(actor, 'cockpit.read');
  const scope = cockpitScope(actor);
  const t = actor.tenantId;
  const [reports, colours] = await Promise.all([
    deps.db
      .selectFrom('progress_reports as r')
      .innerJoin('matters as m', 'm.id', 'r.matter_id')
      .innerJoin('units as u', 'u.id', 'r.unit_id')
      .where('r.tenant_id', '=', t)
      .where(scopeSql(scope, 'm.lead_unit_id', 'm.lead_leader_id'))
      .select(['r.created_at as at', 'r.matter_id', 'm.number', 'm.title', 'u.name as unit_name', 'r.text', 'r.progress'])
      .orderBy('r.created_at', 'desc')
      .limit(limit)
      .execute(),
    deps.db
      .selectFrom('colour_history as c')
      .innerJoin('matters as m', 'm.id', 'c.matter_id')
      .innerJoin('units as u', 'u.id', 'm.lead_unit_id')
      .where('c.tenant_id', '=', t)
      .where(scopeSql(scope, 'm.lead_unit_id', 'm.lead_leader_id'))
      .select(['c.at', 'c.matter_id', 'm.number', 'm.title', 'u.name as unit_name', 'c.from_colour', 'c.to_colour'])
      .orderBy('c.at', 'desc')
      .limit(limit)
      .execute(),
  ]);
  const items: CockpitFeedItem[] = [
    ...reports.map((r) => ({
      kind: 'report' as const,
      at: r.at.toISOString(),
      matterId: r.matter_id,
      number: r.number,
      title: r.title,
      unitName: r.unit_name,
      text: r.text.slice(0, 200),
      progress: Number(r.progress),
      fromColour: null,
      toColour: null,
    })),
    ...colours.map((c) => ({
      kind: 'colour' as const,
      at: c.at.toISOString(),
      matterId: c.matter_id,
      number: c.number,
      title: c.title,
      unitName: c.unit_name,
      text: '',
      progress: null,
      fromColour: c.from_colour,
      toColour: c.to_colour,
    })),
  ];
  return items.sort((a, b) => b.at.localeCompare(a.at)).slice(0, limit);
}

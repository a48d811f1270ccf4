import {
  DEFAULT_INDICATORS,
  evaluateIndicators,
  indicatorQuarters,
  parsePeriod,
  type CadreHistory,
  type CadreQuarter,
  type Indicator,
  type IndicatorList,
  type IndicatorMatter,
  type IndicatorSettings,
} from '@duban/shared';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema';
import { validationError } from '../../errors';
import { requirePermission, type Actor } from '../../lib/actor';
import { inTransaction, type Deps } from '../../lib/deps';
import { recordTrace } from '../trace/trace.service';
import * as repo from './league.repository';
import { standings } from './league.service';

type Conn = Kysely<DB> | Transaction<DB>;

/** The tenant's 能上能下 indicators; the defaults until 督查办 saves its own. */
export async function readIndicators(db: Conn, tenantId: number): Promise<{ indicators: Indicator[]; isDefault: boolean }> {
  const row = await db.selectFrom('assessment_indicator_settings').select('indicators').where('tenant_id', '=', tenantId).executeTakeFirst();
  return row ? { indicators: row.indicators, isDefault: false } : { indicators: DEFAULT_INDICATORS, isDefault: true };
}

export async function getIndicatorSettings(deps: Deps, actor: Actor): Promise<{ indicators: Indicator[]; isDefault: boolean }> {
  requirePermission(actor, 'assess.read');
  return readIndicators(deps.db, actor.tenantId);
}

/** 督查办 edits the indicators (an empty list turns them all off; deleting the row is not offered: save the defaults back). */
export async function saveIndicatorSettings(deps: Deps, actor: Actor, input: IndicatorSettings): Promise<{ indicators: Indicator[]; isDefault: boolean }> {
  requirePermission(actor, 'assess.manage');
  const now = deps.clock.now();
  await inTransaction(deps.db, async (trx) => {
    const before = await readIndicators(trx, actor.tenantId);
    const json = JSON.stringify(input.indicators);
    await trx
      .insertInto('assessment_indicator_settings')
      .values({ tenant_id: actor.tenantId, indicators: json, updated_by: actor.accountId, updated_at: now })
      .onConflict((oc) => oc.column('tenant_id').doUpdateSet({ indicators: json, updated_by: actor.accountId, updated_at: now }))
      .execute();
    await recordTrace(trx, deps.clock, actor, { action: 'assessment.indicators', entityType: 'tenant', entityId: actor.tenantId, before: { indicators: before.indicators }, after: { indicators: input.indicators } });
  });
  return { indicators: input.indicators, isDefault: false };
}

/**
 * Every cadre's figures in the quarters the indicators read (after 容错: exempt lines count for nothing),
 * then the pure evaluation. Quarters not computed yet simply have no figures (an indicator needing them is not met).
 */
export async function indicatorFlags(deps: Deps, actor: Actor, code: string): Promise<IndicatorList> {
  requirePermission(actor, 'assess.read');
  const p = parsePeriod(code);
  if (!p || p.kind !== 'quarter') throw validationError([{ field: 'period', message: '能上能下指标按季度计算，考核期间应为季度（如 2026Q4）' }]);
  const { indicators } = await readIndicators(deps.db, actor.tenantId);
  const quarters = indicatorQuarters(indicators, p.code);
  const histories = new Map<number, CadreHistory>();
  const matterIds = new Set<number>();
  const raw: { code: string; personId: number; quarter: Omit<CadreQuarter, 'accountability' | 'overdue'>; overdue: number[]; accountability: number[] }[] = [];
  const computed: string[] = [];
  for (const q of quarters) {
    const row = await repo.findPeriod(deps.db, actor.tenantId, q);
    if (!row) continue;
    computed.push(q);
    const [s, overdue, flaggedUnits] = await Promise.all([
      standings(deps, actor.tenantId, row),
      deps.db
        .selectFrom('assessment_lines')
        .select(['subject_id', 'matter_id'])
        .distinct()
        .where('period_id', '=', row.id)
        .where('subject_type', '=', 'person')
        .where('rule', '=', 'overdue')
        .where('exempt', '=', false)
        .execute(),
      deps.db.selectFrom('assessment_totals').select(['subject_id', 'flagged_matter_ids']).where('period_id', '=', row.id).where('subject_type', '=', 'unit').where('flagged', '=', true).execute(),
    ]);
    const unitOf = new Map(
      s.cadres.length ? (await deps.db.selectFrom('people').select(['id', 'unit_id']).where('tenant_id', '=', actor.tenantId).where('id', 'in', s.cadres.map((c) => c.personId)).execute()).map((r) => [r.id, r.unit_id]) : [],
    );
    const flagged = new Map(flaggedUnits.map((u) => [u.subject_id, new Set(u.flagged_matter_ids)]));
    const overdueOf = new Map<number, number[]>();
    for (const o of overdue) if (o.matter_id !== null) overdueOf.set(o.subject_id, [...(overdueOf.get(o.subject_id) ?? []), o.matter_id]);
    for (const c of s.cadres) {
      const mine = overdueOf.get(c.personId) ?? [];
      const unitFlags = flagged.get(unitOf.get(c.personId) ?? -1);
      const accountable = unitFlags ? mine.filter((id) => unitFlags.has(id)) : [];
      for (const id of mine) matterIds.add(id);
      raw.push({ code: q, personId: c.personId, quarter: { rank: c.rank, groupSize: c.groupSize, total: c.total, composite: c.composite, grade: c.grade }, overdue: mine, accountability: accountable });
    }
  }
  const matters = new Map((await repo.mattersByIds(deps.db, actor.tenantId, [...matterIds])).map((m) => [m.id, m]));
  const refs = (ids: number[]): IndicatorMatter[] => ids.flatMap((id) => (matters.has(id) ? [matters.get(id)!] : [])).sort((a, b) => a.id - b.id);
  for (const r of raw) {
    const h = histories.get(r.personId) ?? { personId: r.personId, quarters: {} };
    h.quarters[r.code] = { ...r.quarter, overdue: refs(r.overdue), accountability: refs(r.accountability) };
    histories.set(r.personId, h);
  }
  const flags = evaluateIndicators(indicators, p.code, [...histories.values()]);
  const ids = [...new Set(flags.map((f) => f.personId))];
  const people = ids.length
    ? await deps.db
        .selectFrom('people as p')
        .innerJoin('units as u', 'u.id', 'p.unit_id')
        .select(['p.id', 'p.name', 'p.title', 'p.rank', 'u.name as unit_name'])
        .where('p.tenant_id', '=', actor.tenantId)
        .where('p.id', 'in', ids)
        .execute()
    : [];
  const byId = new Map(people.map((x) => [x.id, x]));
  return {
    period: p.code,
    quarters,
    computed,
    indicators,
    flags: flags.flatMap((f) => {
      const x = byId.get(f.personId);
      if (!x) return [];
      return [{ indicatorId: f.indicatorId, label: f.label, direction: f.direction, person: { id: x.id, name: x.name, title: x.title, unitName: x.unit_name, cadreRank: x.rank }, evidence: f.evidence }];
    }),
  };
}

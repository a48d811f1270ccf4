import {
  ARCHIVE_LINES_PAGE,
  composite,
  parsePeriod,
  PEER_GROUP_LABELS,
  previousPeriod,
  proposeGrades,
  RANK_LABELS,
  ruleBookSchema,
  type ArchiveList,
  type CadreArchive,
  type CadreStanding,
  type LeagueTable,
  type PeerGroup,
  type PeriodView,
  type Rank,
  type ScoreLineView,
} from '@duban/shared';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import { AppError } from '../../errors';
import { requirePermission, type Actor } from '../../lib/actor';
import type { Deps } from '../../lib/deps';
import type { SubjectType } from './assessment.table';
import { itemEvidence } from './item-evidence';
import * as repo from './league.repository';
import { periodOrThrow } from './recompute.service';

type PeriodRow = NonNullable<Awaited<ReturnType<typeof repo.findPeriod>>>;

export const groupLabel = (g: string) => {
  const [unit, rank] = g.split(':') as [PeerGroup, Rank | undefined];
  return rank ? `${PEER_GROUP_LABELS[unit] ?? unit}·${RANK_LABELS[rank] ?? rank}` : (PEER_GROUP_LABELS[unit] ?? unit);
};

export async function periodRow(db: Kysely<DB>, tenantId: number, code: string): Promise<PeriodRow> {
  const p = periodOrThrow(code);
  const row = await repo.findPeriod(db, tenantId, p.code);
  if (!row) throw new AppError('assessment_period_not_found', `${p.label}尚未计算考核分，请先重新计算`);
  return row;
}

const presentPeriod = (p: PeriodRow | Awaited<ReturnType<typeof repo.listPeriods>>[number]): PeriodView => ({
  code: p.code,
  from: p.date_from,
  to: p.date_to,
  status: p.status,
  computedAt: p.computed_at.toISOString(),
  publishedAt: p.published_at ? p.published_at.toISOString() : null,
  ruleBookVersion: p.rule_book_version,
});

export async function listPeriods(deps: Deps, actor: Actor): Promise<PeriodView[]> {
  return (await repo.listPeriods(deps.db, actor.tenantId)).map(presentPeriod);
}

/** The unit league table in peer groups, with movement since the period before and 问责 flags with their matters. */
export async function leagueTable(deps: Deps, actor: Actor, code: string): Promise<LeagueTable> {
  requirePermission(actor, 'assess.read');
  const p = await periodRow(deps.db, actor.tenantId, code);
  const prev = previousPeriod(p.code);
  const rows = await repo.unitTotals(deps.db, actor.tenantId, p.id, prev);
  return {
    period: presentPeriod(p),
    previous: prev,
    units: rows.map((r) => ({
      unitId: r.id,
      name: r.name,
      group: r.peer_group,
      groupLabel: groupLabel(r.peer_group),
      total: r.total,
      raw: r.raw,
      matters: r.matters,
      rank: r.rank,
      groupSize: r.group_size,
      movement: r.before_rank !== null ? r.before_rank - r.rank : null,
      flagged: r.flagged,
      flaggedMatters: r.flagged_matters,
      flaggedMatterCount: r.flagged_count,
    })),
  };
}

/** May the actor see this subject's score lines: 督查办 / leaders all, a unit's people their unit, a cadre their own. */
export function canSeeSubject(actor: Actor, type: SubjectType, id: number): boolean {
  if (actor.permissions.has('assess.read')) return true;
  if (type === 'person') return actor.personId === id;
  return actor.permissions.has('matter.handle') && actor.unitId === id;
}

export async function presentLines(db: Kysely<DB>, tenantId: number, periodId: number, type: SubjectType, ids: readonly number[], page?: { offset: number; limit: number }): Promise<ScoreLineView[]> {
  const [rows, tol] = await Promise.all([repo.linesOf(db, periodId, type, ids, page), repo.toleranceByKey(db, tenantId)]);
  const evidence = await itemEvidence(db, tenantId, rows.map((l) => l.line_key));
  return rows.map((l) => ({
    id: Number(l.id),
    subjectType: l.subject_type,
    subjectId: l.subject_id,
    role: l.carrier_role,
    matter: l.matter_id !== null ? { id: l.matter_id, number: l.number ?? '', title: l.title ?? '' } : null,
    key: l.line_key,
    rule: l.rule,
    on: l.on_date,
    quantity: l.quantity,
    unitPoints: l.unit_points,
    share: l.share,
    points: l.points,
    clause: l.clause,
    eventSeq: l.event_seq,
    text: l.text,
    exempt: l.exempt,
    tolerance: tol.get(l.line_key) ?? null,
    evidence: evidence.get(l.line_key) ?? null,
  }));
}

/** A unit's or cadre's score lines in a period: every point with its matter, rule and evidence. */
export async function subjectLines(deps: Deps, actor: Actor, code: string, type: SubjectType, id: number): Promise<ScoreLineView[]> {
  if (!canSeeSubject(actor, type, id)) throw new AppError('forbidden', '只能查看本单位或本人的考核明细');
  const p = await periodRow(deps.db, actor.tenantId, code);
  return presentLines(deps.db, actor.tenantId, p.id, type, [id]);
}

type Standings = { cadres: CadreStanding[]; weight: number; quota: number };

/** Standings of cadres with composite and proposed grades (the quota enforced per peer group). */
export async function standings(deps: Deps, tenantId: number, p: PeriodRow, personId?: number): Promise<Standings> {
  return (await standingsOf(deps, tenantId, [p], personId)).get(p.id) ?? { cadres: [], weight: 0, quota: 0 };
}

/** standings of several periods from one statement (the archive's quarters side by side), by period id. */
async function standingsOf(deps: Deps, tenantId: number, periods: readonly PeriodRow[], personId?: number): Promise<Map<number, Standings>> {
  // One cadre's standing needs only their peer group (for the composite and the grade quota) and their own movement.
  const all = await repo.cadreTotals(
    deps.db,
    tenantId,
    periods.map((p) => ({ id: p.id, code: p.code, prev: previousPeriod(p.code) })),
    personId,
  );
  const out = new Map<number, Standings>();
  for (const p of periods) {
    const rules = ruleBookSchema.parse(p.rules);
    const rows = all.filter((r) => r.period_id === p.id);
    const byGroup = new Map<string, typeof rows>();
    for (const r of rows) {
      const list = byGroup.get(r.peer_group);
      if (list) list.push(r);
      else byGroup.set(r.peer_group, [r]);
    }
    const comp = new Map<number, number | null>();
    for (const r of rows) comp.set(r.id, r.org_part === null ? null : composite(r.total, (byGroup.get(r.peer_group) ?? []).map((x) => x.total), r.org_part, rules.quantifiedWeight));
    const grades = new Map<number, 'excellent' | 'competent'>();
    for (const [group, members] of byGroup) {
      if (members.some((m) => comp.get(m.id) == null)) continue;
      const scored = members.map((m) => ({ id: m.id, group, score: comp.get(m.id) ?? 0 }));
      const sorted = [...scored].sort((a, b) => b.score - a.score);
      const ranked = scored.map((s) => ({ ...s, rank: sorted.findIndex((x) => x.score === s.score) + 1, groupSize: scored.length }));
      for (const [id, g] of proposeGrades(ranked, rules.excellentQuota)) if (g === 'excellent' || g === 'competent') grades.set(id, g);
    }
    const cadres = rows
      .filter((r) => personId === undefined || r.id === personId)
      .map((r) => ({
        personId: r.id,
        name: r.name,
        title: r.title,
        unitName: r.unit_name,
        cadreRank: r.cadre_rank,
        group: r.peer_group,
        groupLabel: groupLabel(r.peer_group),
        total: r.total,
        matters: r.matters,
        rank: r.rank,
        groupSize: r.group_size,
        movement: r.before_rank !== null ? r.before_rank - r.rank : null,
        orgPart: r.org_part,
        composite: comp.get(r.id) ?? null,
        grade: grades.get(r.id) ?? null,
      }));
    out.set(p.id, { cadres, weight: rules.quantifiedWeight, quota: rules.excellentQuota });
  }
  return out;
}

/** 电子政绩档案, every cadre of a period (organisation department, leaders, 督查办). */
export async function archiveList(deps: Deps, actor: Actor, code: string): Promise<ArchiveList> {
  requirePermission(actor, 'assess.read');
  const p = await periodRow(deps.db, actor.tenantId, code);
  const s = await standings(deps, actor.tenantId, p);
  return { period: presentPeriod(p), quantifiedWeight: s.weight, excellentQuota: s.quota, cadres: s.cadres };
}

/**
 * One cadre's archive: standing in each quarter of the year so far, the running score, and one page of the period's
 * lines with their count and points per rule (none before it is computed).
 */
export async function cadreArchive(deps: Deps, actor: Actor, personId: number, code: string, page: { offset: number; limit: number } = { offset: 0, limit: ARCHIVE_LINES_PAGE }): Promise<CadreArchive> {
  const person = await deps.db.selectFrom('people').select(['id', 'name']).where('tenant_id', '=', actor.tenantId).where('id', '=', personId).executeTakeFirst();
  if (!person) throw new AppError('person_not_found');
  if (!canSeeSubject(actor, 'person', personId)) throw new AppError('forbidden', '只能查看本人的政绩档案');
  const want = periodOrThrow(code);
  const codes = [1, 2, 3, 4].map((q) => `${want.code.slice(0, 4)}Q${q}`).filter((c) => (parsePeriod(c)?.from ?? '9999') <= want.to);
  // The year's quarters (and the period asked for) in one statement, their standings in one more, beside the lines.
  const rows = await repo.findPeriods(deps.db, actor.tenantId, [...new Set([...codes, want.code])]);
  const p = rows.find((r) => r.code === want.code);
  const quarters = rows.filter((r) => codes.includes(r.code));
  const [byPeriod, lines, totals] = await Promise.all([
    standingsOf(deps, actor.tenantId, quarters, personId),
    p ? presentLines(deps.db, actor.tenantId, p.id, 'person', [personId], page) : [],
    p ? repo.lineTotals(deps.db, p.id, 'person', personId) : [],
  ]);
  const periods = codes.map((c) => {
    const row = quarters.find((r) => r.code === c);
    return { code: c, standing: row ? (byPeriod.get(row.id)?.cadres[0] ?? null) : null };
  });
  const running = periods.reduce((a, x) => a + (x.standing?.total ?? 0), 0);
  const ruleTotals = totals.map((r) => ({ rule: r.rule, lines: r.lines, points: Math.round(Number(r.points) * 100) / 100 }));
  return { personId, name: person.name, periods, running: Math.round(running * 100) / 100, lines, lineCount: ruleTotals.reduce((a, r) => a + r.lines, 0), ruleTotals };
}

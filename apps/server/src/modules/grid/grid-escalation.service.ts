import { dueEscalations, GRID_ACTIVE_STATUSES, HOLD_LEVEL_LABELS, HOLD_LEVELS, holdLevelOfCell, type Escalation, type EscalationProblem, type GridStatus, type GridUrgency, type HoldLevel, type LimitOf, type WorkClock, workingMinutesBetween } from '@duban/shared';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../db/schema';
import { intArray, plainArray } from '../../db/sql-values';
import { systemActor } from '../../lib/actor';
import { inTransaction, type Deps } from '../../lib/deps';
import { runExclusive } from '../../lib/exclusive';
import { recordTrace } from '../trace/trace.service';
import { enqueueMany } from '../outbox/outbox.bulk';
import { levelPeopleMany, tellReporters } from './grid-notify';
import { gridWorkClock } from './grid-settings';
import { assignSupervised, superviseProblem, type SupervisedMatter } from './grid-supervise';
import { limitsFor } from './grid-limits.service';
import type { HoldPlace, ProblemRecord } from './problem.repository';

/**
 * The escalation job (逐级上报, issue 16): every few minutes, once across instances, every problem still being
 * worked on whose level has held it past that level's limit climbs one level (dueEscalations decides, in
 * packages/shared). Set-based in chunks: the candidates come from the hold_deadline index, each chunk is locked,
 * decided and written in one transaction with a handful of statements whatever its size — the stays closed with
 * their working minutes (who held the clock) and the next opened, the problems moved, one step each on their
 * timelines, one trace entry per chunk listing them, one notice per level that receives problems, one per reporter.
 * A problem leaving the district level (or arriving at the top) becomes a supervised matter (grid-supervise.ts).
 */

// 4,000 rows a chunk: each write transaction stays short (people's own writes on these problems wait for its locks).
const CHUNK = 4000;
const ACTIVE = GRID_ACTIVE_STATUSES as GridStatus[];
const BY = '系统（逐级上报）';
/** What each line of the trace entry's `problems` holds, space-separated. */
export const TRACE_FIELDS = 'id ticket from to heldMinutes overdueMinutes';

export type EscalationRun = { ran: boolean; escalated: number; supervised: number };

type Candidate = { id: string; tenant_id: number; limit_version_id: number | null; category_id: number; category_parent_id: number | null; urgency: string };
type Cell = { id: number; parent_id: number | null; level: number; unit_id: number | null };

const limitKey = (c: Pick<Candidate, 'limit_version_id' | 'category_id' | 'category_parent_id' | 'urgency'>) => `${c.limit_version_id ?? 'd'}|${c.category_id}|${c.category_parent_id ?? ''}|${c.urgency}`;

/** Runs the escalation once (skips when another instance is running it). */
export async function escalateDueProblems(deps: Deps, opts: { tenantId?: number; chunk?: number } = {}): Promise<EscalationRun> {
  const r = await runExclusive(deps, 'gridEscalation', (_conn, pool) => escalateWith(deps, pool, opts));
  return r.ran ? r.value : { ran: false, escalated: 0, supervised: 0 };
}

async function escalateWith(deps: Deps, pool: Kysely<DB>, opts: { tenantId?: number; chunk?: number }): Promise<EscalationRun> {
  const now = deps.clock.now();
  let q = pool
    .selectFrom('grid_problems as p')
    .innerJoin('grid_categories as gc', 'gc.id', 'p.category_id')
    .select(['p.id', 'p.tenant_id', 'p.limit_version_id', 'p.category_id', 'gc.parent_id as category_parent_id', 'p.urgency'])
    .where('p.closed_at', 'is', null)
    .where('p.hold_deadline', '<=', now)
    .where('p.status', 'in', ACTIVE);
  if (opts.tenantId !== undefined) q = q.where('p.tenant_id', '=', opts.tenantId);
  const candidates: Candidate[] = await q.orderBy('p.id').execute();
  if (!candidates.length) return { ran: true, escalated: 0, supervised: 0 };

  // Each tenant's clock and each (version, category, urgency)'s limits, read before the transactions (cached).
  const clocks = new Map<number, WorkClock>();
  const limits = new Map<string, LimitOf>();
  for (const c of candidates) {
    if (!clocks.has(c.tenant_id)) clocks.set(c.tenant_id, await gridWorkClock(pool, c.tenant_id));
    const k = limitKey(c);
    if (!limits.has(k)) limits.set(k, await limitsFor(pool, { versionId: c.limit_version_id, categoryId: c.category_id, parentCategoryId: c.category_parent_id, urgency: c.urgency as GridUrgency }));
  }

  let escalated = 0;
  let supervised = 0;
  const size = opts.chunk ?? CHUNK;
  for (let i = 0; i < candidates.length; i += size) {
    const ids = candidates.slice(i, i + size).map((c) => c.id);
    const done = await inTransaction(pool, (trx) => escalateChunk(trx, deps, ids, clocks, limits, now));
    escalated += done.escalated;
    supervised += done.matters.length;
    // Through `pool`: with a one-connection pool, deps.db would wait on the connection this run holds.
    await assignSupervised({ ...deps, db: pool }, done.matters);
    for (const t of done.tenants) deps.bus.publish({ tenantId: t, type: 'grid.problem', accountIds: null, data: { action: 'auto_escalate' } });
  }
  return { ran: true, escalated, supervised };
}

/** The cells above the holding cells of a chunk, loaded a level at a time (a few statements). */
async function ancestry(trx: Transaction<DB>, cellIds: readonly number[]): Promise<Map<number, Cell>> {
  const cells = new Map<number, Cell>();
  let want = [...new Set(cellIds)];
  while (want.length) {
    const got = await trx.selectFrom('grid_cells').select(['id', 'parent_id', 'level', 'unit_id']).where(sql<boolean>`id = any(${intArray(want)})`).execute();
    for (const c of got) cells.set(c.id, c);
    want = [...new Set(got.map((c) => c.parent_id).filter((id): id is number => id !== null && !cells.has(id)))];
  }
  return cells;
}

/** The places above a problem's holding level, nearest first: its cell's ancestors by level, then 区级 and 市级. */
export function placesAbove(level: HoldLevel, holdCellId: number | null, cells: ReadonlyMap<number, Cell>): HoldPlace[] {
  const out: HoldPlace[] = [];
  const rank = (l: HoldLevel) => HOLD_LEVELS.indexOf(l);
  let id = holdCellId === null ? null : (cells.get(holdCellId)?.parent_id ?? null);
  for (let guard = 0; id !== null && guard < 16; guard++) {
    const c = cells.get(id);
    if (!c) break;
    const l = holdLevelOfCell(c.level);
    if (rank(l) > rank(out.at(-1)?.level ?? level)) out.push({ level: l, cellId: c.id, unitId: c.unit_id });
    id = c.parent_id;
  }
  for (const l of ['district', 'city'] as const) if (rank(l) > rank(out.at(-1)?.level ?? level)) out.push({ level: l, cellId: null, unitId: null });
  return out;
}

type ChunkResult = { escalated: number; matters: SupervisedMatter[]; tenants: number[] };

async function escalateChunk(trx: Transaction<DB>, deps: Deps, ids: readonly string[], clocks: Map<number, WorkClock>, limits: Map<string, LimitOf>, now: Date): Promise<ChunkResult> {
  // Locked and re-read: a person may have moved one since the candidates were listed.
  const rows = await trx
    .selectFrom('grid_problems as p')
    .innerJoin('grid_categories as gc', 'gc.id', 'p.category_id')
    // Only what the rule, the writes and the notices use: the whole row (some 45 columns, 8 of them timestamps) cost
    // more to parse and copy than deciding. A problem that becomes a supervised matter is read whole after its move.
    .select(['p.id', 'p.tenant_id', 'p.ticket', 'p.title', 'p.status', 'p.hold_level', 'p.hold_cell_id', 'p.hold_since', 'p.stage_deadline', 'p.reporter_account_id'])
    .select(['p.limit_version_id', 'p.category_id', 'p.urgency', 'gc.parent_id as category_parent_id'])
    .where(sql<boolean>`p.id = any(${plainArray(ids)}::bigint[])`)
    .where('p.closed_at', 'is', null)
    .where('p.status', 'in', ACTIVE)
    .forUpdate('p')
    .execute();
  const cells = await ancestry(
    trx,
    rows.map((r) => r.hold_cell_id).filter((c): c is number => c !== null),
  );
  const byId = new Map(rows.map((r) => [String(r.id), r]));
  const places = new Map<string, HoldPlace[]>();
  const byTenant = new Map<number, EscalationProblem[]>();
  for (const r of rows) {
    const above = placesAbove(r.hold_level, r.hold_cell_id, cells);
    places.set(String(r.id), above);
    const list = byTenant.get(r.tenant_id) ?? [];
    list.push({ id: String(r.id), status: r.status as GridStatus, holdLevel: r.hold_level, holdSince: new Date(r.hold_since), stageDeadline: r.stage_deadline === null ? null : new Date(r.stage_deadline), levelsAbove: above.map((a) => a.level) });
    byTenant.set(r.tenant_id, list);
  }
  const decided: { e: Escalation; p: (typeof rows)[number]; to: HoldPlace; clock: WorkClock }[] = [];
  for (const [tenantId, list] of byTenant) {
    const clock = clocks.get(tenantId);
    if (!clock) continue;
    const limitsOf = (x: EscalationProblem) => {
      const p = byId.get(x.id);
      return (p && limits.get(limitKey(p))) || (() => null);
    };
    for (const e of dueEscalations(list, limitsOf, clock, now)) {
      const p = byId.get(e.id);
      const to = places.get(e.id)?.find((pl) => pl.level === e.to);
      if (p && to) decided.push({ e, p, to, clock });
    }
  }
  if (!decided.length) return { escalated: 0, matters: [], tenants: [] };

  // 1. Who held the clock: each open stay closes with its working minutes.
  const clockOf = new Map(decided.map((d) => [String(d.p.id), d.clock]));
  // Each statement below takes the chunk's rows as a few arrays (unnest), not thousands of bind parameters.
  const pids = decided.map((d) => String(d.p.id));
  const open = await trx
    .selectFrom('grid_level_holds')
    .select(['id', 'problem_id', 'started_at'])
    .where(sql<boolean>`problem_id = any(${plainArray(pids)}::bigint[])`)
    .where('ended_at', 'is', null)
    .execute();
  if (open.length) {
    const minutes = open.map((h) => {
      const clock = clockOf.get(String(h.problem_id));
      return clock ? Math.max(0, Math.round(workingMinutesBetween(clock, new Date(h.started_at), now))) : 0;
    });
    await sql`update grid_level_holds h set ended_at = ${now}, working_minutes = v.m, left_by = 'escalated'
      from unnest(${plainArray(open.map((h) => String(h.id)))}::bigint[], ${plainArray(minutes)}::int[]) as v(id, m) where h.id = v.id`.execute(trx);
  }
  // 2. The problems climb: the level, its cell and unit, and its own limit from now.
  const levels = decided.map((d) => d.to.level);
  const cellIds = decided.map((d) => d.to.cellId);
  const unitIds = decided.map((d) => d.to.unitId);
  const tenantIds = decided.map((d) => d.p.tenant_id);
  await sql`update grid_problems p set hold_level = v.level, hold_cell_id = v.cell, hold_unit_id = v.unit, hold_since = ${now}, hold_deadline = v.deadline,
      updated_at = ${now}, version = p.version + 1
    from unnest(${plainArray(pids)}::bigint[], ${plainArray(levels)}::text[], ${plainArray(cellIds)}::int[], ${plainArray(unitIds)}::int[], ${plainArray(decided.map((d) => d.e.nextDeadline?.toISOString() ?? null))}::timestamptz[])
      as v(id, level, cell, unit, deadline)
    where p.id = v.id`.execute(trx);
  // 3. The next level's stay opens; 4. one step each on the timelines.
  await sql`insert into grid_level_holds (tenant_id, problem_id, hold_level, unit_id, cell_id, started_at)
    select v.t, v.id, v.level, v.unit, v.cell, ${now} from unnest(${plainArray(tenantIds)}::int[], ${plainArray(pids)}::bigint[], ${plainArray(levels)}::text[], ${plainArray(unitIds)}::int[], ${plainArray(cellIds)}::int[]) as v(t, id, level, unit, cell)`.execute(
    trx,
  );
  // The step's data ({ from, to, auto, heldMinutes, overdueMinutes, deadline }) is built in SQL from plain arrays:
  // a JSON text per row cost more to quote into an array parameter than the rest of the statement.
  await sql`insert into grid_problem_events (tenant_id, problem_id, at, action, from_status, to_status, hold_level, unit_id, actor_account_id, note, data, public)
    select v.t, v.id, ${now}, 'auto_escalate', v.status, v.status, v.level, v.unit, null, v.note,
      jsonb_build_object('from', v.from_level, 'to', v.level, 'auto', true, 'heldMinutes', v.held, 'overdueMinutes', v.overdue, 'deadline', v.deadline), true
    from unnest(${plainArray(tenantIds)}::int[], ${plainArray(pids)}::bigint[], ${plainArray(decided.map((d) => d.p.status))}::text[], ${plainArray(levels)}::text[], ${plainArray(unitIds)}::int[], ${decided.map((d) => d.e.reason)}::text[],
      ${plainArray(decided.map((d) => d.e.from))}::text[], ${plainArray(decided.map((d) => d.e.heldMinutes))}::int[], ${plainArray(decided.map((d) => d.e.overdueMinutes))}::int[], ${plainArray(decided.map((d) => d.e.deadline.toISOString()))}::text[])
      as v(t, id, status, level, unit, note, from_level, held, overdue, deadline)`.execute(trx);

  // 5. The trace: one entry per tenant and chunk, naming every problem moved and who held it how long, a line of
  // `fields` per problem: thousands of small objects made the entry's canonical JSON (its hash) the job's largest cost.
  const tenants = [...new Set(decided.map((d) => d.p.tenant_id))];
  for (const t of tenants) {
    const mine = decided.filter((d) => d.p.tenant_id === t);
    await recordTrace(trx, deps.clock, systemActor(t, BY), {
      action: 'grid.auto_escalate',
      entityType: 'grid',
      entityId: `escalation:${now.toISOString()}:${mine[0]?.p.id ?? ''}`,
      after: { count: mine.length, fields: TRACE_FIELDS, problems: mine.map(({ p, e }) => `${p.id} ${p.ticket} ${e.from} ${e.to} ${e.heldMinutes} ${e.overdueMinutes}`) },
    });
  }

  // 6. Notices: one per level that receives problems (its people), one per reporter.
  const groups = new Map<string, { tenant: number; place: HoldPlace; items: { p: Moved; e: Escalation }[] }>();
  for (const { p, to, e } of decided) {
    const k = `${p.tenant_id}|${to.level}|${to.cellId ?? ''}|${to.unitId ?? ''}`;
    const g = groups.get(k) ?? { tenant: p.tenant_id, place: to, items: [] };
    g.items.push({ p, e });
    groups.set(k, g);
  }
  const peopleOf = new Map<number, (place: HoldPlace) => number[]>();
  for (const t of tenants) peopleOf.set(t, await levelPeopleMany(trx, t, [...groups.values()].filter((g) => g.tenant === t).map((g) => g.place)));
  await enqueueMany(
    trx,
    [...groups].map(([k, g]) => {
      const first = g.items[0];
      const one = g.items.length === 1 && first;
      const lines = g.items.slice(0, 20).map(({ p, e }) => `${p.ticket} ${p.title}（${HOLD_LEVEL_LABELS[e.from]}超时）`);
      const more = g.items.length > 20 ? `\n等共 ${g.items.length} 个问题` : '';
      return {
        tenantId: g.tenant,
        kind: 'grid.escalated',
        eventKey: `grid.escalated.auto:${k}:${now.getTime()}:${first?.p.id ?? ''}`,
        title: one ? `【网格·逐级上报】${one.p.ticket} ${one.p.title}` : `【网格·逐级上报】${g.items.length} 个问题超时上报至${HOLD_LEVEL_LABELS[g.place.level]}`,
        body: one ? `${one.e.reason}，请及时办理。` : `以下问题在下级超过办理时限，已自动上报本级，请及时办理：\n${lines.join('\n')}${more}`,
        link: one ? `/grid/problems/${one.p.id}` : '/grid/problems',
        payload: { problemIds: g.items.map((x) => x.p.id) },
        personIds: peopleOf.get(g.tenant)?.(g.place) ?? [],
        at: now,
      };
    }),
  );
  await tellReporters(
    trx,
    decided.map(({ p, e }) => ({ p, body: `您反映的问题（编号 ${p.ticket}）${HOLD_LEVEL_LABELS[e.from]}未在时限内办结，已上报${HOLD_LEVEL_LABELS[e.to]}督促办理。` })),
    'escalated',
    now,
  );

  // 7. 转入督办: leaving the district (or reaching the top) makes a supervised matter.
  const matters: SupervisedMatter[] = [];
  const toSupervise = decided.filter((d) => d.e.supervise);
  if (toSupervise.length) {
    // Read whole, as moved above (its new level, cell, unit and clock).
    const full = new Map(
      (await trx.selectFrom('grid_problems').selectAll().where(sql<boolean>`id = any(${plainArray(toSupervise.map((d) => String(d.p.id)))}::bigint[])`).execute()).map((r) => [String(r.id), r]),
    );
    for (const d of toSupervise) {
      const row: ProblemRecord | undefined = full.get(String(d.p.id));
      const m = row ? await superviseProblem(trx, deps, row, d.e.reason, now, BY) : null;
      if (m) matters.push(m);
    }
  }
  return { escalated: decided.length, matters, tenants };
}

/** What the notices need of a moved problem. */
type Moved = Pick<ProblemRecord, 'id' | 'tenant_id' | 'ticket' | 'title' | 'reporter_account_id'>;

import { HOLD_LEVEL_LABELS, holdDeadline, shanghaiDate, stageDeadline, type GridUrgency, type ReportProblemData } from '@duban/shared';
import { sql, type Insertable, type Transaction } from 'kysely';
import type { DB } from '../../db/schema';
import type { Actor } from '../../lib/actor';
import { inTransaction, type Deps } from '../../lib/deps';
import { sealMobile } from '../../lib/pii';
import { enqueueMany } from '../outbox/outbox.bulk';
import { recordTrace } from '../trace/trace.service';
import { versionInForce } from '../grid/grid-limits.service';
import { levelPeopleMany } from '../grid/grid-notify';
import { newProblemRow } from '../grid/problem-report.service';
import { timingFor, type Timing } from '../grid/grid-timing';
import type { GridLevelHoldTable, GridProblemEventTable, GridProblemTable } from '../grid/grid.table';
import type { Placement } from '../grid/problem-place';
import type { HoldPlace } from '../grid/problem.repository';

/** One checked work order: its row, its number, the report and where it was placed. */
export type PlannedOrder = { row: number; ref: string; data: ReportProblemData; reportedAt: Date | undefined; place: Placement };
export type ImportedOrder = { workOrder: string; ticket: string; existing: boolean };

const CHUNK = 500;
const chunks = <T>(xs: readonly T[]): T[][] => Array.from({ length: Math.ceil(xs.length / CHUNK) }, (_, i) => xs.slice(i * CHUNK, (i + 1) * CHUNK));

/**
 * Writes the checked work orders as hotline problems in one transaction, set-based: one read of the numbers
 * already imported, one sequence read for the new ids, and one multi-row insert per table (problems, reporters,
 * holds, timeline steps; 500 rows a statement), one notice per level that receives problems, one trace entry for
 * the import. All or nothing: any failure leaves no problem. The same rows as reportProblem writes one by one.
 */
export async function writeHotlineOrders(deps: Deps, actor: Actor, planned: readonly PlannedOrder[]): Promise<ImportedOrder[]> {
  const t = actor.tenantId;
  const now = deps.clock.now();
  const catIds = [...new Set(planned.map((p) => p.data.categoryId))];
  const cats = new Map((await deps.db.selectFrom('grid_categories').select(['id', 'parent_id', 'name', 'urgency']).where('tenant_id', '=', t).where('id', 'in', catIds.length ? catIds : [0]).execute()).map((c) => [c.id, c]));
  // The clock of each (time-limit version, category, urgency): a handful for a whole sheet.
  const timings = new Map<string, Timing>();
  const versions = new Map<string, number | null>();
  const prepared: { p: PlannedOrder; cat: { id: number; name: string }; reportedAt: Date; versionId: number | null; urgency: GridUrgency; stageEnd: Date | null; holdEnd: Date | null }[] = [];
  for (const p of planned) {
    const cat = cats.get(p.data.categoryId);
    if (!cat) throw new Error(`category ${p.data.categoryId} vanished during the import`);
    const reportedAt = p.reportedAt ?? now;
    const day = shanghaiDate(reportedAt);
    if (!versions.has(day)) versions.set(day, await versionInForce(deps.db, t, reportedAt));
    const versionId = versions.get(day) ?? null;
    const urgency: GridUrgency = p.data.urgency ?? cat.urgency;
    const key = `${versionId}|${cat.id}|${urgency}`;
    let timing = timings.get(key);
    if (!timing) {
      timing = await timingFor(deps.db, { tenant_id: t, limit_version_id: versionId, category_id: cat.id, category_parent_id: cat.parent_id, urgency });
      timings.set(key, timing);
    }
    const stageEnd = stageDeadline(timing.clock, timing.limitOf, 'reported', reportedAt);
    prepared.push({ p, cat, reportedAt, versionId, urgency, stageEnd, holdEnd: holdDeadline(timing.clock, timing.limitOf, 'reported', p.place.hold.level, reportedAt, stageEnd) });
  }

  return inTransaction(deps.db, async (trx) => {
    const refs = planned.map((p) => p.ref);
    const seen = new Map<string, string>();
    for (const part of chunks(refs)) {
      const rows = await trx.selectFrom('grid_problems').select(['ticket', 'source_ref']).where('tenant_id', '=', t).where('source', '=', 'hotline').where('source_ref', 'in', part).execute();
      for (const r of rows) if (r.source_ref) seen.set(r.source_ref, r.ticket);
    }
    const fresh = prepared.filter((x) => !seen.has(x.p.ref));
    const { rows: ids } = await sql<{ id: string }>`select nextval(pg_get_serial_sequence('grid_problems', 'id'))::text as id from generate_series(1, ${fresh.length})`.execute(trx);
    const problems: Insertable<GridProblemTable>[] = [];
    const reporters: Insertable<DB['grid_problem_reporters']>[] = [];
    const holds: Insertable<GridLevelHoldTable>[] = [];
    const events: Insertable<GridProblemEventTable>[] = [];
    const made: { id: string; ticket: string; title: string; place: HoldPlace; note: string }[] = [];
    fresh.forEach((x, i) => {
      const id = ids[i]?.id ?? '0';
      const { data, place } = x.p;
      const mobile = sealMobile(deps.secretKey, data.reporterMobile);
      const row = newProblemRow({
        id,
        tenantId: t,
        source: 'hotline',
        sourceRef: x.p.ref,
        category: x.cat,
        urgency: x.urgency,
        data,
        place,
        status: 'reported',
        reportedAt: x.reportedAt,
        holdDeadline: x.holdEnd,
        stageDeadline: x.stageEnd,
        versionId: x.versionId,
        reporterAccountId: actor.accountId,
        reporterName: data.reporterName ?? null,
        mobile,
        now,
      });
      const { ticket, title } = row;
      problems.push(row);
      reporters.push({ tenant_id: t, problem_id: id, account_id: actor.accountId, name: data.reporterName ?? null, mobile_enc: mobile.enc, mobile_hash: mobile.hash, token_hash: null, created_at: now });
      holds.push({ tenant_id: t, problem_id: id, hold_level: place.hold.level, unit_id: place.hold.unitId, cell_id: place.hold.cellId, started_at: x.reportedAt });
      events.push({ tenant_id: t, problem_id: id, at: x.reportedAt, action: 'report', from_status: null, to_status: 'reported', hold_level: place.hold.level, unit_id: place.hold.unitId, actor_account_id: actor.accountId, note: place.note, data: JSON.stringify({ source: 'hotline', rule: place.rule }), public: true });
      made.push({ id, ticket, title, place: place.hold, note: place.note });
    });
    for (const part of chunks(problems)) await trx.insertInto('grid_problems').values(part).execute();
    for (const part of chunks(reporters)) await trx.insertInto('grid_problem_reporters').values(part).execute();
    for (const part of chunks(holds)) await trx.insertInto('grid_level_holds').values(part).execute();
    for (const part of chunks(events)) await trx.insertInto('grid_problem_events').values(part).execute();
    await tellLevels(trx, t, made, now);
    const madeByRef = new Map(fresh.map((x, i) => [x.p.ref, made[i]?.ticket ?? '']));
    const out = planned.map((p) => {
      const old = seen.get(p.ref);
      return { workOrder: p.ref, ticket: old ?? madeByRef.get(p.ref) ?? '', existing: old !== undefined };
    });
    await recordTrace(trx, deps.clock, actor, {
      action: 'grid.hotline_import',
      entityType: 'grid',
      entityId: t,
      after: { rows: planned.length, created: made.length, existing: planned.length - made.length, tickets: made.slice(0, 1000).map((m) => m.ticket) },
    });
    return out;
  });
}

/** The levels that receive new problems are told, one notice per level (like the escalation job's). */
async function tellLevels(trx: Transaction<DB>, tenantId: number, made: readonly { id: string; ticket: string; title: string; place: HoldPlace; note: string }[], now: Date): Promise<void> {
  if (!made.length) return;
  const groups = new Map<string, { place: HoldPlace; items: typeof made }>();
  for (const m of made) {
    const k = `${m.place.level}|${m.place.cellId ?? ''}|${m.place.unitId ?? ''}`;
    const g = groups.get(k) ?? { place: m.place, items: [] };
    groups.set(k, { place: g.place, items: [...g.items, m] });
  }
  const peopleOf = await levelPeopleMany(trx, tenantId, [...groups.values()].map((g) => g.place));
  await enqueueMany(
    trx,
    [...groups].map(([k, g]) => {
      const one = g.items.length === 1 ? g.items[0] : undefined;
      const lines = g.items.slice(0, 20).map((m) => `${m.ticket} ${m.title}`);
      return {
        tenantId,
        kind: 'grid.reported',
        eventKey: `grid.reported.hotline:${k}:${now.getTime()}:${g.items[0]?.id ?? ''}`,
        title: one ? `【网格】${one.ticket} ${one.title}` : `【网格】12345 热线工单 ${g.items.length} 件待受理`,
        body: one ? `新问题待受理：${one.title}。${one.note}` : `12345 热线工单导入，以下问题待${HOLD_LEVEL_LABELS[g.place.level]}受理：\n${lines.join('\n')}${g.items.length > 20 ? `\n等共 ${g.items.length} 件` : ''}`,
        link: one ? `/grid/problems/${one.id}` : '/grid/problems',
        payload: { problemIds: g.items.map((m) => m.id) },
        personIds: peopleOf(g.place),
        at: now,
      };
    }),
  );
}

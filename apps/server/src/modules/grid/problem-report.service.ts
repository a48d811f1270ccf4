import { boxAround, distanceMetres, holdDeadline, shanghaiDate, stageDeadline, workingMinutesBetween, type GridSource, type GridStatus, type ReportProblemData } from '@duban/shared';
import { sql, type Insertable, type Transaction } from 'kysely';
import { intArray } from '../../db/sql-values';
import type { DB } from '../../db/schema';
import { AppError } from '../../errors';
import { requirePermission, type Actor } from '../../lib/actor';
import { inTransaction, type Deps } from '../../lib/deps';
import { sealMobile } from '../../lib/pii';
import { lockHead } from '../trace/trace.repository';
import { appendTrace } from '../trace/trace.service';
import { versionInForce } from './grid-limits.service';
import { levelPeople, levelPeopleSql, problemNotice } from './grid-notify';
import { gridSettingsOf } from './grid-settings';
import { onProblemClosed } from './grid-hooks';
import { timingFor } from './grid-timing';
import { claimProblemPhotos } from './problem-photo.service';
import type { GridProblemTable } from './grid.table';
import { placeReport, type Placement } from './problem-place';
import { closeHold, recordStep, stepRow, type ProblemRecord } from './problem.repository';
import { insertReport, reportBasis, type NearbyRow } from './problem-report.repository';

/** What a newly reported problem's row is made of: one place for reportProblem and the hotline import's batch. */
export type NewProblem = {
  id: string;
  tenantId: number;
  source: GridSource;
  sourceRef: string | null;
  category: { id: number; name: string };
  urgency: Insertable<GridProblemTable>['urgency'];
  data: ReportProblemData;
  place: Placement;
  status: GridStatus;
  reportedAt: Date;
  holdDeadline: Date | null;
  stageDeadline: Date | null;
  versionId: Insertable<GridProblemTable>['limit_version_id'];
  reporterAccountId: number | null;
  reporterName: string | null;
  mobile: { enc: string | null; hash: string | null };
  now: Date;
};

/** The 受理编号 (WG + the report's Shanghai date + the row id) and the default title (category and address). */
export function newProblemRow(n: NewProblem): Insertable<GridProblemTable> {
  const { data, place } = n;
  return {
    id: n.id,
    tenant_id: n.tenantId,
    ticket: `WG${shanghaiDate(n.reportedAt).replaceAll('-', '')}${n.id.padStart(6, '0')}`,
    source: n.source,
    source_ref: n.sourceRef,
    category_id: n.category.id,
    urgency: n.urgency,
    title: data.title || `${n.category.name}${data.address ? `（${data.address}）` : ''}`.slice(0, 100),
    description: data.description,
    address: data.address ?? null,
    lon: data.lon ?? null,
    lat: data.lat ?? null,
    cell_id: place.cellId,
    cell_rule: place.rule,
    cell_note: place.note,
    status: n.status,
    hold_level: place.hold.level,
    hold_cell_id: place.hold.cellId,
    hold_unit_id: place.hold.unitId,
    hold_since: n.reportedAt,
    hold_deadline: n.holdDeadline,
    stage_deadline: n.stageDeadline,
    limit_version_id: n.versionId,
    reporter_account_id: n.reporterAccountId,
    reporter_name: n.reporterName,
    reporter_mobile_enc: n.mobile.enc,
    reporter_mobile_hash: n.mobile.hash,
    reporter_public: data.reporterPublic,
    reported_at: n.reportedAt,
    created_by: n.reporterAccountId,
    updated_at: n.now,
  };
}

export type ReportOptions = {
  /** Where the report comes from: the 网格长's phone (grid), the office, the citizens' page, Open311, a hotline import. */
  source: GridSource;
  /** When it was really reported (a hotline import's call time); defaults to now. */
  reportedAt?: Date;
  /** Photo ids were checked by the channel itself (anonymous citizens' uploads); see claimProblemPhotos. */
  trustedPhotos?: boolean;
  /** The SHA-256 of the reporter's private link (the citizens' page): a reporter row is written even when anonymous. */
  tokenHash?: string;
  /** False when the caller does not use `possibleDuplicates` (the citizens' page offers them before the report, a
   * hotline import has no one to show them to): the search is then not run and the answer's list is empty. */
  suggestDuplicates?: boolean;
  /** What the channel writes beside the problem, in its transaction (Open311's request row): all or nothing. */
  alsoWrite?: (trx: Transaction<DB>, problem: ProblemRecord) => Promise<void>;
};

export type ReportResult = {
  id: string;
  ticket: string;
  status: GridStatus;
  cellId: number | null;
  cellNote: string;
  holdLevel: string;
  /** Open problems of the same category nearby (within its duplicate radius): perhaps the same thing. */
  possibleDuplicates: { id: string; ticket: string; title: string; distanceM: number }[];
  /** True when this source reference (a hotline work order number) was already imported: the same problem. */
  existing: boolean;
};

/**
 * 上报: writes a problem from any source in one transaction — its place (cell by the stated rule, or the district
 * queue with the reason), its clock (the time-limit version in force when reported), the first hold ("who held the
 * clock"), the photos, the reporter (a mobile number sealed at rest), its timeline and trace, and the level's people
 * told through the outbox. 即办 closes it at once with the before/after photos. A hotline work order already imported
 * (same source and sourceRef) answers with the problem it made. Retries over HTTP are made safe by Idempotency-Key.
 */
export async function reportProblem(deps: Deps, actor: Actor, input: ReportProblemData, opts: ReportOptions): Promise<ReportResult> {
  requirePermission(actor, 'grid.report');
  const t = actor.tenantId;
  if (input.sourceRef) {
    const seen = await deps.db.selectFrom('grid_problems').select(['id', 'ticket', 'status', 'cell_id', 'cell_note', 'hold_level']).where('tenant_id', '=', t).where('source', '=', opts.source).where('source_ref', '=', input.sourceRef).executeTakeFirst();
    if (seen) return { id: String(seen.id), ticket: seen.ticket, status: seen.status as GridStatus, cellId: seen.cell_id, cellNote: seen.cell_note ?? '', holdLevel: seen.hold_level, possibleDuplicates: [], existing: true };
  }
  const category = await reportBasis(deps.db, t, input.categoryId);
  if (!category) throw new AppError('grid_category_unknown', undefined, [{ field: 'categoryId', message: '类别不存在或已停用，请重新选择' }]);
  const settings = await gridSettingsOf(deps.db, t);
  const place = await placeReport(deps.db, t, input, settings.outsideMarginM, category.cells_version);
  const now = deps.clock.now();
  const reportedAt = opts.reportedAt ?? now;
  const urgency = input.urgency ?? category.urgency;
  const versionId = await versionInForce(deps.db, t, reportedAt);
  const timing = await timingFor(deps.db, { tenant_id: t, limit_version_id: versionId, category_id: category.id, category_parent_id: category.parent_id, urgency });
  const instant = input.instant;
  const status: GridStatus = instant ? 'closed' : 'reported';
  const stageEnd = stageDeadline(timing.clock, timing.limitOf, status, reportedAt);
  const mobile = sealMobile(deps.secretKey, input.reporterMobile);
  const id = category.next_id;
  const values = newProblemRow({
    id,
    tenantId: t,
    source: opts.source,
    sourceRef: input.sourceRef ?? null,
    category,
    urgency,
    data: input,
    place,
    status,
    reportedAt,
    holdDeadline: holdDeadline(timing.clock, timing.limitOf, status, place.hold.level, reportedAt, stageEnd),
    stageDeadline: stageEnd,
    versionId,
    reporterAccountId: actor.accountId,
    reporterName: input.reporterName ?? (opts.source === 'grid' || opts.source === 'office' ? actor.name : null),
    mobile,
    now,
  });
  const ticket = values.ticket;
  const first = { id, tenant_id: t, hold_level: place.hold.level, hold_unit_id: place.hold.unitId };
  const radiusM = category.duplicate_radius_m;
  const hint = !instant && opts.suggestDuplicates !== false && input.lat !== undefined && input.lon !== undefined && radiusM > 0 ? { lat: input.lat, lon: input.lon } : null;

  const { row: p, nearby } = await inTransaction(deps.db, async (trx) => {
    // The problem, its reporter, first hold, first step and the level's notice in one statement (problem-report.repository.ts).
    const people = instant ? null : (levelPeopleSql(t, place.hold) ?? sql<{ person_id: number | null }>`select unnest(${intArray(await levelPeople(trx, t, place.hold))}) as person_id`);
    // With nothing else to write before the trace (no photos, not 即办, no channel row), the statement also locks the
    // tenant's trace head, last, as recordTrace would: one round trip less; otherwise the head is locked after those writes.
    const lockTraceHead = !instant && !opts.alsoWrite && input.photoIds.length === 0;
    const written = await insertReport(trx, {
      problem: { ...values, ...(instant ? { handled_at: now, handled_by: actor.accountId, closed_at: now, resolved_level: place.hold.level, handler_account_id: actor.accountId } : {}) },
      reporter:
        input.reporterName || mobile.enc || actor.accountId !== null || opts.tokenHash
          ? { tenant_id: t, problem_id: id, account_id: actor.accountId, name: values.reporter_name ?? null, mobile_enc: mobile.enc, mobile_hash: mobile.hash, token_hash: opts.tokenHash ?? null, created_at: now }
          : null,
      hold: { tenant_id: t, problem_id: id, hold_level: place.hold.level, unit_id: place.hold.unitId, cell_id: place.hold.cellId, started_at: reportedAt },
      step: stepRow(first, { action: 'report', from: null, to: 'reported', note: place.note, data: { source: opts.source, rule: place.rule }, public: true }, reportedAt, actor.accountId),
      // The payload's problemId as the row's id reads back (a number, as tellPeople wrote it from the row).
      notice: people && { entry: problemNotice({ id, tenant_id: t, ticket, title: values.title }, 'grid.reported', `新问题待受理：${values.title}。${place.note}`, now, { problemId: Number(id) }), people },
      nearby: hint && { tenantId: t, categoryId: category.id, notId: id, ...boxAround(hint.lat, hint.lon, radiusM) },
      lockTraceHead,
    });
    const row = written.row;
    await opts.alsoWrite?.(trx, row);
    await claimProblemPhotos(trx, actor, input.photoIds, id, instant ? 'before' : 'report', opts.trustedPhotos);
    if (instant) {
      await claimProblemPhotos(trx, actor, instant.afterPhotoIds, id, 'after', opts.trustedPhotos);
      await recordStep(trx, row, { action: 'instant', from: 'reported', to: 'closed', note: instant.result, public: true }, now, actor.accountId);
      await closeHold(trx, id, now, (start) => workingMinutesBetween(timing.clock, start, now), 'resolved');
      await onProblemClosed(trx, row);
    }
    const head = (lockTraceHead ? written.head : null) ?? (await lockHead(trx, t));
    await appendTrace(trx, deps.clock, actor, head, {
      action: instant ? 'grid.instant' : 'grid.report',
      entityType: 'grid_problem',
      entityId: id,
      after: { ticket, source: opts.source, categoryId: category.id, urgency, status, cellId: place.cellId, cellRule: place.rule, holdLevel: place.hold.level, photos: input.photoIds.length, result: instant?.result ?? null },
    });
    return written;
  });
  deps.bus.publish({ tenantId: t, type: 'grid.problem', accountIds: null, data: { problemId: p.id, action: instant ? 'instant' : 'report', status: p.status } });
  const possibleDuplicates = hint ? closest(p, nearby, radiusM) : [];
  return { id: String(p.id), ticket: p.ticket, status, cellId: p.cell_id, cellNote: place.note, holdLevel: p.hold_level, possibleDuplicates, existing: false };
}

/** The candidates within `radiusM` of `p`, nearest first, at most 5 (FixMyStreet-style: a bounding box on the index, then distance). */
function closest(p: ProblemRecord, rows: readonly NearbyRow[], radiusM: number) {
  if (p.lat === null || p.lon === null) return [];
  return rows
    .map((r) => ({ id: String(r.id), ticket: r.ticket, title: r.title, distanceM: Math.round(distanceMetres(p.lat ?? 0, p.lon ?? 0, r.lat ?? 0, r.lon ?? 0)) }))
    .filter((r) => r.distanceM <= radiusM)
    .sort((a, b) => a.distanceM - b.distanceM)
    .slice(0, 5);
}

import { gridClockColour, limitMinutes, maskMobile, STAGE_OF_STATUS, workingMinutesBetween, type GridAction, type GridBlock, type GridStatus } from '@duban/shared';
import { requirePermission, type Actor } from '../../lib/actor';
import type { Deps } from '../../lib/deps';
import { openPii } from '../../lib/pii';
import { gridWorkClock } from './grid-settings';
import { timingFor } from './grid-timing';
import { problemPhotos, type ProblemPhotoView } from './problem-photo.service';
import { problemActions, problemContext } from './problem.access';

const iso = (v: Date | string | null) => (v === null ? null : new Date(v).toISOString());

/** A step of the timeline as the page shows it. */
export type ProblemEventView = { id: string; at: string; action: string; from: string | null; to: string | null; holdLevel: string | null; unitName: string | null; actorName: string | null; note: string | null; data: unknown; public: boolean };
/** A stay at a level or unit ("who held the clock"), in working minutes (running ones up to now). */
export type ProblemHoldView = { level: string; unitName: string | null; cellName: string | null; startedAt: string; endedAt: string | null; workingMinutes: number; leftBy: string | null };

/** The problem page: the problem, its place and clock, timeline, holds, photos, and what the viewer may do. */
export async function getProblem(deps: Deps, actor: Actor, id: string | number) {
  requirePermission(actor, 'grid.read');
  const ctx = await problemContext(deps.db, actor, id);
  const p = ctx.p;
  const [timing, clock] = await Promise.all([timingFor(deps.db, { ...p, urgency: p.urgency }), gridWorkClock(deps.db, p.tenant_id)]);
  const now = deps.clock.now();
  const names = await deps.db
    .selectFrom('grid_problems as p')
    .leftJoin('grid_cells as c', 'c.id', 'p.cell_id')
    .leftJoin('grid_cells as hc', 'hc.id', 'p.hold_cell_id')
    .leftJoin('grid_cells as pc', 'pc.id', 'c.parent_id')
    .leftJoin('grid_cells as gpc', 'gpc.id', 'pc.parent_id')
    .leftJoin('units as du', 'du.id', 'p.dispatched_unit_id')
    .leftJoin('units as hu', 'hu.id', 'p.hold_unit_id')
    .leftJoin('accounts as ha', 'ha.id', 'p.handler_account_id')
    .leftJoin('matters as m', 'm.id', 'p.matter_id')
    .select(['c.name as cell_name', 'c.code as cell_code', 'pc.name as parent_name', 'gpc.name as grandparent_name', 'hc.name as hold_cell_name', 'du.name as unit_name', 'hu.name as hold_unit_name', 'ha.display_name as handler_name', 'm.number as matter_number', 'm.colour as matter_colour'])
    .where('p.id', '=', p.id)
    .executeTakeFirstOrThrow();
  const events = await deps.db
    .selectFrom('grid_problem_events as e')
    .leftJoin('accounts as a', 'a.id', 'e.actor_account_id')
    .leftJoin('people as pe', 'pe.id', 'a.person_id')
    .leftJoin('units as u', 'u.id', 'e.unit_id')
    .select(['e.id', 'e.at', 'e.action', 'e.from_status', 'e.to_status', 'e.hold_level', 'u.name as unit_name', 'pe.name as person_name', 'a.display_name', 'e.note', 'e.data', 'e.public'])
    .where('e.problem_id', '=', p.id)
    .orderBy('e.id')
    .execute();
  const holds = await deps.db
    .selectFrom('grid_level_holds as h')
    .leftJoin('units as u', 'u.id', 'h.unit_id')
    .leftJoin('grid_cells as c', 'c.id', 'h.cell_id')
    .select(['h.hold_level', 'u.name as unit_name', 'c.name as cell_name', 'h.started_at', 'h.ended_at', 'h.working_minutes', 'h.left_by'])
    .where('h.problem_id', '=', p.id)
    .orderBy('h.started_at')
    .orderBy('h.id')
    .execute();
  const photos: ProblemPhotoView[] = await problemPhotos(deps.db, p.id);
  const status = p.status as GridStatus;
  const stage = STAGE_OF_STATUS[status];
  const limit = stage ? timing.limitOf(stage) : null;
  const left = p.stage_deadline ? workingMinutesBetween(clock, now, new Date(p.stage_deadline)) : null;
  const actions: { available: GridAction[]; blocked: GridBlock[] } = problemActions(ctx);
  const mobile = p.reporter_mobile_enc ? openPii(deps.secretKey, p.reporter_mobile_enc) : null;
  return {
    id: String(p.id),
    ticket: p.ticket,
    title: p.title,
    description: p.description,
    status,
    source: p.source,
    sourceRef: p.source_ref,
    categoryId: p.category_id,
    categoryName: p.category_name,
    urgency: p.urgency,
    address: p.address,
    lon: p.lon,
    lat: p.lat,
    cell:
      p.cell_id === null
        ? null
        : { id: p.cell_id, name: names.cell_name, code: names.cell_code, rule: p.cell_rule, note: p.cell_note, parent: [names.grandparent_name, names.parent_name].filter(Boolean).join(' › ') || null },
    cellNote: p.cell_note,
    holdLevel: p.hold_level,
    holdName: names.hold_cell_name ?? names.hold_unit_name,
    holdSince: iso(p.hold_since),
    holdDeadline: iso(p.hold_deadline),
    stageDeadline: iso(p.stage_deadline),
    dueAt: iso(p.due_at),
    minutesLeft: left === null ? null : Math.round(left),
    colour: gridClockColour(left, limit ? limitMinutes(clock, limit) : null),
    unitName: names.unit_name,
    handlerName: names.handler_name,
    extensionRequest: p.extension_request,
    parkReason: p.park_reason,
    parkedUntil: p.parked_until,
    rating: p.rating,
    ratingComment: p.rating_comment,
    reopenCount: p.reopen_count,
    reworkCount: p.rework_count,
    extensionCount: p.extension_count,
    resolvedLevel: p.resolved_level,
    reporterName: p.reporter_public || actor.permissions.has('grid.manage') ? p.reporter_name : p.reporter_name ? '（匿名）' : null,
    reporterMobile: maskMobile(mobile),
    matter: p.matter_id === null ? null : { id: p.matter_id, number: names.matter_number, colour: names.matter_colour },
    reportedAt: iso(p.reported_at),
    closedAt: iso(p.closed_at),
    version: p.version,
    events: events.map<ProblemEventView>((e) => ({
      id: String(e.id),
      at: new Date(e.at).toISOString(),
      action: e.action,
      from: e.from_status,
      to: e.to_status,
      holdLevel: e.hold_level,
      unitName: e.unit_name,
      actorName: e.person_name ?? e.display_name ?? (e.action.startsWith('auto') || e.action === 'supervise' ? '系统' : null),
      note: e.note,
      data: e.data,
      public: e.public,
    })),
    holds: holds.map<ProblemHoldView>((h) => ({
      level: h.hold_level,
      unitName: h.unit_name,
      cellName: h.cell_name,
      startedAt: new Date(h.started_at).toISOString(),
      endedAt: iso(h.ended_at),
      workingMinutes: h.working_minutes ?? Math.max(0, Math.round(workingMinutesBetween(clock, new Date(h.started_at), now))),
      leftBy: h.left_by,
    })),
    photos,
    actions,
  };
}

export type ProblemDetail = Awaited<ReturnType<typeof getProblem>>;

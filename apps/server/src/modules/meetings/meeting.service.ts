import { MEETING_KIND_LABELS, shanghaiDate, type MeetingCreateInput, type MeetingDetail, type MeetingListItem, type MeetingListQuery, type MeetingUpdateInput, type ReferableProblem } from '@duban/shared';
import { AppError } from '../../errors';
import { requirePermission, type Actor } from '../../lib/actor';
import { inTransaction, type Deps } from '../../lib/deps';
import { assignMatter } from '../matters/matter-flow.service';
import type { Matter } from '../matters/matter.table';
import { registerTraceAccess } from '../trace/trace.access';
import { recordTrace } from '../trace/trace.service';
import { decisionClock } from './decision-clock';
import { presentMeeting, presentMeetingItem, traceMeeting } from './meeting.presenter';
import * as repo from './meeting.repository';
import { meetingScopeSql } from './meeting.scope';
import { referProblems, saveParts } from './meeting-parts';

/** The meetings the actor sees (督查办 and admins all; units and leaders those of their units), newest first. */
export async function listMeetings(deps: Deps, actor: Actor, q: MeetingListQuery): Promise<{ items: MeetingListItem[]; total: number }> {
  requirePermission(actor, 'matter.read');
  const { rows, total } = await repo.listMeetings(deps.db, actor, q, shanghaiDate(deps.clock.now()));
  return { items: rows.map(presentMeetingItem), total };
}

/** A meeting record with its units, referred problems and the decisions the actor sees; 404 outside the scope. */
export async function getMeeting(deps: Deps, actor: Actor, id: number): Promise<MeetingDetail> {
  requirePermission(actor, 'matter.read');
  const clock = await decisionClock(deps, actor.tenantId);
  const row = await repo.findMeeting(deps.db, actor, id, shanghaiDate(clock.now));
  if (!row) throw new AppError('meeting_not_found');
  const [units, problems, decisions] = await Promise.all([repo.meetingUnits(deps.db, id), repo.meetingProblems(deps.db, id), repo.meetingDecisions(deps.db, actor, id)]);
  return presentMeeting(row, { units, problems, decisions }, clock, actor);
}

// The meeting's own columns from the input (its parts are saved by saveParts).
const headerOf = (input: MeetingCreateInput | MeetingUpdateInput) => ({
  title: input.title,
  held_on: input.heldOn,
  convenor_person_id: input.convenorPersonId ?? null,
  convenor_unit_id: input.convenorUnitId ?? null,
  minutes: input.minutes,
});

/**
 * 登记会议: the office records a meeting with its units, referred problems and decisions in one
 * transaction (problem events, messages to the units and the trace with it). A 督查工作例会's decisions
 * become supervised matters (source 会议议定事项), 交办 to their units after the commit.
 */
export async function createMeeting(deps: Deps, actor: Actor, input: MeetingCreateInput): Promise<MeetingDetail> {
  requirePermission(actor, 'matter.manage');
  const { id, matters } = await inTransaction(deps.db, async (trx) => {
    const now = deps.clock.now();
    const row = await trx
      .insertInto('meetings')
      .values({ ...headerOf(input), tenant_id: actor.tenantId, kind: input.kind, created_by: actor.accountId, created_at: now, updated_at: now })
      .returningAll()
      .executeTakeFirstOrThrow();
    const saved = await saveParts(trx, deps, actor, row, null, input);
    await recordTrace(trx, deps.clock, actor, { action: 'meeting.create', entityType: 'meeting', entityId: row.id, after: { ...traceMeeting(row), ...saved.trace } });
    return { id: row.id, matters: saved.matters };
  });
  await assignAll(deps, actor, matters);
  return getMeeting(deps, actor, id);
}

/** 修改会议记录: the office edits the record; the second of two concurrent editors gets 409 version_conflict. */
export async function updateMeeting(deps: Deps, actor: Actor, id: number, input: MeetingUpdateInput): Promise<MeetingDetail> {
  requirePermission(actor, 'matter.manage');
  const matters = await inTransaction(deps.db, async (trx) => {
    const before = await repo.lockMeeting(trx, actor.tenantId, id);
    if (!before) throw new AppError('meeting_not_found');
    if (before.version !== input.version) throw new AppError('version_conflict', undefined, { currentVersion: before.version });
    const now = deps.clock.now();
    const row = await trx
      .updateTable('meetings')
      .set({ ...headerOf(input), version: before.version + 1, updated_at: now })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const saved = await saveParts(trx, deps, actor, row, before, { ...input, kind: row.kind });
    await recordTrace(trx, deps.clock, actor, { action: 'meeting.update', entityType: 'meeting', entityId: id, before: { ...traceMeeting(before), ...saved.traceBefore }, after: { ...traceMeeting(row), ...saved.trace } });
    return saved.matters;
  });
  await assignAll(deps, actor, matters);
  return getMeeting(deps, actor, id);
}

/** 提请联席会议研究: refers one open grid problem to a joint meeting (the problem's timeline records it). */
export async function referProblem(deps: Deps, actor: Actor, id: number, problemId: number): Promise<MeetingDetail> {
  requirePermission(actor, 'matter.manage');
  await inTransaction(deps.db, async (trx) => {
    const meeting = await repo.lockMeeting(trx, actor.tenantId, id);
    if (!meeting) throw new AppError('meeting_not_found');
    if (meeting.kind !== 'joint') throw new AppError('invalid_transition', `${MEETING_KIND_LABELS[meeting.kind]}不研究网格问题，请提请联席会议`);
    const added = await referProblems(trx, deps, actor, meeting, [problemId], 'problemId');
    if (!added.length) return;
    await trx.updateTable('meetings').set({ version: meeting.version + 1, updated_at: deps.clock.now() }).where('id', '=', id).execute();
    await recordTrace(trx, deps.clock, actor, { action: 'meeting.refer_problem', entityType: 'meeting', entityId: id, after: { problemId, ticket: added[0] } });
  });
  return getMeeting(deps, actor, id);
}

// 交办 each new matter as its own lifecycle step, as the office would: its unit is told and the clock runs.
async function assignAll(deps: Deps, actor: Actor, matters: readonly { matter: Matter; note: string }[]): Promise<void> {
  for (const { matter, note } of matters) await assignMatter(deps, actor, matter.id, { version: matter.version, note });
}

// Whoever may open a meeting may read its trace (痕迹).
registerTraceAccess('meeting', async (db, actor, entityId) => {
  const id = Number(entityId);
  if (!Number.isSafeInteger(id) || id <= 0 || !actor.permissions.has('matter.read')) return false;
  let q = db.selectFrom('meetings as mt').select('mt.id').where('mt.tenant_id', '=', actor.tenantId).where('mt.id', '=', id);
  const scope = meetingScopeSql(actor);
  if (scope) q = q.where(scope);
  return !!(await q.executeTakeFirst());
});

/** Open grid problems the office may refer to a joint meeting (the meeting form's picker). */
export async function listReferableProblems(deps: Deps, actor: Actor, q: string | undefined): Promise<ReferableProblem[]> {
  requirePermission(actor, 'matter.manage');
  const rows = await repo.referableProblems(deps.db, actor.tenantId, q);
  return rows.map((r) => ({ id: Number(r.id), ticket: r.ticket, title: r.title, status: r.status, unitName: r.unit_name, reportedAt: new Date(r.reported_at).toISOString() }));
}

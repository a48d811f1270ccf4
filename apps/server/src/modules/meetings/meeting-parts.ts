import type { Selectable, Transaction } from 'kysely';
import { matterCreateSchema, MEETING_KIND_LABELS, shanghaiDate, type MeetingCreateInput } from '@duban/shared';
import type { DB } from '../../db/schema';
import { validationError, type FieldIssue } from '../../errors';
import type { Actor } from '../../lib/actor';
import type { Deps } from '../../lib/deps';
import { liaisonsOf } from '../matters/matter.repository';
import { createMatter } from '../matters/matter.service';
import type { Matter } from '../matters/matter.table';
import { enqueue } from '../outbox/outbox.service';
import type { GridHoldLevel } from '../grid/grid.table';
import type { MeetingDecisionTable, MeetingTable } from './meeting.table';

type Meeting = Selectable<MeetingTable>;
type Decision = Selectable<MeetingDecisionTable>;
type Parts = Omit<MeetingCreateInput, 'title'>;

const TITLE_MAX = 200;
const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
const unique = <T>(xs: readonly T[]) => [...new Set(xs)];

/** What saving a meeting's parts produced: matters to 交办 after the commit, and the parts for the trace. */
export type SavedParts = { matters: { matter: Matter; note: string }[]; trace: Record<string, unknown>; traceBefore: Record<string, unknown> };

const traceDecisions = (ds: readonly Decision[]) =>
  ds.map((d) => ({ id: d.id, seq: d.seq, content: d.text, unitId: d.unit_id, deadline: d.deadline, problemId: d.problem_id, matterId: d.matter_id, status: d.status }));

// A decision that is done, or that became a matter, is settled: the record keeps it as it was.
const settledWhy = (d: Decision) => (d.matter_id !== null ? '已立为督办事项' : d.status === 'done' ? '已落实' : null);

/**
 * Checks a meeting's units, convenor, problems and decisions against the tenant and what the meeting
 * already holds, then writes them: invited units, referred problems (with their problem events), and the
 * decisions in the order given (new ones told to their units; a 督查工作例会's new ones registered as
 * matters). Every problem found is a 400 naming its field; nothing is written then.
 */
export async function saveParts(trx: Transaction<DB>, deps: Deps, actor: Actor, meeting: Meeting, before: Meeting | null, input: Parts): Promise<SavedParts> {
  const t = actor.tenantId;
  const now = deps.clock.now();
  const today = shanghaiDate(now);
  const issues: FieldIssue[] = [];
  if (input.heldOn > today) issues.push({ field: 'heldOn', message: `会议日期不能晚于今天（${today}）` });

  const unitIds = unique([...input.units.map((u) => u.unitId), ...input.decisions.map((d) => d.unitId), ...(input.convenorUnitId ? [input.convenorUnitId] : [])]);
  const units = unitIds.length ? await trx.selectFrom('units').select(['id', 'name']).where('tenant_id', '=', t).where('id', 'in', unitIds).execute() : [];
  const unitName = new Map(units.map((u) => [u.id, u.name]));
  const noUnit = (id: number) => `单位（编号 ${id}）不存在`;
  if (input.convenorUnitId && !unitName.has(input.convenorUnitId)) issues.push({ field: 'convenorUnitId', message: noUnit(input.convenorUnitId) });
  input.units.forEach((u, i) => !unitName.has(u.unitId) && issues.push({ field: `units.${i}.unitId`, message: noUnit(u.unitId) }));
  if (input.convenorPersonId) {
    const p = await trx.selectFrom('people').select('id').where('tenant_id', '=', t).where('id', '=', input.convenorPersonId).executeTakeFirst();
    if (!p) issues.push({ field: 'convenorPersonId', message: `人员（编号 ${input.convenorPersonId}）不存在` });
  }

  const existing = before ? await trx.selectFrom('meeting_decisions').selectAll().where('meeting_id', '=', meeting.id).orderBy('seq').execute() : [];
  const byId = new Map(existing.map((d) => [d.id, d]));
  input.decisions.forEach((d, i) => {
    const at = `decisions.${i}`;
    if (!unitName.has(d.unitId)) issues.push({ field: `${at}.unitId`, message: noUnit(d.unitId) });
    const old = d.id === undefined ? undefined : byId.get(d.id);
    if (d.id !== undefined && !old) issues.push({ field: `${at}.id`, message: `议定事项（编号 ${d.id}）不属于本次会议` });
    const why = old ? settledWhy(old) : null;
    if (old && why) {
      if (old.text !== d.content || old.unit_id !== d.unitId || old.deadline !== d.deadline || (old.problem_id ?? null) !== (d.problemId ?? null)) {
        issues.push({ field: at, message: `第 ${i + 1} 项${why}，不能再修改${old.matter_id !== null ? '（请在督办事项中调整）' : ''}` });
      }
    } else if (d.deadline < input.heldOn) issues.push({ field: `${at}.deadline`, message: `时限不能早于会议日期（${input.heldOn}）` });
  });
  const kept = new Set(input.decisions.flatMap((d) => (d.id === undefined ? [] : [d.id])));
  const removed = existing.filter((d) => !kept.has(d.id));
  for (const d of removed) {
    const why = settledWhy(d);
    if (why) issues.push({ field: 'decisions', message: `原第 ${d.seq} 项“${clip(d.text, 20)}”${why}，不能删除` });
  }
  if (issues.length) throw validationError(issues);

  // Problems: new ones are referred (checked and recorded on their timelines), dropped ones withdrawn.
  const linked = before ? (await trx.selectFrom('meeting_problems').select('problem_id').where('meeting_id', '=', meeting.id).execute()).map((r) => Number(r.problem_id)) : [];
  const wanted = unique(input.problemIds);
  await referProblems(trx, deps, actor, meeting, wanted.filter((id) => !linked.includes(id)), 'problemIds', input.problemIds);
  const dropped = linked.filter((id) => !wanted.includes(id));
  if (dropped.length) await withdrawProblems(trx, deps, actor, meeting, dropped);

  await trx.deleteFrom('meeting_units').where('meeting_id', '=', meeting.id).execute();
  if (input.units.length) await trx.insertInto('meeting_units').values(input.units.map((u) => ({ meeting_id: meeting.id, tenant_id: t, unit_id: u.unitId, present: u.present }))).execute();

  if (removed.length) await trx.deleteFrom('meeting_decisions').where('id', 'in', removed.map((d) => d.id)).execute();
  // Kept decisions move out of the way first, so renumbering never collides with (meeting_id, seq).
  if (kept.size) await trx.updateTable('meeting_decisions').set((eb) => ({ seq: eb.neg(eb.ref('seq')) })).where('id', 'in', [...kept]).execute();
  const matters: SavedParts['matters'] = [];
  const saved: Decision[] = [];
  for (const [i, d] of input.decisions.entries()) {
    const seq = i + 1;
    const old = d.id === undefined ? undefined : byId.get(d.id);
    const fields = { seq, text: d.content, unit_id: d.unitId, deadline: d.deadline, problem_id: d.problemId ?? null };
    const row = old
      ? await trx.updateTable('meeting_decisions').set(fields).where('id', '=', old.id).returningAll().executeTakeFirstOrThrow()
      : await trx.insertInto('meeting_decisions').values({ ...fields, meeting_id: meeting.id, tenant_id: t, created_at: now }).returningAll().executeTakeFirstOrThrow();
    const moved = !old || old.unit_id !== row.unit_id || old.deadline !== row.deadline || old.text !== row.text;
    if (meeting.kind === 'supervision' && !old) {
      const matter = await decisionMatter(trx, deps, actor, meeting, row);
      matters.push({ matter, note: `${meeting.title}议定事项` });
      saved.push(await trx.updateTable('meeting_decisions').set({ matter_id: matter.id }).where('id', '=', row.id).returningAll().executeTakeFirstOrThrow());
      continue;
    }
    if (moved && row.status === 'open' && row.matter_id === null) await tellUnit(trx, actor, meeting, row, unitName.get(row.unit_id) ?? '', old ? 'changed' : 'new', now);
    saved.push(row);
  }
  return {
    matters,
    trace: { units: input.units, problemIds: wanted, decisions: traceDecisions(saved) },
    traceBefore: before ? { problemIds: linked, decisions: traceDecisions(existing) } : {},
  };
}

/** A 督查工作例会 decision registered (立项) as a supervised matter through the matters module (一会一督办). */
async function decisionMatter(trx: Transaction<DB>, deps: Deps, actor: Actor, meeting: Meeting, d: Decision): Promise<Matter> {
  return createMatter(
    trx,
    deps,
    actor,
    matterCreateSchema.parse({
      title: clip(d.text, TITLE_MAX),
      content: `${meeting.title}（${meeting.held_on}）议定事项第 ${d.seq} 项：${d.text}`,
      source: 'meeting',
      sourceDoc: clip(`${meeting.title}纪要`, TITLE_MAX),
      leadUnitId: d.unit_id,
      startDate: meeting.held_on,
      deadline: d.deadline,
    }),
  );
}

// The unit's liaisons (or its head) learn of a decision given to it, or of one changed.
async function tellUnit(trx: Transaction<DB>, actor: Actor, meeting: Meeting, d: Decision, unitName: string, what: 'new' | 'changed', now: Date): Promise<void> {
  const kind = MEETING_KIND_LABELS[meeting.kind];
  await enqueue(trx, {
    tenantId: actor.tenantId,
    kind: 'meeting.decision',
    eventKey: `meeting.decision:${d.id}:${d.unit_id}:${d.deadline}:${now.getTime()}`,
    title: `【会议议定${what === 'changed' ? '·调整' : ''}】${clip(d.text, 40)}`,
    body: `${kind}“${meeting.title}”（${meeting.held_on}）议定：${d.text}。由${unitName}落实，时限 ${d.deadline}，请按时落实并在系统中报送落实情况。`,
    link: `/meetings/${meeting.id}`,
    payload: { meetingId: meeting.id, decisionId: d.id },
    personIds: await liaisonsOf(trx, actor.tenantId, [d.unit_id]),
    at: now,
  });
}

type ProblemEvent = { action: string; note: string };

async function problemEvents(trx: Transaction<DB>, deps: Deps, actor: Actor, meeting: Meeting, rows: { id: number; status: string; hold_level: GridHoldLevel }[], e: ProblemEvent): Promise<void> {
  if (!rows.length) return;
  const now = deps.clock.now();
  await trx
    .insertInto('grid_problem_events')
    .values(
      rows.map((p) => ({
        tenant_id: actor.tenantId,
        problem_id: String(p.id),
        at: now,
        action: e.action,
        from_status: p.status,
        to_status: p.status,
        hold_level: p.hold_level,
        unit_id: meeting.convenor_unit_id,
        actor_account_id: actor.accountId,
        note: e.note,
        data: JSON.stringify({ meetingId: meeting.id, meetingKind: meeting.kind }),
      })),
    )
    .execute();
}

/**
 * Refers grid problems to a joint meeting: each must be the tenant's and still open. The link and a
 * 'meeting_referred' event on the problem's timeline are written (its status is the flow's, untouched).
 * `field` names the input field for errors (`all` is the input list the ids came from, for the index).
 * Returns the tickets referred; a problem already on the meeting is skipped.
 */
export async function referProblems(trx: Transaction<DB>, deps: Deps, actor: Actor, meeting: Meeting, ids: readonly number[], field: string, all: readonly number[] = ids): Promise<string[]> {
  if (!ids.length) return [];
  const rows = await trx
    .selectFrom('grid_problems')
    .select(['id', 'ticket', 'status', 'hold_level', 'closed_at'])
    .where('tenant_id', '=', actor.tenantId)
    .where('id', 'in', ids.map(String))
    .execute();
  const found = new Map(rows.map((r) => [Number(r.id), r]));
  const at = (id: number) => (field === 'problemIds' ? `problemIds.${all.indexOf(id)}` : field);
  const issues: FieldIssue[] = [];
  for (const id of ids) {
    const p = found.get(id);
    if (!p) issues.push({ field: at(id), message: `网格问题（编号 ${id}）不存在` });
    else if (p.closed_at !== null) issues.push({ field: at(id), message: `网格问题 ${p.ticket} 已结案，无需提请会议研究` });
  }
  if (issues.length) throw validationError(issues);
  const already = (await trx.selectFrom('meeting_problems').select('problem_id').where('meeting_id', '=', meeting.id).where('problem_id', 'in', [...ids]).execute()).map((r) => Number(r.problem_id));
  const fresh = ids.filter((id) => !already.includes(id)).flatMap((id) => {
    const p = found.get(id);
    return p ? [{ ...p, id }] : [];
  });
  if (!fresh.length) return [];
  await trx.insertInto('meeting_problems').values(fresh.map((p) => ({ meeting_id: meeting.id, tenant_id: actor.tenantId, problem_id: p.id }))).execute();
  await problemEvents(trx, deps, actor, meeting, fresh, { action: 'meeting_referred', note: `提请${MEETING_KIND_LABELS[meeting.kind]}“${meeting.title}”（${meeting.held_on}）研究` });
  return fresh.map((p) => p.ticket);
}

// A problem taken off a meeting's agenda: the link goes, the problem's timeline says so.
async function withdrawProblems(trx: Transaction<DB>, deps: Deps, actor: Actor, meeting: Meeting, ids: number[]): Promise<void> {
  await trx.deleteFrom('meeting_problems').where('meeting_id', '=', meeting.id).where('problem_id', 'in', ids).execute();
  const rows = await trx.selectFrom('grid_problems').select(['id', 'status', 'hold_level']).where('id', 'in', ids.map(String)).execute();
  await problemEvents(trx, deps, actor, meeting, rows.map((r) => ({ ...r, id: Number(r.id) })), { action: 'meeting_withdrawn', note: `撤出${MEETING_KIND_LABELS[meeting.kind]}“${meeting.title}”（${meeting.held_on}）的议题` });
}

import { addWorkdays, maskMobile, shanghaiDate, UNMASK_ROLES, workingMinutesBetween, type ModerationInput, type mergeProblemSchema, type RedactionView } from '@duban/shared';
import type { z } from 'zod';
import { AppError, validationError } from '../../errors';
import { requirePermission, type Actor } from '../../lib/actor';
import { inTransaction, type Deps } from '../../lib/deps';
import { openMobile } from '../../lib/pii-at-rest';
import { tenantCalendar } from '../calendar/calendar.service';
import { onProblemClosed } from '../grid/grid-hooks';
import { tellReporter } from '../grid/grid-notify';
import { gridWorkClock } from '../grid/grid-settings';
import { problemContext, scopedProblem } from '../grid/problem.access';
import { closeHold, recordStep, updateProblem } from '../grid/problem.repository';
import { createMatter } from '../matters/matter.service';
import { recordTrace } from '../trace/trace.service';

/**
 * The staff's side of the citizens' channel (issue 17): who reported (masked; the full number only for the roles
 * that call back, each time traced), merging duplicates (every reporter told and kept for the feedback),
 * moderating what the public sees, and the clusters flagged to the streets.
 */

/** The reporters of a problem as staff see them: the mobile masked (138****1234). */
export async function problemReporters(deps: Deps, actor: Actor, problemId: string) {
  requirePermission(actor, 'grid.read');
  const p = await scopedProblem(deps.db, actor, problemId).select('p.id').executeTakeFirst();
  if (!p) throw new AppError('grid_problem_not_found');
  const rows = await deps.db.selectFrom('grid_problem_reporters').select(['id', 'kind', 'name', 'mobile_enc', 'account_id', 'original_problem_id', 'created_at']).where('problem_id', '=', p.id).orderBy('id').execute();
  const canUnmask = UNMASK_ROLES.some((r) => actor.roles.includes(r));
  return rows.map((r) => {
    let masked: string | null;
    try {
      masked = maskMobile(openMobile(deps.secretKey, r.mobile_enc));
    } catch {
      masked = '（无法解密）';
    }
    return { id: String(r.id), kind: r.kind, name: r.name, mobile: masked, hasMobile: r.mobile_enc !== null, viaAccount: r.account_id !== null, fromProblemId: r.original_problem_id === null ? null : String(r.original_problem_id), createdAt: new Date(r.created_at).toISOString(), canUnmask: canUnmask && r.mobile_enc !== null };
  });
}

/** The full number of one reporter, for a call back: only 督查办 and 网格长 who see the problem; traced every time. */
export async function unmaskReporter(deps: Deps, actor: Actor, reporterId: string) {
  requirePermission(actor, 'grid.read');
  if (!UNMASK_ROLES.some((r) => actor.roles.includes(r))) throw new AppError('forbidden', '只有需要回访群众的督查办人员和网格长可以查看完整号码');
  const r = await deps.db.selectFrom('grid_problem_reporters').select(['id', 'problem_id', 'mobile_enc']).where('tenant_id', '=', actor.tenantId).where('id', '=', reporterId).executeTakeFirst();
  const visible = r && (await scopedProblem(deps.db, actor, r.problem_id).select('p.id').executeTakeFirst());
  if (!r || !visible || !r.mobile_enc) throw new AppError('citizen_reporter_not_found');
  const mobile = openMobile(deps.secretKey, r.mobile_enc);
  await inTransaction(deps.db, (trx) => recordTrace(trx, deps.clock, actor, { action: 'citizen.unmask', entityType: 'grid_problem', entityId: r.problem_id, after: { reporterId: String(r.id), mobile: maskMobile(mobile) } }));
  return { mobile };
}

/** Only the platform of the problem's level (or 督查办) merges or moderates. */
function requirePlatform(kinds: ReadonlySet<string>): void {
  if (!kinds.has('office') && !kinds.has('level')) throw new AppError('grid_not_your_level');
}

/**
 * 合并: a duplicate leaves the open set as 已合并 into the problem that stays; its reporters join that problem (kept
 * with where they came from), so every one of them gets its feedback; each is told now. Both timelines say so.
 */
export async function mergeProblem(deps: Deps, actor: Actor, id: string, body: z.output<typeof mergeProblemSchema>) {
  requirePermission(actor, 'grid.handle');
  const byTicket = body.intoTicket ? await deps.db.selectFrom('grid_problems').select('id').where('tenant_id', '=', actor.tenantId).where('ticket', '=', body.intoTicket).executeTakeFirst() : undefined;
  if (body.intoId === undefined && !byTicket) throw validationError([{ field: 'intoTicket', message: `没有受理编号为 ${body.intoTicket ?? ''} 的问题` }]);
  const intoId = String(body.intoId ?? byTicket?.id);
  if (intoId === String(id)) throw validationError([{ field: 'intoTicket', message: '不能合并到问题自身' }]);
  const clock = await gridWorkClock(deps.db, actor.tenantId);
  return inTransaction(deps.db, async (trx) => {
    const src = await problemContext(trx, actor, id, true);
    const dst = await problemContext(trx, actor, intoId, true);
    requirePlatform(src.kinds);
    if (src.p.closed_at !== null) throw new AppError('citizen_merge_closed', '该问题已结束（结案、合并或不予立案），不能再合并');
    if (dst.p.closed_at !== null) throw new AppError('citizen_merge_closed', `合并目标 ${dst.p.ticket} 已结束，请选择仍在办理的问题`);
    const now = deps.clock.now();
    const row = await updateProblem(trx, src.p.id, { status: 'merged', merged_into_id: dst.p.id, closed_at: now, stage_deadline: null, hold_deadline: null, extension_request: null }, now);
    await closeHold(trx, src.p.id, now, (start) => workingMinutesBetween(clock, start, now), 'merged');
    const reporters = await trx.selectFrom('grid_problem_reporters').select(['account_id', 'name', 'mobile_enc', 'mobile_hash']).where('problem_id', '=', src.p.id).execute();
    if (reporters.length) {
      await trx
        .insertInto('grid_problem_reporters')
        .values(reporters.map((r) => ({ tenant_id: actor.tenantId, problem_id: dst.p.id, original_problem_id: src.p.id, account_id: r.account_id, name: r.name, mobile_enc: r.mobile_enc, mobile_hash: r.mobile_hash, kind: 'merged' as const, created_at: now })))
        .execute();
    }
    await recordStep(trx, row, { action: 'merge', from: src.p.status, to: 'merged', note: body.note ?? null, data: { intoId: dst.p.id, intoTicket: dst.p.ticket }, public: true }, now, actor.accountId);
    await recordStep(trx, dst.p, { action: 'merged_in', from: null, to: null, data: { fromId: src.p.id, fromTicket: src.p.ticket, reporters: reporters.length }, public: true }, now, actor.accountId);
    await onProblemClosed(trx, row);
    await recordTrace(trx, deps.clock, actor, { action: 'grid.merge', entityType: 'grid_problem', entityId: src.p.id, before: { status: src.p.status }, after: { status: 'merged', intoId: dst.p.id, intoTicket: dst.p.ticket, reporters: reporters.length, note: body.note ?? null } });
    await tellReporter(trx, row, 'merged', `您反映的问题（编号 ${row.ticket}）与编号 ${dst.p.ticket} 为同一问题，已合并办理，办理进展将一并告知。`, now);
    return { id: String(row.id), status: 'merged' as const, intoId: String(dst.p.id), intoTicket: dst.p.ticket, reporters: reporters.length };
  });
}

/**
 * 审核: hides a photo or a sentence from everything the public sees (the public timeline, the nearby suggestion, the
 * resolved page); the reason is recorded and traced, and the reporter told. Staff still see the original.
 */
export async function moderateProblem(deps: Deps, actor: Actor, id: string, input: ModerationInput) {
  requirePermission(actor, 'grid.handle');
  return inTransaction(deps.db, async (trx) => {
    const ctx = await problemContext(trx, actor, id, true);
    requirePlatform(ctx.kinds);
    const p = ctx.p;
    const now = deps.clock.now();
    if (input.kind === 'photo') {
      const r = await trx
        .updateTable('grid_problem_photos')
        .set({ hidden: true, hidden_reason: input.reason, hidden_by: actor.accountId, hidden_at: now })
        .where('problem_id', '=', p.id)
        .where('attachment_id', '=', String(input.photoId))
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) === 0) throw validationError([{ field: 'photoId', message: '该照片不属于这个问题' }]);
    } else {
      const notes = await trx.selectFrom('grid_problem_events').select('note').where('problem_id', '=', p.id).where('public', '=', true).where('note', 'is not', null).execute();
      const found = [p.description, ...notes.map((n) => n.note ?? '')].some((t) => t.includes(input.text));
      if (!found) throw validationError([{ field: 'text', message: '在公开的描述和办理结果中找不到这段文字，请原样复制要隐去的句子' }]);
    }
    await trx
      .insertInto('grid_problem_redactions')
      .values({ tenant_id: actor.tenantId, problem_id: p.id, kind: input.kind, hidden_text: input.kind === 'text' ? input.text : null, attachment_id: input.kind === 'photo' ? String(input.photoId) : null, reason: input.reason, created_by: actor.accountId, created_at: now })
      .execute();
    await recordTrace(trx, deps.clock, actor, { action: 'citizen.moderate', entityType: 'grid_problem', entityId: p.id, after: { kind: input.kind, photoId: input.kind === 'photo' ? input.photoId : null, text: input.kind === 'text' ? input.text : null, reason: input.reason } });
    await tellReporter(trx, p, 'moderated', `您反映的问题（编号 ${p.ticket}）公开展示时隐去了${input.kind === 'photo' ? '一张照片' : '部分文字'}：${input.reason}。办理不受影响。`, now);
    return { id: String(p.id), kind: input.kind };
  });
}

/** What staff hid from the public view of a problem (grid readers in scope; staff still see the original). */
export async function problemRedactions(deps: Deps, actor: Actor, problemId: string): Promise<RedactionView[]> {
  requirePermission(actor, 'grid.read');
  const p = await scopedProblem(deps.db, actor, problemId).select('p.id').executeTakeFirst();
  if (!p) throw new AppError('grid_problem_not_found');
  const rows = await deps.db
    .selectFrom('grid_problem_redactions as r')
    .leftJoin('accounts as a', 'a.id', 'r.created_by')
    .select(['r.id', 'r.kind', 'r.hidden_text', 'r.attachment_id', 'r.reason', 'r.created_at', 'a.display_name'])
    .where('r.problem_id', '=', p.id)
    .orderBy('r.id')
    .execute();
  return rows.map((r) => ({ id: String(r.id), kind: r.kind, text: r.hidden_text, photoId: r.attachment_id === null ? null : Number(r.attachment_id), reason: r.reason, byName: r.display_name, at: new Date(r.created_at).toISOString() }));
}

/** Duplicate suggestion for staff reporting (网格长's phone): the same rule as the public page. */
export { nearbyProblems } from './citizens.service';

/** The clusters flagged (open first), with their cell, category and the open problems in them. */
export async function listClusters(deps: Deps, actor: Actor) {
  requirePermission(actor, 'grid.read');
  const rows = await deps.db
    .selectFrom('grid_problem_clusters as k')
    .innerJoin('grid_cells as c', 'c.id', 'k.cell_id')
    .innerJoin('grid_categories as gc', 'gc.id', 'k.category_id')
    .leftJoin('matters as m', 'm.id', 'k.matter_id')
    .select(['k.id', 'k.cell_id', 'c.name as cell_name', 'k.category_id', 'gc.name as category_name', 'k.reports', 'k.first_at', 'k.last_at', 'k.status', 'k.flagged_at', 'k.matter_id', 'm.number as matter_number'])
    .where('k.tenant_id', '=', actor.tenantId)
    .orderBy('k.status')
    .orderBy('k.flagged_at', 'desc')
    .limit(200)
    .execute();
  return rows.map((r) => ({ ...r, id: String(r.id), first_at: new Date(r.first_at).toISOString(), last_at: new Date(r.last_at).toISOString(), flagged_at: new Date(r.flagged_at).toISOString() }));
}

/**
 * 转为督办: a cluster becomes a supervised matter (source 群众来信/留言) led by the cell's (or the street's) unit; its
 * open problems are linked to the matter and their timelines say so.
 */
export async function superviseCluster(deps: Deps, actor: Actor, clusterId: string, body: { leadUnitId?: number; workdays: number }) {
  requirePermission(actor, 'matter.create');
  const cal = await tenantCalendar(deps.db, actor.tenantId);
  return inTransaction(deps.db, async (trx) => {
    const k = await trx
      .selectFrom('grid_problem_clusters as k')
      .innerJoin('grid_cells as c', 'c.id', 'k.cell_id')
      .innerJoin('grid_categories as gc', 'gc.id', 'k.category_id')
      .select(['k.id', 'k.cell_id', 'k.category_id', 'k.status', 'k.reports', 'k.first_at', 'c.name as cell_name', 'c.unit_id', 'c.parent_id', 'gc.name as category_name'])
      .where('k.tenant_id', '=', actor.tenantId)
      .where('k.id', '=', clusterId)
      .forUpdate('k')
      .executeTakeFirst();
    if (!k) throw new AppError('citizen_cluster_not_found');
    if (k.status !== 'open') throw new AppError('citizen_cluster_decided');
    let leadUnitId = body.leadUnitId ?? k.unit_id;
    for (let parent = k.parent_id, i = 0; leadUnitId === null && parent !== null && i < 6; i++) {
      const up = await trx.selectFrom('grid_cells').select(['unit_id', 'parent_id']).where('id', '=', parent).executeTakeFirstOrThrow();
      leadUnitId = up.unit_id;
      parent = up.parent_id;
    }
    if (leadUnitId === null) throw validationError([{ field: 'leadUnitId', message: '该网格及其上级均未关联单位，请选择牵头单位' }]);
    const problems = await trx
      .selectFrom('grid_problems')
      .select(['id', 'ticket', 'tenant_id', 'hold_level', 'hold_unit_id'])
      .where('tenant_id', '=', actor.tenantId)
      .where('cell_id', '=', k.cell_id)
      .where('category_id', '=', k.category_id)
      .where('reported_at', '>=', k.first_at)
      .where('status', '!=', 'merged')
      .orderBy('id')
      .execute();
    const now = deps.clock.now();
    const today = shanghaiDate(now);
    const matter = await createMatter(trx, deps, actor, {
      title: `${k.cell_name}“${k.category_name}”问题集中反映（${k.reports} 件）`.slice(0, 200),
      content: `群众在 ${k.cell_name} 集中反映“${k.category_name}”问题 ${k.reports} 件，受理编号：${problems.map((p) => p.ticket).join('、')}。请牵头单位查明原因、系统解决。`,
      source: 'citizen',
      leadUnitId,
      coUnitIds: [],
      handlerIds: [],
      startDate: today,
      deadline: addWorkdays(cal, today, body.workdays),
      milestones: [],
      reportCadence: 'weekly',
      priority: 'normal',
      difficulty: 1,
      workload: 1,
      weight: 1,
    });
    const open = problems.filter((p) => p.id);
    if (open.length) await trx.updateTable('grid_problems').set({ matter_id: matter.id }).where('id', 'in', open.map((p) => p.id)).where('matter_id', 'is', null).where('closed_at', 'is', null).execute();
    for (const p of open) await recordStep(trx, p, { action: 'supervise', from: null, to: null, data: { matterId: matter.id, cluster: String(k.id) }, public: true }, now, actor.accountId);
    await trx.updateTable('grid_problem_clusters').set({ status: 'supervised', matter_id: matter.id, decided_by: actor.accountId, decided_at: now }).where('id', '=', k.id).execute();
    await recordTrace(trx, deps.clock, actor, { action: 'citizen.cluster_supervise', entityType: 'grid_problem', entityId: String(open[0]?.id ?? k.id), after: { clusterId: String(k.id), matterId: matter.id, problems: open.length } });
    return { id: String(k.id), status: 'supervised' as const, matterId: matter.id, matterNumber: matter.number };
  });
}

/** 不予督办: the street looked at the cluster and keeps the problems in the normal flow. */
export async function dismissCluster(deps: Deps, actor: Actor, clusterId: string) {
  requirePermission(actor, 'grid.handle');
  const r = await deps.db
    .updateTable('grid_problem_clusters')
    .set({ status: 'dismissed', decided_by: actor.accountId, decided_at: deps.clock.now() })
    .where('tenant_id', '=', actor.tenantId)
    .where('id', '=', clusterId)
    .where('status', '=', 'open')
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) throw new AppError('citizen_cluster_not_found');
  return { id: clusterId, status: 'dismissed' as const };
}

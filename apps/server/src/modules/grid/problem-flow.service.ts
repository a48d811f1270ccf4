import { dueAt, GRID_RATING_LABELS, HOLD_LEVEL_LABELS, type gridActionSchemas } from '@duban/shared';
import type { z } from 'zod';
import { validationError } from '../../errors';
import type { Actor } from '../../lib/actor';
import type { Deps } from '../../lib/deps';
import { onProblemClosed } from './grid-hooks';
import { handlerPeople, levelPeople, tellPeople, tellReporter } from './grid-notify';
import { move, passClock, runGridAction, type ActionScope } from './problem-action';
import { claimProblemPhotos } from './problem-photo.service';

// 受理 → 立案 / 不予立案 → 派遣 → 签收 / 退回 → 处置 → 核查: the main line of the flow.

type Body<K extends keyof typeof gridActionSchemas> = z.output<(typeof gridActionSchemas)[K]>;
type Id = string | number;

const here = (s: ActionScope) => ({ level: s.ctx.p.hold_level, cellId: s.ctx.p.hold_cell_id, unitId: s.ctx.p.hold_unit_id });

/** 受理: the level takes the report in; the reporter is told. */
export function acceptProblem(deps: Deps, actor: Actor, id: Id, body: Body<'accept'>) {
  return runGridAction(deps, actor, id, 'accept', async (s) => {
    const row = await move(s, 'accepted', { accepted_at: s.now }, { action: 'accept', note: body.note ?? null, public: true });
    await tellReporter(s.trx, row, 'accepted', `您反映的问题（编号 ${row.ticket}）已受理，我们将尽快办理。`, s.now);
    return row;
  });
}

/** 立案: the case is opened; its 结案期限 starts (dispatch, sign, handle and check limits in a row). */
export function registerProblem(deps: Deps, actor: Actor, id: Id, body: Body<'register'>) {
  return runGridAction(deps, actor, id, 'register', (s) =>
    move(s, 'registered', { registered_at: s.now, due_at: dueAt(s.timing.clock, s.timing.limitOf, s.now) }, { action: 'register', note: body.note ?? null, public: true }),
  );
}

/** 不予立案: closed with the reason, which the reporter is told. */
export function rejectProblem(deps: Deps, actor: Actor, id: Id, body: Body<'reject'>) {
  return runGridAction(deps, actor, id, 'reject', async (s) => {
    const row = await move(s, 'rejected', { closed_at: s.now, stage_deadline: null, hold_deadline: null }, { action: 'reject', note: body.reason, public: true });
    await passClock(s, 'rejected', null);
    await onProblemClosed(s.trx, row);
    await tellReporter(s.trx, row, 'rejected', `您反映的问题（编号 ${row.ticket}）不予立案：${body.reason}`, s.now);
    return row;
  });
}

/** 派遣: to a unit (a department, a street or community office) and/or a named handler; they are told. */
export function dispatchProblem(deps: Deps, actor: Actor, id: Id, body: Body<'dispatch'>) {
  return runGridAction(deps, actor, id, 'dispatch', async (s) => {
    const t = actor.tenantId;
    const unit = body.unitId === undefined ? null : await s.trx.selectFrom('units').select(['id', 'name']).where('tenant_id', '=', t).where('id', '=', body.unitId).where('active', '=', true).executeTakeFirst();
    if (body.unitId !== undefined && !unit) throw validationError([{ field: 'unitId', message: '派遣单位不存在或已停用，请重新选择' }]);
    const handler =
      body.handlerAccountId === undefined
        ? null
        : await s.trx.selectFrom('accounts').select(['id', 'display_name']).where('tenant_id', '=', t).where('id', '=', body.handlerAccountId).where('status', '=', 'active').executeTakeFirst();
    if (body.handlerAccountId !== undefined && !handler) throw validationError([{ field: 'handlerAccountId', message: '处置人账号不存在或已停用，请重新选择' }]);
    const to = [unit?.name, handler?.display_name].filter(Boolean).join(' ');
    const row = await move(
      s,
      'dispatched',
      { dispatched_unit_id: unit?.id ?? null, handler_account_id: handler?.id ?? null, dispatched_at: s.now, extension_request: null },
      { action: 'dispatch', note: body.note ?? null, data: { unitId: unit?.id ?? null, handlerAccountId: handler?.id ?? null, to }, public: true },
    );
    await passClock(s, 'dispatched', { level: row.hold_level, cellId: row.hold_cell_id, unitId: unit?.id ?? row.hold_unit_id });
    await tellPeople(s.trx, row, 'grid.dispatched', `请签收并处置：${row.title}。${body.note ?? ''}`, await handlerPeople(s.trx, t, unit?.id ?? null, handler?.id ?? null), s.now);
    await tellReporter(s.trx, row, 'dispatched', `您反映的问题（编号 ${row.ticket}）已派${to}处理。`, s.now);
    return row;
  });
}

/** 签收: the unit takes the dispatch; the handling limit starts. */
export function signProblem(deps: Deps, actor: Actor, id: Id) {
  return runGridAction(deps, actor, id, 'sign', (s) => move(s, 'handling', {}, { action: 'sign', public: false }));
}

/** 退回: a wrong dispatch goes back to the level, with the reason; the level is told. */
export function returnProblem(deps: Deps, actor: Actor, id: Id, body: Body<'return'>) {
  return runGridAction(deps, actor, id, 'return', async (s) => {
    const row = await move(s, 'registered', { dispatched_unit_id: null, handler_account_id: null, extension_request: null }, { action: 'return', note: body.reason, public: false });
    await passClock(s, 'returned', here(s));
    await tellPeople(s.trx, row, 'grid.returned', `派遣被退回：${body.reason}。请重新派遣。`, await levelPeople(s.trx, actor.tenantId, here(s)), s.now);
    return row;
  });
}

/** 处置: the result and after-photos; it waits for 核查 by someone else. */
export function handleProblem(deps: Deps, actor: Actor, id: Id, body: Body<'handle'>) {
  return runGridAction(deps, actor, id, 'handle', async (s) => {
    const photos = await claimProblemPhotos(s.trx, actor, body.photoIds, s.ctx.p.id, 'after');
    const row = await move(s, 'handled', { handled_at: s.now, handled_by: actor.accountId, extension_request: null }, { action: 'handle', note: body.result, data: { photos }, public: true });
    const people = await levelPeople(s.trx, actor.tenantId, { level: 'cell', cellId: row.cell_id, unitId: null });
    await tellPeople(s.trx, row, 'grid.handled', `已处置待核查：${body.result}`, people.length ? people : await levelPeople(s.trx, actor.tenantId, here(s)), s.now);
    return row;
  });
}

/** 核查: someone other than the handler checks on site; pass → 结案 (the reporter is told), fail → 返工. */
export function verifyProblem(deps: Deps, actor: Actor, id: Id, body: Body<'verify'>) {
  return runGridAction(deps, actor, id, 'verify', async (s) => {
    const photos = await claimProblemPhotos(s.trx, actor, body.photoIds, s.ctx.p.id, 'verify');
    if (!body.pass) {
      const row = await move(s, 'handling', { rework_count: s.ctx.p.rework_count + 1 }, { action: 'verify', note: body.note ?? null, data: { pass: false, photos }, public: false });
      await tellPeople(s.trx, row, 'grid.rework', `核查未通过，请返工：${body.note ?? ''}`, await handlerPeople(s.trx, actor.tenantId, row.dispatched_unit_id, row.handler_account_id), s.now);
      return row;
    }
    const row = await move(s, 'closed', { closed_at: s.now, resolved_level: s.ctx.p.hold_level }, { action: 'verify', note: body.note ?? null, data: { pass: true, photos }, public: true });
    await passClock(s, 'resolved', null);
    await onProblemClosed(s.trx, row);
    await tellReporter(s.trx, row, 'closed', `您反映的问题（编号 ${row.ticket}）已办结（${HOLD_LEVEL_LABELS[row.hold_level]}），欢迎评价：${Object.values(GRID_RATING_LABELS).join('/')}。`, s.now);
    return row;
  });
}

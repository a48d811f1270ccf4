import { MATTER_OPEN_STATUSES, type MatterStatus } from './matter-facts';
import type { UnitStatus } from './matter-enums';

/**
 * The lifecycle as one explicit state machine (立项 → 交办 → 签收 → 办理中 → 申请办结 → 办结 /
 * 退回 → 归档; 撤销). Every action names the matter states it may start from, the state it leads
 * to (null: stays), and who may perform it. The server refuses anything else with 409
 * `invalid_transition`, listing what is allowed; the UI shows only allowed actions.
 */
export const MATTER_ACTIONS = [
  'edit', // 修改
  'assign', // 交办
  'sign', // 签收 (per unit)
  'delegate', // 转交承办人 (within a unit)
  'report', // 进度汇报 (per unit)
  'request_extension', // 延期申请
  'decide_extension', // 审批延期
  'request_completion', // 申请办结 (per unit)
  'accept_completion', // 审核通过 → 办结
  'return', // 退回
  'rate', // 评价
  'archive', // 归档
  'cancel', // 撤销
  'urge', // 催办
  'issue_notice', // 督查通知单
  'inspect', // 现场督查
  'decompose', // 分解子事项
  'settle_unit', // 代为办结或改派一个单位的部分 (a unit that cannot act: no active account)
] as const;
export type MatterAction = (typeof MATTER_ACTIONS)[number];

/**
 * Who may act: the supervision office, a member of a unit on the matter (reports), the one who acts for that
 * unit (its liaison or head: signs, names handlers, asks for more time or to finish), an inspector, a leader over it.
 */
export type ActorKind = 'office' | 'unit' | 'unit_lead' | 'inspector' | 'leader';

const OPEN: readonly MatterStatus[] = MATTER_OPEN_STATUSES;

export const TRANSITIONS: Record<MatterAction, { from: readonly MatterStatus[]; to: MatterStatus | null; who: readonly ActorKind[]; label: string }> = {
  edit: { from: ['registered', ...OPEN], to: null, who: ['office'], label: '修改' },
  assign: { from: ['registered'], to: 'assigned', who: ['office'], label: '交办' },
  sign: { from: ['assigned', 'in_progress'], to: 'in_progress', who: ['unit_lead'], label: '签收' },
  delegate: { from: ['assigned', 'in_progress'], to: null, who: ['unit_lead'], label: '指定承办人' },
  report: { from: ['in_progress'], to: null, who: ['unit'], label: '进度汇报' },
  request_extension: { from: ['in_progress'], to: null, who: ['unit_lead'], label: '申请延期' },
  decide_extension: { from: OPEN, to: null, who: ['office'], label: '审批延期' },
  request_completion: { from: ['in_progress'], to: null, who: ['unit_lead'], label: '申请办结' },
  accept_completion: { from: ['completion_requested'], to: 'closed', who: ['office'], label: '审核办结' },
  return: { from: ['completion_requested'], to: 'in_progress', who: ['office'], label: '退回' },
  rate: { from: ['closed'], to: null, who: ['office'], label: '评价' },
  archive: { from: ['closed'], to: 'archived', who: ['office'], label: '归档' },
  cancel: { from: ['registered', ...OPEN], to: 'cancelled', who: ['office'], label: '撤销' },
  urge: { from: OPEN, to: null, who: ['office', 'leader'], label: '催办' },
  issue_notice: { from: OPEN, to: null, who: ['office'], label: '督查通知单' },
  inspect: { from: OPEN, to: null, who: ['office', 'inspector'], label: '现场督查' },
  decompose: { from: ['registered', ...OPEN], to: null, who: ['office'], label: '分解' },
  settle_unit: { from: ['assigned', 'in_progress'], to: null, who: ['office'], label: '单位办结/改派' },
};

/** Unit-level preconditions: a unit must have signed before reporting, and so on. */
export const UNIT_ACTION_STATES: Partial<Record<MatterAction, readonly UnitStatus[]>> = {
  sign: ['pending'],
  delegate: ['pending', 'signed'],
  report: ['signed'],
  request_extension: ['signed'],
  request_completion: ['signed'],
};

/** True when a matter in `status` may undergo `action` at all (ignoring who asks). */
export function canTransition(status: MatterStatus, action: MatterAction): boolean {
  return TRANSITIONS[action].from.includes(status);
}

/**
 * The actions this viewer may take now: the matter's state allows them, the viewer is of a kind
 * that may act, and for unit actions the viewer's unit is in the right state.
 */
export function allowedActions(status: MatterStatus, kinds: ReadonlySet<ActorKind>, unitStatus: UnitStatus | null): MatterAction[] {
  return MATTER_ACTIONS.filter((a) => {
    const t = TRANSITIONS[a];
    if (!t.from.includes(status)) return false;
    if (!t.who.some((k) => kinds.has(k))) return false;
    const needs = UNIT_ACTION_STATES[a];
    if (needs && !(t.who.includes('office') && kinds.has('office'))) return unitStatus !== null && needs.includes(unitStatus);
    return true;
  });
}

/** A parent's progress from its children, weighted (weights ≤ 0 count as 1); 0 without children. */
export function rollupProgress(children: readonly { progress: number; weight: number; cancelled?: boolean }[]): number {
  const live = children.filter((c) => !c.cancelled);
  const total = live.reduce((s, c) => s + (c.weight > 0 ? c.weight : 1), 0);
  if (!total) return 0;
  const sum = live.reduce((s, c) => s + Math.min(100, Math.max(0, c.progress)) * (c.weight > 0 ? c.weight : 1), 0);
  return Math.round((sum / total) * 100) / 100;
}

/** A matter's progress from its units' (同步受理): the average over units, or the lead's alone when it is the only one. */
export function unitsProgress(units: readonly { progress: number }[]): number {
  if (!units.length) return 0;
  return Math.round((units.reduce((s, u) => s + u.progress, 0) / units.length) * 100) / 100;
}

/**
 * The flow of a grid problem (事件/部件案件) as one explicit state machine, after GB/T 30428.8 (立案、处置、结案)
 * and 12345 work-order practice: 上报 → 受理 → 立案 (or 不予立案 with a reason) → 派遣 → 签收 → 处置 → 核查 (by someone
 * other than the handler: pass → 结案, fail → 返工) → 结案 → 回访 (满意/基本满意/不满意; 不满意 reopens once, at the
 * level that closed it). Side paths: 即办 (solved on the spot, at the report), 退回 (wrong dispatch), 延期 (approved),
 * 挂账 (parked with a review date), 上报上级 (beyond this level's power). The server refuses anything else with 409
 * and the reason; the pages offer only what is allowed and say why the rest is not.
 */

export const GRID_STATUSES = ['reported', 'accepted', 'registered', 'dispatched', 'handling', 'handled', 'closed', 'visited', 'rejected', 'parked', 'merged'] as const;
export type GridStatus = (typeof GRID_STATUSES)[number];

export const GRID_STATUS_LABELS: Record<GridStatus, string> = {
  reported: '待受理',
  accepted: '已受理',
  registered: '已立案',
  dispatched: '已派遣',
  handling: '处置中',
  handled: '待核查',
  closed: '已结案',
  visited: '已回访',
  rejected: '不予立案',
  parked: '挂账',
  merged: '已合并',
};

/** Statuses in which the problem is still being worked on: its level's clock runs and it can climb. */
export const GRID_ACTIVE_STATUSES: readonly GridStatus[] = ['reported', 'accepted', 'registered', 'dispatched', 'handling'];
/** Statuses that leave the open set (closed_at set). */
export const GRID_FINISHED_STATUSES: readonly GridStatus[] = ['closed', 'visited', 'rejected', 'merged'];

/** The platform levels a problem climbs (五级联动): cell → community → street → district → city. */
export const HOLD_LEVELS = ['cell', 'community', 'street', 'district', 'city'] as const;
export type HoldLevel = (typeof HOLD_LEVELS)[number];

export const HOLD_LEVEL_LABELS: Record<HoldLevel, string> = { cell: '网格', community: '社区', street: '街道', district: '区级', city: '市级' };

/** The level that holds a problem first, from the level of the cell it lies in (none: the district queue). */
export function holdLevelOfCell(cellLevel: number | null): HoldLevel {
  if (cellLevel === null) return 'district';
  if (cellLevel <= 1) return 'street';
  return cellLevel === 2 ? 'community' : 'cell';
}

/**
 * The next level up, skipping levels the problem's cell has no ancestor at (a cell directly under a street goes
 * from 网格 to 街道); null past the top (市级).
 */
export function nextHoldLevel(level: HoldLevel, present: (l: HoldLevel) => boolean = () => true): HoldLevel | null {
  for (let i = HOLD_LEVELS.indexOf(level) + 1; i < HOLD_LEVELS.length; i++) {
    const l = HOLD_LEVELS[i];
    if (l && present(l)) return l;
  }
  return null;
}

export const GRID_ACTIONS = [
  'accept', // 受理
  'register', // 立案
  'reject', // 不予立案 (reason)
  'dispatch', // 派遣 (to a unit, optionally a person)
  'sign', // 签收
  'return', // 退回 (wrong dispatch, reason)
  'handle', // 处置 (result, after-photos)
  'verify', // 核查 (pass → 结案, fail → 返工)
  'request_extension', // 申请延期
  'decide_extension', // 审批延期
  'escalate', // 上报上级 (超出本级权限, reason)
  'park', // 挂账 (reason, review date)
  'unpark', // 恢复办理
  'visit', // 回访 (rating; 不满意 reopens once)
] as const;
export type GridAction = (typeof GRID_ACTIONS)[number];

/**
 * Who is acting on a problem: the district platform (office), the platform of the level holding it (level: the
 * community's or street's staff, the cell's 网格长), the unit it was dispatched to (handler), someone who may check
 * the handling on site (checker: the cell's 网格长 or 监督员, an inspector).
 */
export type GridActorKind = 'office' | 'level' | 'handler' | 'checker';

const PLATFORM: readonly GridActorKind[] = ['level', 'office'];

export const GRID_TRANSITIONS: Record<GridAction, { from: readonly GridStatus[]; to: GridStatus | null; who: readonly GridActorKind[]; label: string }> = {
  accept: { from: ['reported'], to: 'accepted', who: PLATFORM, label: '受理' },
  register: { from: ['accepted'], to: 'registered', who: PLATFORM, label: '立案' },
  reject: { from: ['reported', 'accepted'], to: 'rejected', who: PLATFORM, label: '不予立案' },
  dispatch: { from: ['registered'], to: 'dispatched', who: PLATFORM, label: '派遣' },
  sign: { from: ['dispatched'], to: 'handling', who: ['handler'], label: '签收' },
  return: { from: ['dispatched', 'handling'], to: 'registered', who: ['handler'], label: '退回' },
  handle: { from: ['handling'], to: 'handled', who: ['handler'], label: '处置' },
  verify: { from: ['handled'], to: null, who: ['checker', ...PLATFORM], label: '核查' },
  request_extension: { from: ['dispatched', 'handling'], to: null, who: ['handler'], label: '申请延期' },
  decide_extension: { from: ['dispatched', 'handling'], to: null, who: PLATFORM, label: '审批延期' },
  escalate: { from: ['reported', 'accepted', 'registered', 'dispatched', 'handling'], to: null, who: PLATFORM, label: '上报上级' },
  park: { from: ['registered', 'dispatched', 'handling'], to: 'parked', who: PLATFORM, label: '挂账' },
  unpark: { from: ['parked'], to: 'registered', who: PLATFORM, label: '恢复办理' },
  visit: { from: ['closed'], to: 'visited', who: PLATFORM, label: '回访' },
};

/** What besides the status and the viewer's kinds decides whether an action can succeed now. */
export type GridFacts = {
  holdLevel: HoldLevel;
  /** The level above would be past the top (市级, or the last level the tenant has). */
  atTop: boolean;
  extensionPending: boolean;
  /** The account that did the 处置 (核查 must be someone else). */
  handledBy: number | null;
  viewerAccountId: number | null;
};

/** Stable codes of why an allowed action cannot succeed now (HTTP 409 with these codes; messages in errors.ts too). */
export const GRID_BLOCK_CODES = ['grid_verify_by_handler', 'grid_escalation_top', 'grid_extension_pending', 'grid_no_pending_extension'] as const;
export type GridBlockCode = (typeof GRID_BLOCK_CODES)[number];

export type GridBlock = { action: GridAction; code: GridBlockCode; message: string };

/** Why `action` cannot succeed now, or null. */
export function gridActionBlock(action: GridAction, f: GridFacts): GridBlock | null {
  const block = (code: GridBlockCode, message: string): GridBlock => ({ action, code, message });
  switch (action) {
    case 'verify':
      return f.handledBy !== null && f.handledBy === f.viewerAccountId ? block('grid_verify_by_handler', '核查须由处置人以外的人员进行：您是该问题的处置人，请由网格长、监督员或平台其他人员核查') : null;
    case 'escalate':
      return f.atTop ? block('grid_escalation_top', `已在最高层级（${HOLD_LEVEL_LABELS[f.holdLevel]}），不能再向上报送：请在本级办理，或挂账并写明原因`) : null;
    case 'request_extension':
      return f.extensionPending ? block('grid_extension_pending', '已有待审批的延期申请，请等待审批') : null;
    case 'decide_extension':
      return f.extensionPending ? null : block('grid_no_pending_extension', '该问题没有待审批的延期申请');
    default:
      return null;
  }
}

/** The actions the state machine allows this viewer now (before the facts). */
export function gridAllowedActions(status: GridStatus, kinds: ReadonlySet<GridActorKind>): GridAction[] {
  return GRID_ACTIONS.filter((a) => {
    const t = GRID_TRANSITIONS[a];
    return t.from.includes(status) && t.who.some((k) => kinds.has(k));
  });
}

// "Nothing to approve" is not news; the others are worth telling the viewer.
const EXPLAINED: readonly GridBlockCode[] = ['grid_verify_by_handler', 'grid_escalation_top', 'grid_extension_pending'];

/** The actions that can succeed now and, for the others worth explaining, why not. */
export function gridAvailableActions(status: GridStatus, kinds: ReadonlySet<GridActorKind>, facts: GridFacts): { available: GridAction[]; blocked: GridBlock[] } {
  const available: GridAction[] = [];
  const blocked: GridBlock[] = [];
  for (const a of gridAllowedActions(status, kinds)) {
    const b = gridActionBlock(a, facts);
    if (!b) available.push(a);
    else if (EXPLAINED.includes(b.code)) blocked.push(b);
  }
  return { available, blocked };
}

/** Why the state machine refuses: the viewer is not someone who may (403) or the status does not allow it (409). */
export function gridRefusal(action: GridAction, status: GridStatus, kinds: ReadonlySet<GridActorKind>): { code: 'forbidden' | 'invalid_transition'; message: string } | null {
  const t = GRID_TRANSITIONS[action];
  const stateOk = t.from.includes(status);
  const whoOk = t.who.some((k) => kinds.has(k));
  if (stateOk && whoOk) return null;
  if (stateOk) {
    const who = t.who.includes('handler') && !t.who.includes('level') ? '被派遣的单位' : t.who.includes('checker') ? '网格长、监督员或该问题所在层级的平台' : '该问题所在层级的平台';
    return { code: 'forbidden', message: `“${t.label}”须由${who}办理` };
  }
  return { code: 'invalid_transition', message: `问题当前为“${GRID_STATUS_LABELS[status]}”，不能${t.label}` };
}

/** The stage whose time limit runs in a status (null: no stage clock). */
export const STAGE_OF_STATUS: Partial<Record<GridStatus, GridStage>> = {
  reported: 'accept',
  accepted: 'register',
  registered: 'dispatch',
  dispatched: 'sign',
  handling: 'handle',
  handled: 'verify',
  closed: 'visit',
};

/** Stages with a time limit: the flow's steps, and how long each level may hold a problem before it climbs. */
export const GRID_STAGES = ['accept', 'register', 'dispatch', 'sign', 'handle', 'verify', 'visit', 'hold_cell', 'hold_community', 'hold_street', 'hold_district', 'hold_city'] as const;
export type GridStage = (typeof GRID_STAGES)[number];

export const GRID_STAGE_LABELS: Record<GridStage, string> = {
  accept: '受理',
  register: '立案',
  dispatch: '派遣',
  sign: '签收',
  handle: '处置',
  verify: '核查',
  visit: '回访',
  hold_cell: '网格办理',
  hold_community: '社区办理',
  hold_street: '街道办理',
  hold_district: '区级办理',
  hold_city: '市级办理',
};

export const holdStage = (level: HoldLevel): GridStage => `hold_${level}`;

export const GRID_RATINGS = ['satisfied', 'basic', 'unsatisfied'] as const;
export type GridRating = (typeof GRID_RATINGS)[number];
export const GRID_RATING_LABELS: Record<GridRating, string> = { satisfied: '满意', basic: '基本满意', unsatisfied: '不满意' };

/** 不满意 reopens the problem once, at the level that closed it; a second 不满意 is recorded and stays closed. */
export function visitReopens(rating: GridRating, reopenCount: number): boolean {
  return rating === 'unsatisfied' && reopenCount === 0;
}

export const GRID_URGENCIES = ['normal', 'urgent', 'critical'] as const;
export type GridUrgency = (typeof GRID_URGENCIES)[number];
export const GRID_URGENCY_LABELS: Record<GridUrgency, string> = { normal: '一般', urgent: '紧急', critical: '特急' };

export const GRID_SOURCES = ['grid', 'citizen', 'hotline', 'office', 'open311'] as const;
export type GridSource = (typeof GRID_SOURCES)[number];
export const GRID_SOURCE_LABELS: Record<GridSource, string> = { grid: '网格上报', citizen: '群众上报', hotline: '12345热线', office: '平台录入', open311: 'Open311' };

/**
 * The colour of a problem's clock, like a matter's: red past the deadline, yellow in the last quarter of its
 * working time (at least the last working hour), green otherwise; null without a clock.
 */
export function gridClockColour(minutesLeft: number | null, totalMinutes: number | null): 'red' | 'yellow' | 'green' | null {
  if (minutesLeft === null) return null;
  if (minutesLeft < 0) return 'red';
  const warn = Math.max(60, (totalMinutes ?? 0) / 4);
  return minutesLeft <= warn ? 'yellow' : 'green';
}

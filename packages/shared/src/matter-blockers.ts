import type { MatterAction } from './matter-lifecycle';

/**
 * What, beyond its state and the viewer's role, decides whether an action can succeed now. The state machine
 * (allowedActions) knows the states; these facts know the matter's parts: its open sub-matters and its pending
 * extension requests.
 */
export type ActionFacts = {
  /** Numbers of the sub-matters not yet closed, archived or cancelled. */
  openChildNumbers: readonly string[];
  /** Units with an extension request waiting for the office (0 for one filed without a unit). */
  pendingExtensionUnitIds: readonly number[];
  /** Units whose part is still open (to sign or signed, not yet asked to finish): what 单位办结/改派 can act on. */
  openUnitIds: readonly number[];
};

export const NO_FACTS: ActionFacts = { openChildNumbers: [], pendingExtensionUnitIds: [], openUnitIds: [] };

/** Stable codes of why an action the state machine allows cannot succeed now (HTTP 409 with these codes). */
export const ACTION_BLOCK_CODES = ['no_pending_extension', 'extension_already_pending', 'sub_matters_open', 'no_open_unit'] as const;
export type ActionBlockCode = (typeof ACTION_BLOCK_CODES)[number];

/** Chinese messages of the block codes, without the details a particular matter adds. */
export const ACTION_BLOCK_MESSAGES: Record<ActionBlockCode, string> = {
  no_pending_extension: '该事项没有待审批的延期申请',
  extension_already_pending: '本单位已有待审批的延期申请，请等待督查办审批',
  sub_matters_open: '子事项尚未全部办结',
  no_open_unit: '没有尚在办理的单位：各单位均已申请办结或已办结',
};

export type ActionBlock = { action: MatterAction; code: ActionBlockCode; message: string };

function openChildren(facts: ActionFacts): string {
  const n = facts.openChildNumbers;
  const shown = n.slice(0, 3).join('、');
  return `${ACTION_BLOCK_MESSAGES.sub_matters_open}（${n.length} 项未办结：${shown}${n.length > 3 ? ' 等' : ''}）`;
}

/**
 * Why `action` cannot succeed now given the matter's parts, or null when nothing stands in its way.
 * `viewerUnitId` is the viewer's unit on the matter (for the unit's own requests).
 */
export function actionBlock(action: MatterAction, facts: ActionFacts, viewerUnitId: number | null): ActionBlock | null {
  const block = (code: ActionBlockCode, message = ACTION_BLOCK_MESSAGES[code]): ActionBlock => ({ action, code, message });
  switch (action) {
    case 'decide_extension':
      return facts.pendingExtensionUnitIds.length ? null : block('no_pending_extension');
    case 'request_extension':
      return viewerUnitId !== null && facts.pendingExtensionUnitIds.includes(viewerUnitId) ? block('extension_already_pending') : null;
    case 'request_completion':
      return facts.openChildNumbers.length ? block('sub_matters_open', `${openChildren(facts)}，不能申请办结`) : null;
    case 'accept_completion':
      return facts.openChildNumbers.length ? block('sub_matters_open', `${openChildren(facts)}，不能审核办结`) : null;
    case 'settle_unit':
      return facts.openUnitIds.length ? null : block('no_open_unit');
    default:
      return null;
  }
}

// Blocks worth telling the viewer about when the action is not offered: "nothing to approve" is not news.
const EXPLAINED: readonly ActionBlockCode[] = ['extension_already_pending', 'sub_matters_open'];

/**
 * Splits the actions the state machine allows into those that can succeed now and, for the others worth
 * explaining, why not. The server computes both for the matter page; the UI offers only `available`.
 */
export function availableActions(allowed: readonly MatterAction[], facts: ActionFacts, viewerUnitId: number | null): { available: MatterAction[]; blocked: ActionBlock[] } {
  const available: MatterAction[] = [];
  const blocked: ActionBlock[] = [];
  for (const a of allowed) {
    const b = actionBlock(a, facts, viewerUnitId);
    if (!b) available.push(a);
    else if (EXPLAINED.includes(b.code)) blocked.push(b);
  }
  return { available, blocked };
}

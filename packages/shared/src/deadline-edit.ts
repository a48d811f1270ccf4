/**
 * What an edit (修改) does to a matter's deadline once an extension was approved.
 * - `unchanged`: the edit sends the current deadline (or one that counts to it).
 * - `kept`: the edit sends a deadline the matter had before an approved extension — a stale form
 *   or an import replaying old data; the extension stands and the edit's other fields are saved.
 * - `changed`: a deliberate move; after an approved extension it carries its own reason.
 * - `reason_required`: a move after an approved extension without a reason is refused.
 */
export type DeadlineEditDecision =
  | { kind: 'unchanged' }
  | { kind: 'kept' }
  | { kind: 'changed'; reason: string | null; afterExtension: boolean }
  | { kind: 'reason_required' };

/**
 * Decides an edit's deadline. `supersededByExtension` lists the deadlines approved extensions
 * replaced (each approved request's previous deadline); empty when none was approved.
 */
export function decideDeadlineEdit(p: { current: string; requested: string; supersededByExtension: readonly string[]; reason?: string | null }): DeadlineEditDecision {
  if (p.requested === p.current) return { kind: 'unchanged' };
  const reason = p.reason?.trim() || null;
  if (p.supersededByExtension.length === 0) return { kind: 'changed', reason, afterExtension: false };
  if (reason) return { kind: 'changed', reason, afterExtension: true };
  if (p.supersededByExtension.includes(p.requested)) return { kind: 'kept' };
  return { kind: 'reason_required' };
}

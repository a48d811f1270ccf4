import { worstColour, type WarningColour } from './warning-colours';
import type { WarningReason } from './warning-reasons';

/** An open child as the roll-up reads it: its title and its colour with reasons, as last decided. */
export type RollUpChild = { title: string; colour: WarningColour | null; colour_reasons: readonly WarningReason[] | null };

/**
 * A parent's colour from its open children (上级事项取子事项中最严重的颜色): the worst, with that
 * child's reasons, each naming the child in its text and carrying it in `child` for the reminders.
 */
export function rollUpColour(children: readonly RollUpChild[]): { colour: WarningColour | null; reasons: WarningReason[] } {
  const colour = worstColour(children.map((c) => c.colour));
  const worst = children.find((c) => c.colour === colour);
  const title = worst?.title ?? '';
  const reasons = (worst?.colour_reasons ?? []).map((r) => ({ ...r, text: `子事项“${title}”：${r.text}`, child: { title, text: r.text } }));
  return { colour, reasons };
}

import { addDays, evaluateColour, shanghaiInstant, type MatterFacts, type WarningColour, type WorkCalendar } from '@duban/shared';

/** Days of colour history the demo replays before today (eight weekly reports' worth). */
const HISTORY_DAYS = 56;
// The sweep's morning run (Asia/Shanghai), when colours change in a real deployment.
const SWEEP_MINUTE = 7 * 60 + 30;

/** One colour change as the sweep would have written it. */
export type PastColour = { from: WarningColour | null; to: WarningColour | null; reasons: string; at: Date };

/**
 * The colour changes an open demo matter would have gone through over the past weeks had the daily
 * sweep been running: its colour replayed each morning with the reports made by then, ending in
 * `current` (its colour now). Gives the weekly report and the cockpit a warning history to count.
 */
export function pastColours(facts: MatterFacts, reportTimes: readonly Date[], today: string, now: Date, cal: WorkCalendar, current: WarningColour | null): PastColour[] {
  const out: PastColour[] = [];
  let colour: WarningColour | null = null;
  const sorted = [...reportTimes].sort((a, b) => a.getTime() - b.getTime());
  for (let d = HISTORY_DAYS; d >= 1; d--) {
    const at = shanghaiInstant(addDays(today, -d), SWEEP_MINUTE);
    if (!facts.assignedAt || facts.assignedAt > at) continue;
    const before = sorted.filter((r) => r <= at);
    const last = before.at(-1) ?? null;
    // Progress then: the share of its reports made by then (each report climbs towards today's figure).
    const progress = sorted.length ? Math.round((facts.progress * before.length) / sorted.length) : facts.progress;
    const c = evaluateColour({ ...facts, progress, lastReportAt: last, lastProgressIncreaseAt: last }, at, cal);
    const to = c.colour;
    if (to !== colour) {
      out.push({ from: colour, to, reasons: JSON.stringify(c.reasons.map((r) => ({ code: r.code, colour: r.colour, text: r.text }))), at });
      colour = to;
    }
  }
  if (current !== colour) out.push({ from: colour, to: current, reasons: '[]', at: new Date(now.getTime() - 60_000) });
  return out;
}

import { fromDayNumber, isIsoDate, MATTER_SOURCE_LABELS, MATTER_SOURCES, PRIORITIES, PRIORITY_LABELS, REPORT_CADENCE_LABELS, REPORT_CADENCES } from '@duban/shared';

// Reading what people type into Excel cells: dates in every common spelling, labels for codes.

/** 2026-11-20, 2026/11/20, 2026.11.20, 2026年11月20日 or an Excel serial day → 'YYYY-MM-DD'; null when none of these. */
export function parseDate(text: string): string | null {
  const t = text.trim();
  if (/^\d{5}(\.\d+)?$/.test(t)) {
    const serial = Math.floor(Number(t));
    // Excel's day 0 is 1899-12-30 (its 1900 leap-year bug included); 25569 is 1970-01-01.
    return serial > 20000 && serial < 80000 ? fromDayNumber(serial - 25569) : null;
  }
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(t) ?? /^(\d{4})-(\d{2})-(\d{2})T[\d:.]+Z?$/.exec(t);
  if (!m) return null;
  const iso = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  return isIsoDate(iso) ? iso : null;
}

/** A decimal number, or null for anything else (units like "万元" are not accepted silently). */
export function parseNumber(text: string): number | null {
  const t = text.replace(/,/g, '').trim();
  return /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : null;
}

function byLabel<T extends string>(codes: readonly T[], labels: Record<T, string>, text: string): T | null {
  const t = text.trim();
  for (const c of codes) {
    if (c === t || labels[c] === t || labels[c].split('/').includes(t)) return c;
  }
  return null;
}

export const parseSource = (t: string) => byLabel(MATTER_SOURCES, MATTER_SOURCE_LABELS, t);
export const parsePriority = (t: string) => byLabel(PRIORITIES, PRIORITY_LABELS, t);
export const parseCadence = (t: string) => byLabel(REPORT_CADENCES, REPORT_CADENCE_LABELS, t);

/** Names separated by 、 , ， ; ； or new lines. */
export function splitNames(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[、,，;；\n]/)
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
}

/** "2026-12-01 50% 完成拆迁；2026-12-20 100%" → milestones, or the text of the first part that is not one. */
export function parseMilestones(text: string): { ok: true; value: { date: string; plannedProgress: number; description: string }[] } | { ok: false; bad: string } {
  const value: { date: string; plannedProgress: number; description: string }[] = [];
  for (const part of text.split(/[；;\n]/).map((s) => s.trim()).filter(Boolean)) {
    const m = /^(\S+)\s+(\d+(?:\.\d+)?)\s*%?\s*(.*)$/.exec(part);
    const date = m ? parseDate(m[1]!) : null;
    if (!m || !date) return { ok: false, bad: part };
    value.push({ date, plannedProgress: Number(m[2]), description: m[3]!.trim() });
  }
  return { ok: true, value };
}

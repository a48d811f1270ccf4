import dayjs from 'dayjs';
import type { MatterFormValues } from './matterBody';

/** A half-typed 登记 kept in the browser: the form's values with dates as YYYY-MM-DD, and when it was last typed in. */
export type RegistrationDraft = { savedAt: string; values: Record<string, unknown> };

const DATE_FIELDS = ['startDate', 'deadline'] as const;
const day = (v: unknown) => (dayjs.isDayjs(v) ? v.format('YYYY-MM-DD') : v);

/**
 * Form values → a JSON-safe draft. Uploaded files are left out: they belong to no matter until it is saved,
 * so a restored draft asks for them again.
 */
export function toDraft(values: Partial<MatterFormValues>, now: Date): RegistrationDraft {
  const { attachmentIds: _files, ...rest } = values;
  const out: Record<string, unknown> = { ...rest };
  for (const f of DATE_FIELDS) if (f in out) out[f] = day(out[f]);
  if (Array.isArray(rest.milestones)) out.milestones = rest.milestones.map((m) => ({ ...m, date: day(m?.date) }));
  return { savedAt: now.toISOString(), values: out };
}

const asDay = (v: unknown) => (typeof v === 'string' && dayjs(v).isValid() ? dayjs(v) : undefined);

/** A stored draft → values to put back into the form (dates as dayjs again); null for anything unreadable. */
export function fromDraft(text: string | null): RegistrationDraft | null {
  if (!text) return null;
  try {
    const d: unknown = JSON.parse(text);
    if (!d || typeof d !== 'object' || !('values' in d) || !('savedAt' in d) || typeof d.savedAt !== 'string') return null;
    const v = d.values;
    if (!v || typeof v !== 'object') return null;
    const values: Record<string, unknown> = { ...v };
    for (const f of DATE_FIELDS) if (f in values) values[f] = asDay(values[f]);
    if (Array.isArray(values.milestones)) {
      values.milestones = values.milestones.map((m: unknown) => (m && typeof m === 'object' ? { ...m, date: 'date' in m ? (asDay(m.date) ?? null) : null } : m));
    }
    return { savedAt: d.savedAt, values };
  } catch {
    return null;
  }
}

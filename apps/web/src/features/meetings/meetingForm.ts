import type { MeetingDetail, MeetingKind, MeetingCreateInput } from '@duban/shared';
import type { FormInstance } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import i18n from 'i18next';
import { ApiError } from '../../api/client';

export type DecisionRow = { id?: number; content?: string; unitId?: number; deadline?: Dayjs; problemId?: number | null; settled?: boolean };
export type MeetingFormValues = {
  kind: MeetingKind;
  title: string;
  heldOn: Dayjs;
  convenorPersonId?: number | null;
  convenorUnitId?: number | null;
  present: number[];
  absent: number[];
  problemIds: number[];
  minutes?: string;
  decisions: DecisionRow[];
};

/** The form's values for a new meeting of `kind`, or for editing `m`. */
export function initialMeetingValues(m: MeetingDetail | undefined, kind: MeetingKind): Partial<MeetingFormValues> {
  if (!m) return { kind, heldOn: dayjs(), present: [], absent: [], problemIds: [], minutes: '', decisions: [{}] };
  return {
    kind: m.kind,
    title: m.title,
    heldOn: dayjs(m.heldOn),
    convenorPersonId: m.convenorPersonId,
    convenorUnitId: m.convenorUnitId,
    present: m.units.filter((u) => u.present).map((u) => u.unitId),
    absent: m.units.filter((u) => !u.present).map((u) => u.unitId),
    problemIds: m.referred.map((p) => p.id),
    minutes: m.minutes,
    decisions: m.items.map((d) => ({ id: d.id, content: d.content, unitId: d.unitId, deadline: dayjs(d.deadline), problemId: d.problemId, settled: d.status === 'done' || d.matterId !== null })),
  };
}

/** The request body from the form: a unit listed both present and absent counts as present; empty decision rows are left out. */
export function toMeetingBody(v: MeetingFormValues): MeetingCreateInput {
  const present = [...new Set(v.present ?? [])];
  const absent = [...new Set(v.absent ?? [])].filter((u) => !present.includes(u));
  const problemIds = v.kind === 'joint' ? (v.problemIds ?? []) : [];
  return {
    kind: v.kind,
    title: v.title.trim(),
    heldOn: v.heldOn.format('YYYY-MM-DD'),
    convenorPersonId: v.convenorPersonId ?? null,
    convenorUnitId: v.convenorUnitId ?? null,
    minutes: v.minutes ?? '',
    units: [...present.map((unitId) => ({ unitId, present: true })), ...absent.map((unitId) => ({ unitId, present: false }))],
    problemIds,
    decisions: (v.decisions ?? [])
      .filter((d) => d.content?.trim() || d.unitId || d.deadline)
      .map((d) => ({
        ...(d.id ? { id: d.id } : {}),
        content: (d.content ?? '').trim(),
        unitId: d.unitId ?? 0,
        deadline: d.deadline ? d.deadline.format('YYYY-MM-DD') : '',
        problemId: d.problemId && problemIds.includes(d.problemId) ? d.problemId : null,
      })),
  };
}

// Where the server's field paths land in this form: units.N → the attendance lists, decisions.N.x → the row's input.
function formName(field: string, v: Partial<MeetingFormValues>): (string | number)[] | null {
  const [top, index, leaf] = field.split('.');
  if (top === 'units') return ['present'];
  if (top === 'problemIds') return ['problemIds'];
  if (top === 'decisions' && index !== undefined && /^\d+$/.test(index)) return leaf && leaf !== 'id' ? ['decisions', Number(index), leaf] : null;
  return top && top in v ? [top] : null;
}

/** Puts the server's field problems under their inputs (decision rows included); returns the message for the rest. */
export function applyMeetingErrors(form: FormInstance, err: unknown): string {
  if (!(err instanceof ApiError)) return err instanceof Error ? err.message : String(err);
  const values: Partial<MeetingFormValues> = form.getFieldsValue(true);
  const placed = new Map<string, { name: (string | number)[]; errors: string[] }>();
  const rest: string[] = [];
  for (const issue of err.fieldIssues) {
    const name = formName(issue.field, values);
    if (!name) {
      rest.push(issue.message);
      continue;
    }
    const key = name.join('.');
    placed.set(key, { name, errors: [...(placed.get(key)?.errors ?? []), issue.message] });
  }
  form.setFields([...placed.values()]);
  return placed.size && !rest.length ? i18n.t('common.fixFields') : rest.length ? rest.join('；') : err.message;
}

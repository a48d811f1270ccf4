import { traceRefKind, type TraceNames } from '@duban/shared';
import i18n from 'i18next';
import { formatTime } from '../../components/format';
import { labelOf, type EnumKind } from '../../i18n/enumLabels';

/** Traced fields that hold a code of a shared enum, shown by its label. */
const ENUM_FIELDS: Record<string, EnumKind> = {
  status: 'status',
  unitStatus: 'unitStatus',
  source: 'source',
  priority: 'priority',
  reportCadence: 'cadence',
  finding: 'finding',
  role: 'unitRole',
  roles: 'role',
  colour: 'colour',
  kind: 'unitKind',
  rank: 'rank',
};

/** Internal ids with no name a person could read (the objects they point at appear in the trace themselves). */
export const HIDDEN_TRACE_FIELDS = new Set(['version', 'extensionId', 'completionId', 'completionRequestIds', 'urgeId', 'reportId', 'attachmentIds', 'noticeId']);

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

type Milestone = { date?: unknown; plannedProgress?: unknown; description?: unknown };
const isMilestone = (v: unknown): v is Milestone => !!v && typeof v === 'object' && 'date' in v && 'plannedProgress' in v;

/** One traced value as a person reads it: names for ids, labels for codes, dates as dates, milestones as a list. */
export function formatTraceValue(entityType: string, field: string, value: unknown, names: TraceNames | undefined): string {
  const empty = i18n.t('trace.empty');
  if (value === null || value === undefined || value === '') return empty;
  if (Array.isArray(value)) {
    if (!value.length) return empty;
    if (value.every(isMilestone)) {
      return value.map((m) => i18n.t('trace.milestone', { date: String(m.date), planned: String(m.plannedProgress), description: m.description ? ` ${String(m.description)}` : '' })).join('；');
    }
    return value.map((v) => formatTraceValue(entityType, field, v, names)).join('、');
  }
  if (typeof value === 'boolean') return i18n.t(value ? 'trace.yes' : 'trace.no');
  const refKind = traceRefKind(entityType, field);
  if (refKind && typeof value === 'object' && 'personId' in value) {
    // A notice recipient: the person, with the role the notice addressed them by.
    const role = 'roleLabel' in value && value.roleLabel ? `（${String(value.roleLabel)}）` : '';
    return `${formatTraceValue(entityType, field, value.personId, names)}${role}`;
  }
  if (refKind && (typeof value === 'number' || typeof value === 'string')) return names?.[refKind][String(value)] ?? `#${String(value)}`;
  const enumKind = ENUM_FIELDS[field];
  if (enumKind && typeof value === 'string') return labelOf(enumKind, value);
  if (typeof value === 'string' && ISO_INSTANT.test(value)) return formatTime(value);
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

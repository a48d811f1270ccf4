import type { MatterListItem } from '@duban/shared';
import type { Matter } from './matter.table';

/** A matter row with the names the ledger joins to it. */
export type MatterRowWithNames = Matter & {
  lead_unit_name: string;
  lead_leader_name: string | null;
  category_name: string | null;
  co_unit_names: string[] | null;
  child_count: number | null;
};

/** The matter columns a ledger row shows (presentListItem); the ledger selects only these, not the whole row. */
export const LIST_ITEM_COLUMNS = [
  'id',
  'number',
  'title',
  'source',
  'category_id',
  'lead_leader_id',
  'lead_unit_id',
  'start_date',
  'deadline',
  'original_deadline',
  'deadline_provisional',
  'status',
  'progress',
  'priority',
  'colour',
  'colour_reasons',
  'parent_id',
  'last_report_at',
  'created_at',
  'closed_at',
  'version',
] as const satisfies readonly (keyof Matter)[];

/** What presentListItem reads: the listed columns and the joined names. */
export type ListItemRow = Pick<MatterRowWithNames, (typeof LIST_ITEM_COLUMNS)[number] | 'lead_unit_name' | 'lead_leader_name' | 'category_name' | 'co_unit_names' | 'child_count'>;

const iso = (d: Date | string | null): string | null => (d === null ? null : d instanceof Date ? d.toISOString() : new Date(d).toISOString());

/** A ledger row as the API shows it (also the head of the matter page). */
export function presentListItem(m: ListItemRow): MatterListItem {
  return {
    id: m.id,
    number: m.number,
    title: m.title,
    source: m.source,
    categoryId: m.category_id,
    categoryName: m.category_name,
    leadLeaderId: m.lead_leader_id,
    leadLeaderName: m.lead_leader_name,
    leadUnitId: m.lead_unit_id,
    leadUnitName: m.lead_unit_name,
    coUnitNames: m.co_unit_names ?? [],
    startDate: m.start_date,
    deadline: m.deadline,
    originalDeadline: m.original_deadline,
    deadlineProvisional: m.deadline_provisional,
    status: m.status,
    progress: Number(m.progress),
    priority: m.priority,
    colour: m.colour,
    colourReasons: (m.colour_reasons ?? []).map((r) => ({ code: r.code, colour: r.colour, text: r.text })),
    parentId: m.parent_id,
    childCount: Number(m.child_count ?? 0),
    lastReportAt: iso(m.last_report_at),
    createdAt: iso(m.created_at) ?? '',
    closedAt: iso(m.closed_at),
    version: m.version,
  };
}

/** What the trace keeps of a matter: its editable fields and state, not its joins. */
export function traceMatter(m: Matter): Record<string, unknown> {
  return {
    number: m.number,
    title: m.title,
    content: m.content,
    source: m.source,
    sourceDoc: m.source_doc,
    categoryId: m.category_id,
    leadLeaderId: m.lead_leader_id,
    leadUnitId: m.lead_unit_id,
    startDate: m.start_date,
    deadline: m.deadline,
    originalDeadline: m.original_deadline,
    deadlineWorkdays: m.deadline_workdays,
    reportCadence: m.report_cadence,
    priority: m.priority,
    difficulty: Number(m.difficulty),
    workload: Number(m.workload),
    weight: Number(m.weight),
    status: m.status,
    progress: Number(m.progress),
    parentId: m.parent_id,
    version: m.version,
  };
}

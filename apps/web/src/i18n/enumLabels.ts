import {
  CALENDAR_KIND_LABELS,
  CHANNEL_LABELS,
  COLOUR_LABELS,
  DELIVERY_STATUS_LABELS,
  INSPECTION_FINDING_LABELS,
  MATTER_SOURCE_LABELS,
  MATTER_STATUS_LABELS,
  PRIORITY_LABELS,
  RANK_LABELS,
  REPORT_CADENCE_LABELS,
  REPORT_KIND_LABELS,
  ROLE_LABELS,
  TRACE_ENTITY_LABELS,
  TRANSITIONS,
  UNIT_KIND_LABELS,
  UNIT_ROLE_LABELS,
  UNIT_STATUS_LABELS,
  WORKBENCH_SECTION_LABELS,
  type MatterAction,
  type WarningColour,
} from '@duban/shared';
import i18n from 'i18next';

// Object.fromEntries forgets the key type; the keys are exactly those of `o`.
const mapValues = <K extends string, V>(o: Record<K, V>, f: (v: V) => string): Record<K, string> =>
  Object.fromEntries(Object.entries<V>(o).map(([k, v]) => [k, f(v)])) as Record<K, string>;

/** The Chinese labels of the shared enums, taken from the shared tables (the one source), as i18n keys `enum.<kind>.<value>`. */
export const ENUM_ZH = {
  source: MATTER_SOURCE_LABELS,
  status: MATTER_STATUS_LABELS,
  priority: PRIORITY_LABELS,
  unitRole: UNIT_ROLE_LABELS,
  unitStatus: UNIT_STATUS_LABELS,
  finding: INSPECTION_FINDING_LABELS,
  cadence: REPORT_CADENCE_LABELS,
  action: mapValues<MatterAction, { label: string }>(TRANSITIONS, (t) => t.label),
  role: ROLE_LABELS,
  colour: mapValues<WarningColour, { label: string }>(COLOUR_LABELS, (c) => c.label),
  colourMeaning: mapValues<WarningColour, { meaning: string }>(COLOUR_LABELS, (c) => c.meaning),
  channel: CHANNEL_LABELS,
  deliveryStatus: DELIVERY_STATUS_LABELS,
  unitKind: UNIT_KIND_LABELS,
  rank: RANK_LABELS,
  reportKind: REPORT_KIND_LABELS,
  calendarKind: CALENDAR_KIND_LABELS,
  workbenchSection: WORKBENCH_SECTION_LABELS,
  traceEntity: TRACE_ENTITY_LABELS,
} as const;

export type EnumKind = keyof typeof ENUM_ZH;
type EnumTable<K extends EnumKind> = Record<keyof (typeof ENUM_ZH)[K], string>;

/** English for every value of ENUM_ZH; the types make a new shared value fail typecheck until it has English. */
export const ENUM_EN: { [K in EnumKind]: EnumTable<K> } = {
  source: {
    superior: 'Assigned from above',
    leader_instruction: 'Leader’s instruction',
    key_work: 'Key work',
    major_project: 'Major project',
    meeting: 'Meeting decision',
    citizen: 'Citizen letter / message',
    npc_cppcc: 'NPC suggestion / CPPCC proposal',
    grid: 'Grid report',
    rectification: 'Rectification',
  },
  status: {
    registered: 'Registered',
    assigned: 'Assigned',
    in_progress: 'In progress',
    completion_requested: 'Completion requested',
    closed: 'Closed',
    archived: 'Archived',
    cancelled: 'Cancelled',
  },
  priority: { normal: 'Normal', high: 'Important', urgent: 'Urgent' },
  unitRole: { lead: 'Lead unit', co: 'Co-unit' },
  unitStatus: { pending: 'To sign', signed: 'In progress', completion_requested: 'Completion requested', completed: 'Completed' },
  finding: { confirms: 'Confirmed (matches the report)', disputes: 'Disputed (differs from the report)', problem: 'Problem found' },
  cadence: { none: 'As needed', weekly: 'Weekly', biweekly: 'Every two weeks', monthly: 'Monthly' },
  action: {
    edit: 'Edit',
    assign: 'Assign',
    sign: 'Sign for',
    delegate: 'Name handlers',
    report: 'Report progress',
    request_extension: 'Request extension',
    decide_extension: 'Decide extension',
    request_completion: 'Request completion',
    accept_completion: 'Review completion',
    return: 'Return',
    rate: 'Rate',
    archive: 'Archive',
    cancel: 'Cancel matter',
    urge: 'Urge',
    issue_notice: 'Supervision notice',
    inspect: 'Field inspection',
    decompose: 'Split',
    settle_unit: 'Close or reassign a unit',
  },
  role: {
    sysadmin: 'System administrator',
    secadmin: 'Security administrator',
    auditor: 'Audit administrator',
    supervisor: 'Supervision office',
    leader: 'Leader',
    unit_head: 'Unit head',
    liaison: 'Liaison',
    handler: 'Handler',
    inspector: 'Inspector',
    grid_leader: 'Grid leader',
  },
  colour: { green: 'Green', yellow: 'Yellow', blue: 'Blue', red: 'Red' },
  colourMeaning: { green: 'On track', yellow: 'Behind schedule', blue: 'Stalled', red: 'Overdue' },
  channel: {
    inbox: 'In-app message',
    'wecom-robot': 'WeCom group robot',
    'wecom-app': 'WeCom app message',
    'dingtalk-robot': 'DingTalk group robot',
    sms: 'SMS',
    email: 'Email',
  },
  deliveryStatus: { pending: 'Pending', sending: 'Sending', sent: 'Sent', retrying: 'Retrying', failed: 'Failed', dead: 'Given up' },
  unitKind: {
    party: 'Party department',
    government: 'Government department',
    department: 'District agency',
    street: 'Sub-district office',
    town: 'Township',
    npc_cppcc: 'NPC / CPPCC',
    enterprise: 'State-owned enterprise',
    division: 'Division / section',
    other: 'Other',
  },
  rank: {
    county_principal: 'Division head',
    county_deputy: 'Deputy division head',
    section_principal: 'Section head',
    section_deputy: 'Deputy section head',
    staff: 'Staff',
    other: 'Other',
  },
  reportKind: { weekly: 'Weekly supervision report', inspection: 'Inspection report' },
  calendarKind: { holiday: 'Holiday', workday: 'Make-up workday', closure: 'Unit closure' },
  workbenchSection: {
    to_sign: 'To sign for',
    to_report: 'Progress due',
    to_review_completion: 'Completions to review',
    to_approve_extension: 'Extensions to decide',
    notices_to_acknowledge: 'Notices to sign for',
    overdue: 'Overdue',
  },
  traceEntity: {
    account: 'Account',
    api_token: 'API token',
    unit: 'Unit',
    person: 'Person',
    tenant: 'Tenant',
    org: 'Organisation',
    grid_cell: 'Grid cell',
    grid: 'Grid management',
    grid_problem: 'Grid problem',
    calendar: 'Work calendar',
    settings: 'System settings',
    notify_settings: 'Notification settings',
    delivery: 'Delivery',
    attachment: 'Attachment',
    notice: 'Supervision notice',
    inspection: 'Field inspection',
    inspection_campaign: 'Inspection campaign',
    matter: 'Supervised matter',
    category: 'Matter category',
    report: 'Supervision report',
    assessment_rule_book: 'Assessment rule book',
    assessment_period: 'Assessment period',
    assessment_tolerance: 'Fault-tolerance application',
    assessment_item: 'Assessment bonus or deduction',
    assessment_appeal: 'Assessment review or appeal',
    evaluation_round: 'Division evaluation round',
    meeting: 'Meeting record',
    open311_key: 'Open311 API key',
  },
};

/**
 * The label of a shared enum value in the current language (`enum.<kind>.<value>`); an unknown value
 * shows its Chinese label or the value itself. Call it during render of a component that uses
 * `useTranslation`, so a language switch re-renders it.
 */
export function labelOf(kind: EnumKind, value: string): string {
  const zh: Record<string, string> = ENUM_ZH[kind];
  return i18n.t(`enum.${kind}.${value}`, { defaultValue: zh[value] ?? value });
}

/** Value/label pairs for a Select or Radio group, in the order of `values`. */
export function enumOptions<V extends string>(kind: EnumKind, values: readonly V[]): { value: V; label: string }[] {
  return values.map((value) => ({ value, label: labelOf(kind, value) }));
}

/** Where a matter comes from (来源). 网格上报 and 整改事项 arrive from grid management and assessment. */
export const MATTER_SOURCES = [
  'superior', // 上级交办
  'leader_instruction', // 领导批示
  'key_work', // 重点工作
  'major_project', // 重大项目
  'meeting', // 会议议定事项
  'citizen', // 群众来信/留言
  'npc_cppcc', // 人大建议/政协提案
  'grid', // 网格上报
  'rectification', // 整改事项
] as const;
export type MatterSource = (typeof MATTER_SOURCES)[number];

export const MATTER_SOURCE_LABELS: Record<MatterSource, string> = {
  superior: '上级交办',
  leader_instruction: '领导批示',
  key_work: '重点工作',
  major_project: '重大项目',
  meeting: '会议议定事项',
  citizen: '群众来信/留言',
  npc_cppcc: '人大建议/政协提案',
  grid: '网格上报',
  rectification: '整改事项',
};

export const MATTER_STATUS_LABELS = {
  registered: '立项',
  assigned: '已交办',
  in_progress: '办理中',
  completion_requested: '申请办结',
  closed: '已办结',
  archived: '已归档',
  cancelled: '已撤销',
} as const;

export const PRIORITIES = ['normal', 'high', 'urgent'] as const;
export type Priority = (typeof PRIORITIES)[number];
export const PRIORITY_LABELS: Record<Priority, string> = { normal: '一般', high: '重要', urgent: '紧急' };

/** A unit's part in a matter: 牵头 (lead) or 配合 (co-unit). */
export const UNIT_ROLES = ['lead', 'co'] as const;
export type UnitRole = (typeof UNIT_ROLES)[number];
export const UNIT_ROLE_LABELS: Record<UnitRole, string> = { lead: '牵头单位', co: '配合单位' };

/** Each unit's own progress through a matter (同步受理). */
export const UNIT_STATUSES = ['pending', 'signed', 'completion_requested', 'completed'] as const;
export type UnitStatus = (typeof UNIT_STATUSES)[number];
export const UNIT_STATUS_LABELS: Record<UnitStatus, string> = {
  pending: '待签收',
  signed: '办理中',
  completion_requested: '已申请办结',
  completed: '已办结',
};

/** What a field inspection (现场督查) found. A dispute sends the matter back to its handlers. */
export const INSPECTION_FINDINGS = ['confirms', 'disputes', 'problem'] as const;
export type InspectionFinding = (typeof INSPECTION_FINDINGS)[number];
export const INSPECTION_FINDING_LABELS: Record<InspectionFinding, string> = {
  confirms: '属实（与汇报一致）',
  disputes: '不属实（与汇报不符）',
  problem: '发现问题',
};

export const REQUEST_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

/** Default categories (类别) of a new tenant; an editable dictionary afterwards. */
export const DEFAULT_CATEGORIES = ['民生实事', '项目建设', '信访稳定', '安全生产', '城市管理', '生态环保', '营商环境', '党的建设', '乡村振兴', '其他'] as const;

/** 二七督〔2026〕123号 */
export function matterNumber(prefix: string, year: number, seq: number): string {
  return `${prefix}〔${year}〕${seq}号`;
}

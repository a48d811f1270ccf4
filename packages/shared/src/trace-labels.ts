/** Chinese names of trace actions, for the timeline (痕迹) and the audit page. Features add theirs. */
export const TRACE_ACTION_LABELS: Record<string, string> = {
  'auth.login': '登录',
  'auth.logout': '退出登录',
  'auth.login_failed': '登录失败',
  'auth.locked': '登录失败次数过多被锁定',
  'tenant.create': '创建租户',
  'account.create': '新建账号',
  'account.update': '修改账号',
  'account.roles': '授予角色',
  'account.unlock': '解除锁定',
  'account.password_change': '修改密码',
  'account.password_reset': '重置密码',
  'token.issue': '签发 API 令牌',
  'token.revoke': '吊销 API 令牌',
  'unit.create': '新增单位',
  'unit.update': '修改单位',
  'unit.delete': '删除单位',
  'person.create': '新增人员',
  'person.update': '修改人员',
  'org.import': '导入单位和人员',
  'tenant.seed': '初始化演示数据',
  'calendar.day_set': '设置工作日历日期',
  'calendar.day_delete': '删除工作日历日期',
  'calendar.import': '导入工作日历',
  'calendar.year': '设置年度节假日安排录入状态',
  'settings.warning': '修改预警设置',
  'notify.settings': '修改通知渠道设置',
  'delivery.retry': '重新发送消息',
  'person.notify_preferences': '修改通知偏好',
  'attachment.upload': '上传附件',
  'matter.attach': '关联附件',
  'notice.issue': '下发督查通知单',
  'notice.acknowledge': '签收督查通知单',
  'inspection.create': '现场督查',
  'inspection.return': '现场督查与汇报不符，退回办理',
  'campaign.create': '新建督查活动',
  'matter.import': '导入督办事项',
  'matter.create': '立项',
  'matter.update': '修改事项',
  'matter.decompose': '分解（新增子事项）',
  'matter.assign': '交办',
  'matter.sign': '签收',
  'matter.delegate': '指定承办人',
  'matter.report': '进度汇报',
  'matter.extension_request': '申请延期',
  'matter.extension_decide': '审批延期',
  'matter.deadline_change': '延期批准后变更时限',
  'matter.deadline_recount': '工作日历变更，按工作日重算时限',
  'matter.completion_request': '申请办结',
  'matter.complete': '审核办结',
  'matter.return': '退回',
  'matter.unit_close': '督查办办结单位部分',
  'matter.unit_reassign': '督查办改派单位',
  'matter.rate': '评价',
  'matter.archive': '归档',
  'matter.cancel': '撤销',
  'matter.urge': '催办',
  'category.create': '新增类别',
  'category.update': '修改类别',
  'category.delete': '删除类别',
  'report.create': '生成督查报告草稿',
  'report.update': '修改督查报告',
  'report.refresh': '重新统计督查报告',
  'report.publish': '印发督查报告',
  'report.delete': '删除督查报告草稿',
};

/** Chinese names of traced entity types. */
export const TRACE_ENTITY_LABELS: Record<string, string> = {
  account: '账号',
  api_token: 'API 令牌',
  unit: '单位',
  person: '人员',
  tenant: '租户',
  org: '组织架构',
  calendar: '工作日历',
  settings: '系统设置',
  notify_settings: '通知设置',
  delivery: '消息投递',
  attachment: '附件',
  notice: '督查通知单',
  inspection: '现场督查',
  inspection_campaign: '督查活动',
  matter: '督办事项',
  category: '事项类别',
  report: '督查报告',
};

export function traceActionLabel(action: string): string {
  return TRACE_ACTION_LABELS[action] ?? action;
}

/** What an id in a traced record points at, so the trace can show names (traced records keep the ids that were hashed). */
export type TraceRefKind = 'units' | 'people' | 'categories' | 'matters' | 'notices';

const REF_FIELDS: Record<string, TraceRefKind> = {
  units: 'units',
  unitId: 'units',
  leadUnitId: 'units',
  coUnitIds: 'units',
  divisionId: 'units',
  leaderOfUnitIds: 'units',
  handlerIds: 'people',
  personId: 'people',
  personIds: 'people',
  leadLeaderId: 'people',
  inspectorIds: 'people',
  recipients: 'people',
  categoryId: 'categories',
  matterId: 'matters',
};

/** The kind of object a traced field's ids name; `parentId` is a unit's parent unit, or a sub-matter's parent matter. */
export function traceRefKind(entityType: string, field: string): TraceRefKind | null {
  if (field === 'parentId') return entityType === 'unit' ? 'units' : entityType === 'matter' ? 'matters' : null;
  return REF_FIELDS[field] ?? null;
}

/** Chinese names of trace actions, for the timeline (痕迹) and the audit page. Features add theirs. */
export const TRACE_ACTION_LABELS: Record<string, string> = {
  'auth.login': '登录',
  'auth.logout': '退出登录',
  'auth.login_failed': '登录失败',
  'auth.locked': '登录失败次数过多被锁定',
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
  'matter.create': '立项',
  'matter.update': '修改事项',
  'matter.decompose': '分解（新增子事项）',
  'matter.assign': '交办',
  'matter.sign': '签收',
  'matter.delegate': '指定承办人',
  'matter.report': '进度汇报',
  'matter.extension_request': '申请延期',
  'matter.extension_decide': '审批延期',
  'matter.completion_request': '申请办结',
  'matter.complete': '审核办结',
  'matter.return': '退回',
  'matter.rate': '评价',
  'matter.archive': '归档',
  'matter.cancel': '撤销',
  'matter.urge': '催办',
  'category.create': '新增类别',
  'category.update': '修改类别',
  'category.delete': '删除类别',
};

/** Chinese names of traced entity types. */
export const TRACE_ENTITY_LABELS: Record<string, string> = {
  account: '账号',
  api_token: 'API 令牌',
  unit: '单位',
  person: '人员',
  tenant: '租户',
  org: '组织架构',
  matter: '督办事项',
  category: '事项类别',
};

export function traceActionLabel(action: string): string {
  return TRACE_ACTION_LABELS[action] ?? action;
}

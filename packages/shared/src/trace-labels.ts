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
  'attachment.upload': '上传附件',
  'matter.attach': '关联附件',
  'notice.issue': '下发督查通知单',
  'notice.acknowledge': '签收督查通知单',
  'inspection.create': '现场督查',
  'inspection.return': '现场督查与汇报不符，退回办理',
  'campaign.create': '新建督查活动',
  'matter.import': '导入督办事项',
};

/** Chinese names of traced entity types. */
export const TRACE_ENTITY_LABELS: Record<string, string> = {
  account: '账号',
  api_token: 'API 令牌',
  unit: '单位',
  person: '人员',
  tenant: '租户',
  org: '组织架构',
  attachment: '附件',
  notice: '督查通知单',
  inspection: '现场督查',
  inspection_campaign: '督查活动',
};

export function traceActionLabel(action: string): string {
  return TRACE_ACTION_LABELS[action] ?? action;
}

/** Chinese names of request fields, used in validation messages ("标题：不能为空"). Features add theirs. */
export const FIELD_LABELS: Record<string, string> = {
  username: '用户名',
  password: '密码',
  currentPassword: '当前密码',
  newPassword: '新密码',
  displayName: '显示名称',
  name: '名称',
  shortName: '简称',
  kind: '类型',
  parentId: '上级单位',
  code: '编码',
  sort: '排序',
  mobile: '手机',
  email: '邮箱',
  rank: '职级',
  title: '标题',
  unitId: '单位',
  divisionId: '处室/科室',
  wecomUserId: '企业微信账号',
  dingtalkUserId: '钉钉账号',
  leaderOfUnitIds: '分管单位',
  roles: '角色',
  version: '版本号',
  limit: '每页条数',
  offset: '起始位置',
  quietHours: '免打扰时段',
  digestTime: '每日汇总时间',
  channels: '通知渠道',
  channel: '渠道',
  urgentOnly: '仅紧急消息',
  muted: '关闭的渠道',
  digest: '每日汇总',
  inspectedAt: '督查时间',
  lat: '纬度',
  lng: '经度',
  accuracy: '定位精度',
  finding: '督查结论',
  unannounced: '暗访',
  inspectorIds: '督查人员',
  campaignId: '督查活动',
  replyBy: '回复时限',
  recipients: '接收人',
};

/** The label of a field path such as "milestones.2.date" → "milestones.2.date" with known segments translated. */
export function fieldLabel(path: string): string {
  if (!path) return '';
  return path
    .split('.')
    .map((seg) => (/^\d+$/.test(seg) ? `第 ${Number(seg) + 1} 项` : (FIELD_LABELS[seg] ?? seg)))
    .join(' ');
}

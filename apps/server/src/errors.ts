import { fieldLabel } from '@duban/shared';

/**
 * Every error a client can see: a stable code (never reused), an HTTP status and a Chinese
 * message for people. Add codes here; never change what an existing code means.
 */
export const ERROR_CODES = {
  validation_failed: { status: 400, message: '提交的内容有误，请按提示修改' },
  bad_request: { status: 400, message: '请求格式不正确' },
  invalid_value: { status: 400, message: '提交的内容含有超出范围的数值或不允许的字符（如空字符），请检查后重试' },
  unauthenticated: { status: 401, message: '请先登录' },
  session_expired: { status: 401, message: '登录已超时，请重新登录' },
  invalid_credentials: { status: 401, message: '用户名或密码错误' },
  totp_required: { status: 401, message: '请输入验证器应用中的 6 位动态验证码（或一个恢复码）' },
  totp_invalid: { status: 401, message: '动态验证码不正确或已使用过，请输入验证器应用中当前显示的验证码' },
  totp_already_enabled: { status: 409, message: '已开启双因素登录' },
  totp_not_set_up: { status: 409, message: '请先生成双因素登录的密钥并扫码' },
  password_change_required: { status: 403, message: '请先修改密码：密码由他人设置或重置，修改后才能继续使用' },
  totp_enrolment_required: { status: 403, message: '管理员账号须先开启双因素登录（扫码绑定验证器应用）才能继续使用' },
  admin_request_not_found: { status: 404, message: '待复核的申请不存在或已处理' },
  approval_not_allowed: { status: 403, message: '须由另一类管理员复核：申请人、被操作账号本人都不能批准' },
  token_not_allowed: { status: 403, message: 'API 令牌只能签发给本人，或由安全管理员签发给不担任管理员角色的集成账号' },
  idempotency_in_progress: { status: 409, message: '相同幂等键的请求正在处理，请稍后重试' },
  idempotency_key_reused: { status: 422, message: '该幂等键已用于另一请求，请为新的操作使用新的幂等键' },
  account_locked: { status: 423, message: '登录失败次数过多，账号已锁定，请稍后再试或联系安全管理员' },
  account_disabled: { status: 403, message: '账号已停用，请联系管理员' },
  csrf_failed: { status: 403, message: '页面已过期，请刷新后重试' },
  forbidden: { status: 403, message: '没有权限执行此操作' },
  not_found: { status: 404, message: '请求的资源不存在' },
  unit_not_found: { status: 404, message: '单位不存在' },
  person_not_found: { status: 404, message: '人员不存在' },
  mobile_taken: { status: 409, message: '该手机号已登记给另一人员，同一手机号只能登记给一人' },
  account_not_found: { status: 404, message: '账号不存在' },
  token_not_found: { status: 404, message: 'API 令牌不存在' },
  trace_not_found: { status: 404, message: '痕迹记录不存在' },
  matter_not_found: { status: 404, message: '督办事项不存在' },
  category_not_found: { status: 404, message: '类别不存在' },
  extension_not_found: { status: 404, message: '延期申请不存在' },
  // ---- the grid tree (modules/grid: cells, staff, imports; packages/shared/src/grid-cells.ts)
  grid_cell_not_found: { status: 404, message: '网格不存在或已撤销' },
  grid_cell_code_invalid: { status: 400, message: '网格编码不符合规则，请按提示修改' },
  grid_cell_code_taken: { status: 409, message: '已有使用该编码的网格，请换一个编码' },
  grid_cell_parent_invalid: { status: 400, message: '上级网格不存在、已撤销或层级不对，请重新选择上级网格' },
  grid_cell_has_children: { status: 409, message: '该网格下还有未撤销的下级网格：请先调整或撤销下级网格' },
  grid_cell_date_invalid: { status: 400, message: '生效日期不能早于该网格当前版本的生效日期' },
  grid_staff_not_found: { status: 404, message: '网格人员记录不存在或已卸任' },
  grid_staff_duplicate: { status: 409, message: '此人已在该网格担任该职责' },
  grid_geojson_invalid: { status: 400, message: '不是有效的 GeoJSON 文件：请上传包含网格编码属性的 FeatureCollection' },
  category_name_taken: { status: 409, message: '已有同名类别' },
  category_in_use: { status: 409, message: '该类别已被督办事项使用，不能删除，可改为停用' },
  password_policy: { status: 400, message: '新密码不符合密码策略' },
  wrong_password: { status: 400, message: '当前密码不正确' },
  role_conflict: { status: 400, message: '角色组合不允许' },
  username_taken: { status: 409, message: '用户名已被使用' },
  unit_has_children: { status: 409, message: '该单位下还有下级单位或人员，不能删除' },
  unit_name_taken: { status: 409, message: '同一上级下已有同名单位' },
  unit_in_use: { status: 409, message: '该单位已被督办事项等记录引用，不能删除，可改为停用' },
  division_parent: { status: 400, message: '处室/科室必须隶属于一个单位' },
  unit_cycle: { status: 400, message: '上级单位不能是自身或其下级' },
  version_conflict: { status: 409, message: '该记录已被他人修改，请刷新后再试' },
  invalid_transition: { status: 409, message: '当前状态下不能执行此操作' },
  // Why an action the state machine allows cannot succeed now (packages/shared/src/matter-blockers.ts).
  no_pending_extension: { status: 409, message: '该事项没有待审批的延期申请' },
  extension_already_pending: { status: 409, message: '本单位已有待审批的延期申请，请等待督查办审批' },
  sub_matters_open: { status: 409, message: '子事项尚未全部办结' },
  no_open_unit: { status: 409, message: '没有尚在办理的单位：各单位均已申请办结或已办结' },
  import_failed: { status: 400, message: '导入失败：表格中有错误，未导入任何数据' },
  calendar_import_failed: { status: 400, message: '导入失败：日历文件中有错误，未导入任何日期' },
  file_too_large: { status: 413, message: '文件过大' },
  workbook_too_large: { status: 413, message: '表格解压后过大，不像正常的导入表格' },
  unsupported_file_type: { status: 415, message: '不支持的文件类型' },
  unsupported_media_type: { status: 415, message: '不支持的请求格式' },
  attachment_not_found: { status: 404, message: '附件不存在' },
  attachment_not_available: { status: 409, message: '附件不可用：只能使用本人上传且尚未关联的附件' },
  notice_not_found: { status: 404, message: '督查通知单不存在' },
  not_notice_recipient: { status: 403, message: '您不是该通知单的接收人，不能签收' },
  assessment_period_not_found: { status: 404, message: '该考核期间尚未计算，请先重新计算' },
  tolerance_not_found: { status: 404, message: '容错申请不存在' },
  tolerance_excluded: { status: 409, message: '该事项属于不适用容错的领域' },
  tolerance_line_invalid: { status: 400, message: '所选扣分项不存在或不是本单位/本人的扣分' },
  tolerance_pending: { status: 409, message: '所选扣分项已有在办的容错申请' },
  assessment_period_published: { status: 409, message: '该考核期间已发布，不能再登记或撤销加扣分，请通过复核更正' },
  assessment_item_not_found: { status: 404, message: '加扣分记录不存在' },
  appeal_not_found: { status: 404, message: '复核/申诉不存在' },
  appeal_not_published: { status: 409, message: '考核结果尚未发布，不能申请复核或申诉' },
  appeal_window_closed: { status: 409, message: '已超过申请期限（复核为发布后 30 日内；申诉为复核决定后 15 日内，不经复核的为发布后 30 日内）' },
  appeal_needs_review: { status: 409, message: '复核尚未决定：请在复核决定后 15 日内提出申诉' },
  appeal_pending: { status: 409, message: '该对象已有待决定的复核或申诉' },
  appeal_duplicate: { status: 409, message: '同一考核结果只能申请一次复核、提出一次申诉' },
  appeal_extension_refused: { status: 409, message: '该申诉的决定期限不能延长' },
  not_notice_reply_unit: { status: 403, message: '只有通知单所送单位的联络员或单位负责人可以书面报送' },
  notice_closed: { status: 409, message: '该通知单已随事项归档或撤销而关闭，不能再报送' },
  meeting_not_found: { status: 404, message: '会议记录不存在' },
  decision_not_found: { status: 404, message: '议定事项不存在' },
  not_decision_unit: { status: 403, message: '只有责任单位的联络员或单位负责人可以报送落实情况' },
  decision_tracked_by_matter: { status: 409, message: '该议定事项已立为督办事项，请在督办事项中汇报进度、申请办结' },
  campaign_not_found: { status: 404, message: '督查活动不存在' },
  rate_limited: { status: 429, message: '操作过于频繁，请稍后再试' },
  request_timeout: { status: 408, message: '请求超时，请重试' },
  headers_too_large: { status: 431, message: '请求头过大' },
  inbox_message_not_found: { status: 404, message: '消息不存在' },
  delivery_not_found: { status: 404, message: '投递记录不存在' },
  delivery_not_retryable: { status: 409, message: '只有失败或已放弃的投递可以重新发送' },
  channel_not_ready: { status: 400, message: '该渠道尚未启用或配置不完整' },
  report_not_found: { status: 404, message: '报告不存在' },
  report_published: { status: 409, message: '报告已印发，不能再修改或删除' },
  report_campaign_not_found: { status: 404, message: '督查活动不存在' },
  // ---- photos (lib/photo.ts) and grid problems (modules/grid, packages/shared/src/grid-flow.ts)
  photo_not_image: { status: 415, message: '所选文件不是照片：请拍照，或选择 JPG、PNG、WebP 格式的图片' },
  photo_unsupported: { status: 415, message: '暂不支持该照片格式：请改用 JPG 照片' },
  photo_too_large: { status: 413, message: '照片过大，请压缩后重试' },
  photo_too_many_pixels: { status: 413, message: '照片像素过多，请使用较小的照片' },
  photo_damaged: { status: 422, message: '照片文件已损坏或不完整，无法读取：请重新拍照或选择照片' },
  grid_problem_not_found: { status: 404, message: '问题（事件）不存在' },
  grid_category_unknown: { status: 400, message: '问题类别不存在或已停用：请从列表中重新选择类别' },
  grid_location_outside: { status: 400, message: '位置不在本辖区内：请核对定位，或在地图上手动选择问题所在位置' },
  grid_verify_by_handler: { status: 409, message: '核查须由处置人以外的人员进行：请由网格长、监督员或平台其他人员核查' },
  grid_escalation_top: { status: 409, message: '已在最高层级，不能再向上报送' },
  grid_extension_pending: { status: 409, message: '已有待审批的延期申请，请等待审批' },
  grid_no_pending_extension: { status: 409, message: '该问题没有待审批的延期申请' },
  grid_already_reopened: { status: 409, message: '该问题已因不满意重新办理过一次，不再重新办理' },
  grid_not_your_level: { status: 403, message: '该问题当前不在您所在的层级或单位办理' },
  grid_limit_invalid: { status: 400, message: '时限设置有误，请按提示修改' },
  // ---- Open311 GeoReport v2 and the 12345 hotline (modules/open311, issue 17)
  open311_key_not_found: { status: 404, message: 'Open311 接口密钥不存在或已吊销' },
  open311_key_invalid: { status: 403, message: 'api_key 无效、已过期或已吊销：请向安全管理员申请接口密钥' },
  open311_jurisdiction_unknown: { status: 404, message: '没有这个辖区（jurisdiction）' },
  open311_service_unknown: { status: 404, message: '没有这个服务代码（service_code）' },
  open311_request_not_found: { status: 404, message: '没有这个服务请求（service_request_id）' },
  open311_token_not_found: { status: 404, message: '没有这个受理编号（token）' },
  open311_format_unknown: { status: 404, message: '不支持的格式：请使用 .xml 或 .json' },
  // The citizens' channel (issue 17).
  citizen_tenant_unknown: { status: 404, message: '没有这个地区的群众反映页面，请核对网址' },
  citizen_lookup_failed: { status: 404, message: '没有查到：受理编号或手机号码后 4 位不正确，请核对后再试' },
  citizen_link_unknown: { status: 404, message: '链接无效或已失效，请用受理编号和手机号码后 4 位查询' },
  citizen_rating_closed: { status: 409, message: '问题结案后才能评价，且每次结案只能评价一次' },
  citizen_follow_closed: { status: 409, message: '该问题已办结或已合并，不能再加入关注；如问题仍在，请重新反映' },
  citizen_reporter_not_found: { status: 404, message: '反映人不存在或未留手机号码' },
  citizen_merge_closed: { status: 409, message: '已结束的问题不能合并' },
  citizen_cluster_not_found: { status: 404, message: '聚集提示不存在或已处理' },
  citizen_cluster_decided: { status: 409, message: '该聚集提示已处理（已转督办或不予督办）' },
  citizen_proof_required: { status: 400, message: '提交前需要完成安全验证（proof）：请刷新页面后重试' },
  citizen_proof_invalid: { status: 400, message: '安全验证（proof）无效或已过期，请刷新页面后重试' },
  citizen_proof_used: { status: 409, message: '安全验证（proof）已用过，请刷新页面后重试' },
  internal_error: { status: 500, message: '服务器内部错误，请稍后重试' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** An error meant for the client: code, status and Chinese message, with optional details. */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message?: string,
    readonly details?: unknown,
  ) {
    super(message ?? ERROR_CODES[code].message);
    this.status = ERROR_CODES[code].status;
  }
}

/** One field problem, as returned in `details` of a validation_failed error. */
export type FieldIssue = { field: string; message: string };

/** A validation error naming the fields to fix. */
export function validationError(issues: FieldIssue[], message?: string): AppError {
  const text = message ?? issues.map((i) => (i.field ? `${fieldLabel(i.field)}：${i.message}` : i.message)).join('；');
  return new AppError('validation_failed', text || undefined, issues);
}

export const notFound = (code: ErrorCode = 'not_found', message?: string) => new AppError(code, message);
export const forbidden = (message?: string) => new AppError('forbidden', message);

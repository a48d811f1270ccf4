import { z } from 'zod';
import { MAX_ID } from './schemas';

/** External channels a message can go out on (the in-app inbox is always on). */
export const CHANNELS = ['wecom-robot', 'wecom-app', 'dingtalk-robot', 'sms', 'email'] as const;
export type Channel = (typeof CHANNELS)[number];

/** Group robots post to a chat (one delivery per message, mentioning recipients); the rest reach a person. */
export const ROBOT_CHANNELS: readonly Channel[] = ['wecom-robot', 'dingtalk-robot'];

export const CHANNEL_LABELS: Record<Channel | 'inbox', string> = {
  inbox: '站内消息',
  'wecom-robot': '企业微信群机器人',
  'wecom-app': '企业微信应用消息',
  'dingtalk-robot': '钉钉群机器人',
  sms: '短信',
  email: '电子邮件',
};

export const DELIVERY_STATUSES = ['pending', 'sending', 'sent', 'retrying', 'failed', 'dead'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export const DELIVERY_STATUS_LABELS: Record<DeliveryStatus, string> = {
  pending: '待发送',
  sending: '发送中',
  sent: '已发送',
  retrying: '重试中',
  failed: '失败',
  dead: '已放弃',
};

/** A field of a channel's settings form: plain config or a write-only secret. */
export type ChannelField = { key: string; label: string; kind: 'text' | 'number' | 'boolean' | 'secret'; help?: string; placeholder?: string };

/** The settings form of each channel, in display order (shared so the admin page and API agree). */
export const CHANNEL_FIELDS: Record<Channel, ChannelField[]> = {
  'wecom-robot': [
    { key: 'baseUrl', label: '接口地址', kind: 'text', placeholder: 'https://qyapi.weixin.qq.com' },
    { key: 'webhookKey', label: 'Webhook key', kind: 'secret', help: '群聊 → 群机器人 → 添加机器人后，Webhook 地址中 key= 之后的部分' },
    { key: 'mention', label: '@提醒接收人', kind: 'boolean' },
  ],
  'wecom-app': [
    { key: 'baseUrl', label: '接口地址', kind: 'text', placeholder: 'https://qyapi.weixin.qq.com' },
    { key: 'corpId', label: '企业 ID (corpid)', kind: 'text', help: '管理后台 → 我的企业 → 企业信息 → 企业ID' },
    { key: 'agentId', label: '应用 AgentId', kind: 'number', help: '应用管理 → 自建应用 → AgentId' },
    { key: 'corpSecret', label: '应用 Secret', kind: 'secret', help: '应用管理 → 自建应用 → Secret（查看后发送到企业微信）' },
  ],
  'dingtalk-robot': [
    { key: 'baseUrl', label: '接口地址', kind: 'text', placeholder: 'https://oapi.dingtalk.com' },
    { key: 'accessToken', label: 'access_token', kind: 'secret', help: '群设置 → 智能群助手 → 添加机器人 → 自定义，Webhook 中 access_token= 之后的部分' },
    { key: 'signSecret', label: '加签密钥 (SEC…)', kind: 'secret', help: '安全设置选择“加签”后显示的密钥' },
  ],
  sms: [
    { key: 'url', label: '短信网关地址', kind: 'text', placeholder: 'https://sms.example.gov.cn/api/send' },
    { key: 'signName', label: '短信签名', kind: 'text', placeholder: '智慧督查' },
    { key: 'apiKey', label: '网关 API Key', kind: 'secret' },
  ],
  email: [
    { key: 'host', label: 'SMTP 服务器', kind: 'text', placeholder: 'smtp.example.gov.cn' },
    { key: 'port', label: '端口', kind: 'number', placeholder: '465' },
    { key: 'secure', label: 'SSL/TLS', kind: 'boolean' },
    { key: 'user', label: '用户名', kind: 'text' },
    { key: 'from', label: '发件人', kind: 'text', placeholder: '智慧督查 <duban@example.gov.cn>' },
    { key: 'password', label: '密码 / 授权码', kind: 'secret' },
  ],
};

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: '时间格式应为 HH:MM' });
const configValue = z.union([z.string().trim().max(500), z.number().finite(), z.boolean()]);

export const quietHoursSchema = z.object({
  enabled: z.boolean(),
  start: hhmm,
  end: hhmm,
  holdRestDays: z.boolean(),
  /** Off by default: red reminders of matters marked 紧急 are not held in quiet hours. */
  exemptUrgentMatters: z.boolean().default(false),
});
export type QuietHours = z.infer<typeof quietHoursSchema>;

export const channelSettingSchema = z.object({
  channel: z.enum(CHANNELS),
  enabled: z.boolean(),
  urgentOnly: z.boolean(),
  config: z.record(z.string(), configValue),
  /** Which secret fields hold a value; the values themselves never leave the server. */
  secrets: z.record(z.string(), z.boolean()),
  hasSecret: z.boolean(),
});
export type ChannelSetting = z.infer<typeof channelSettingSchema>;

export const notifySettingsSchema = z.object({
  quietHours: quietHoursSchema,
  digestTime: hhmm,
  channels: z.array(channelSettingSchema),
});
export type NotifySettings = z.infer<typeof notifySettingsSchema>;

export const channelSettingInputSchema = z.object({
  channel: z.enum(CHANNELS),
  enabled: z.boolean(),
  urgentOnly: z.boolean().default(false),
  config: z.record(z.string().max(40), configValue).default({}),
  /** Write-only: a non-empty value replaces the stored secret, an empty string clears it, absent keeps it. */
  secrets: z.record(z.string().max(40), z.string().max(2000)).optional(),
});
export type ChannelSettingInput = z.infer<typeof channelSettingInputSchema>;

export const notifySettingsInputSchema = z.object({
  quietHours: quietHoursSchema.optional(),
  digestTime: hhmm.optional(),
  channels: z.array(channelSettingInputSchema).max(CHANNELS.length).optional(),
});
export type NotifySettingsInput = z.infer<typeof notifySettingsInputSchema>;

export const channelTestSchema = z.object({
  channel: z.enum(CHANNELS),
  /** Person whose WeCom id / mobile / email receives the test (robots post to their group). */
  personId: z.number().int().positive().max(MAX_ID, { error: '编号超出范围' }).optional(),
  to: z.string().trim().max(200).optional(),
});
export type ChannelTestInput = z.infer<typeof channelTestSchema>;

export const channelTestResultSchema = z.object({ ok: z.boolean(), message: z.string(), reply: z.string().nullable() });

export const inboxItemSchema = z.object({
  id: z.number().int(),
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  link: z.string().nullable(),
  matterId: z.number().int().nullable(),
  urgent: z.boolean(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export type InboxItem = z.infer<typeof inboxItemSchema>;

export const deliverySchema = z.object({
  id: z.number().int(),
  outboxId: z.number().int(),
  kind: z.string(),
  title: z.string(),
  channel: z.enum(CHANNELS),
  personId: z.number().int().nullable(),
  personName: z.string().nullable(),
  matterId: z.number().int().nullable(),
  target: z.string(),
  status: z.enum(DELIVERY_STATUSES),
  urgent: z.boolean(),
  digest: z.boolean(),
  attempts: z.number().int(),
  nextAt: z.string(),
  sentAt: z.string().nullable(),
  lastError: z.string().nullable(),
  providerReply: z.string().nullable(),
  createdAt: z.string(),
});
export type DeliveryView = z.infer<typeof deliverySchema>;

/** One recipient's view on the matter page: inbox read state plus each channel's delivery. */
export const matterRecipientSchema = z.object({
  outboxId: z.number().int(),
  kind: z.string(),
  title: z.string(),
  createdAt: z.string(),
  personId: z.number().int().nullable(),
  personName: z.string().nullable(),
  readAt: z.string().nullable(),
  deliveries: z.array(z.object({ id: z.number().int(), channel: z.enum(CHANNELS), status: z.enum(DELIVERY_STATUSES), sentAt: z.string().nullable(), lastError: z.string().nullable() })),
});
export type MatterRecipientView = z.infer<typeof matterRecipientSchema>;

export const notifyPreferencesSchema = z.object({
  digest: z.boolean(),
  muted: z.array(z.enum(CHANNELS)).max(CHANNELS.length),
});
export type NotifyPreferences = z.infer<typeof notifyPreferencesSchema>;

/** 'HH:MM' → minutes after midnight. */
export function minutesOf(hhmmText: string): number {
  const [h, m] = hhmmText.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

/** Minutes after midnight → 'HH:MM'. */
export function hhmmOf(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

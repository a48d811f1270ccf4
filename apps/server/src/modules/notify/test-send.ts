import { CHANNEL_LABELS, ROBOT_CHANNELS, type Channel } from '@duban/shared';
import type { Deps } from '../../lib/deps';
import { openMobile } from '../../lib/pii-at-rest';
import { invalidateTenantNotify, tenantNotify } from './channel-config';
import { TransientError } from './channels/http';
import { SENDERS } from './channels/senders';
import { EgressRefusedError } from '../../lib/egress';
import { MissingSettingError, PermanentError } from './channels/types';

export type TestResult = { ok: boolean; message: string; reply: string | null };

/** Where a test reaches a person on a channel (robots post to their group). */
export async function testTargetOf(deps: Deps, tenantId: number, channel: Channel, personId: number | undefined, to: string | undefined): Promise<string | null> {
  if (to) return to;
  if (ROBOT_CHANNELS.includes(channel)) return null;
  if (!personId) return null;
  const p = await deps.db.selectFrom('people').select(['wecom_user_id', 'mobile_enc', 'email']).where('tenant_id', '=', tenantId).where('id', '=', personId).executeTakeFirst();
  if (!p) return null;
  if (channel !== 'sms') return channel === 'wecom-app' ? p.wecom_user_id : p.email;
  try {
    return openMobile(deps.secretKey, p.mobile_enc);
  } catch {
    return null; // a number the server key does not open (the start-up check makes this rare): no test to it
  }
}

/** Sends one test message straight to the provider (no outbox, no retries) and reports what it said. */
export async function sendTestMessage(deps: Deps, tenantId: number, channel: Channel, target: string | null): Promise<TestResult> {
  invalidateTenantNotify(deps.db, tenantId);
  const c = (await tenantNotify(deps.db, deps.secretKey, tenantId)).channels.get(channel);
  if (!c) return { ok: false, message: `${CHANNEL_LABELS[channel]}尚未配置`, reply: null };
  if (!ROBOT_CHANNELS.includes(channel) && !target) return { ok: false, message: '请选择接收人（需在人员资料中填写对应的企业微信账号、手机或邮箱）', reply: null };
  const now = deps.clock.now();
  try {
    const result = await SENDERS[channel]({
      channel: c,
      messages: [{ title: '测试消息', body: `这是一条来自智慧督查的${CHANNEL_LABELS[channel]}测试消息（${now.toISOString()}）。收到即表示配置正确。`, url: `${deps.config.publicUrl}/`, urgent: false }],
      targets: target ? [target] : [],
      idempotencyKey: `dbn-test-${tenantId}-${channel}-${now.getTime()}`,
      egress: { allowedHosts: deps.config.channelAllowedHosts },
    });
    const refused = target ? result.failedTargets?.get(target) : undefined;
    return refused ? { ok: false, message: refused, reply: providerReply(result.reply) } : { ok: true, message: '发送成功', reply: providerReply(result.reply) };
  } catch (err) {
    const reply = err instanceof TransientError || err instanceof PermanentError ? providerReply(err.reply) : null;
    const known = err instanceof TransientError || err instanceof PermanentError || err instanceof MissingSettingError || err instanceof EgressRefusedError;
    return { ok: false, message: known && err instanceof Error ? err.message : '发送失败', reply };
  }
}

// The provider's own answer fields; anything else a server says is not shown.
const PROVIDER_FIELDS = ['errcode', 'errmsg', 'code', 'message', 'messageId', 'invaliduser', 'msgid'];

/**
 * What the test call shows of a reply: only the fields a channel provider answers with (WeCom and DingTalk
 * errcode/errmsg, the SMS gateway's code/message), never the body of a server that does not speak the
 * channel's API, so the test call cannot be used to read a page the server can reach (SSRF). The HTTP
 * status is in the message. An SMTP reply line is the mail server's own, and is shown.
 */
export function providerReply(reply: string | null): string | null {
  if (reply === null) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(reply);
  } catch {
    return /^\d{3}[ -]/.test(reply) ? reply.slice(0, 200) : null;
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return null;
  const kept = Object.entries(parsed).filter(([k, v]) => PROVIDER_FIELDS.includes(k) && (typeof v === 'string' || typeof v === 'number'));
  return kept.length ? JSON.stringify(Object.fromEntries(kept)) : null;
}

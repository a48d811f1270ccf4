import { clip, expectJson, requestJson, TransientError } from './http';
import { clampChars, plainOf } from './render';
import { need, PermanentError, type SendRequest, type SendResult } from './types';

/**
 * Our SMS gateway contract (docs/notifications.md): POST {url} with a bearer API key and
 * `{requestId, mobile, signName, content}`; reply `{code: 0, message, messageId}`. The gateway
 * drops a repeated requestId, which makes a resend after a lost reply harmless.
 */
export async function sendSms(req: SendRequest): Promise<SendResult> {
  const url = need(req.channel, 'url', '短信网关地址');
  const apiKey = need(req.channel, 'apiKey', '网关 API Key', 'secrets');
  const [mobile] = req.targets;
  if (!mobile) throw new PermanentError('没有手机号码');
  const body = { requestId: req.idempotencyKey, mobile, signName: String(req.channel.config.signName ?? ''), content: clampChars(plainOf(req.messages), 500) };
  const reply = await requestJson('POST', url, body, { egress: req.egress, headers: { authorization: `Bearer ${apiKey}` } });
  if (reply.status >= 400 && reply.status < 500 && reply.status !== 429) throw new PermanentError(`短信网关拒绝请求（HTTP ${reply.status}）`, clip(reply.text));
  const json = expectJson(reply, '短信网关', 'code');
  if (json.code !== 0) throw new TransientError(`短信网关返回错误 ${String(json.code)}：${String(json.message ?? '')}`, clip(reply.text));
  return { reply: clip(reply.text) };
}

import { sha256 } from '../../../lib/crypto';
import type { EgressPolicy } from '../../../lib/egress';
import type { ChannelRuntime } from '../channel-config';
import { clip, expectJson, requestJson, TransientError } from './http';
import { clampBytes, clampChars, markdownOf, plainOf, subjectOf } from './render';
import { need, type SendRequest, type SendResult } from './types';

// Access tokens per (base, corp, secret): fetched once, reused by every message until 5 minutes before expiry.
const tokens = new Map<string, { token: string; expiresAt: number; pending?: Promise<string> }>();
const EXPIRED_CODES = new Set([40001, 40014, 42001]);

function cacheKey(c: ChannelRuntime): string {
  return sha256(`${String(c.config.baseUrl)}|${String(c.config.corpId)}|${c.secrets.corpSecret ?? ''}`);
}

async function fetchToken(c: ChannelRuntime, egress: EgressPolicy): Promise<string> {
  const base = need(c, 'baseUrl', '接口地址');
  const corpId = need(c, 'corpId', '企业 ID');
  const secret = need(c, 'corpSecret', '应用 Secret', 'secrets');
  const reply = await requestJson('GET', `${base}/cgi-bin/gettoken?corpid=${encodeURIComponent(corpId)}&corpsecret=${encodeURIComponent(secret)}`, undefined, { egress });
  const json = expectJson(reply, '企业微信获取 access_token ');
  if (json.errcode !== 0 || typeof json.access_token !== 'string') {
    throw new TransientError(`企业微信获取 access_token 失败 ${String(json.errcode)}：${String(json.errmsg ?? '')}`, clip(reply.text));
  }
  const ttl = typeof json.expires_in === 'number' ? json.expires_in : 7200;
  tokens.set(cacheKey(c), { token: json.access_token, expiresAt: Date.now() + (ttl - 300) * 1000 });
  return json.access_token;
}

/** The cached access token, fetching (once, shared by concurrent callers) when missing or about to expire. */
export async function wecomToken(c: ChannelRuntime, egress: EgressPolicy): Promise<string> {
  const key = cacheKey(c);
  const hit = tokens.get(key);
  if (hit && hit.expiresAt > Date.now()) return hit.token;
  if (hit?.pending) return hit.pending;
  const pending = fetchToken(c, egress).finally(() => {
    const now = tokens.get(key);
    if (now?.pending === pending) tokens.delete(key);
  });
  tokens.set(key, { token: '', expiresAt: 0, pending });
  return pending;
}

function bodyOf(req: SendRequest, agentid: number): Record<string, unknown> {
  const common = { touser: req.targets.join('|'), toparty: '', totag: '', agentid, enable_duplicate_check: 1, duplicate_check_interval: 1800 };
  const [only] = req.messages;
  if (req.messages.length === 1 && only?.url) {
    const description = clampChars(only.body.replace(/\n/g, '<br>'), 512);
    return { ...common, msgtype: 'textcard', textcard: { title: clampChars(subjectOf(req.messages), 128), description, url: only.url, btntxt: '详情' } };
  }
  if (req.messages.length === 1) return { ...common, msgtype: 'text', text: { content: clampBytes(plainOf(req.messages), 2048) } };
  return { ...common, msgtype: 'markdown', markdown: { content: clampBytes(markdownOf(req.messages, { font: true }), 2048) } };
}

/**
 * Sends an application message to named people (≤ 1000 per call) with WeCom's duplicate check on,
 * so a resend within 30 minutes after a lost reply is dropped by WeCom. `invaliduser` → those recipients failed.
 */
export async function sendWecomApp(req: SendRequest): Promise<SendResult> {
  const base = need(req.channel, 'baseUrl', '接口地址');
  const agentid = Number(need(req.channel, 'agentId', '应用 AgentId'));
  const body = bodyOf(req, agentid);
  for (let attempt = 0; ; attempt++) {
    const token = await wecomToken(req.channel, req.egress);
    const reply = await requestJson('POST', `${base}/cgi-bin/message/send?access_token=${encodeURIComponent(token)}`, body, { egress: req.egress });
    const json = expectJson(reply, '企业微信应用消息');
    const code = typeof json.errcode === 'number' ? json.errcode : -1;
    if (EXPIRED_CODES.has(code) && attempt === 0) {
      tokens.delete(cacheKey(req.channel));
      continue;
    }
    const invalid = typeof json.invaliduser === 'string' && json.invaliduser ? json.invaliduser.split('|') : [];
    if (code !== 0 && !(code === 81013 && invalid.length)) throw new TransientError(`企业微信应用消息返回错误 ${code}：${String(json.errmsg ?? '')}`, clip(reply.text));
    return { reply: clip(reply.text), failedTargets: new Map(invalid.map((u) => [u, '接收人不在应用可见范围内（invaliduser）'])) };
  }
}

import { createHmac } from 'node:crypto';
import { clip, expectJson, requestJson, TransientError } from './http';
import { clampBytes, markdownOf, subjectOf } from './render';
import { need, type SendRequest, type SendResult } from './types';

/** DingTalk's signature: urlencode(base64(HmacSHA256(secret, timestamp + "\n" + secret))). */
export function dingtalkSign(timestamp: number, secret: string): string {
  return encodeURIComponent(createHmac('sha256', secret).update(`${timestamp}\n${secret}`, 'utf8').digest('base64'));
}

/** Posts markdown to a DingTalk custom robot, signed when a signing secret is set, @-mentioning recipients. */
export async function sendDingtalkRobot(req: SendRequest, now: Date = new Date()): Promise<SendResult> {
  const base = need(req.channel, 'baseUrl', '接口地址');
  const token = need(req.channel, 'accessToken', 'access_token', 'secrets');
  const secret = req.channel.secrets.signSecret;
  const atMobiles = req.targets.filter((t) => t.startsWith('m:')).map((t) => t.slice(2));
  const atUserIds = req.targets.filter((t) => t.startsWith('u:')).map((t) => t.slice(2));
  // DingTalk only highlights a mention whose "@…" also appears in the text.
  const tail = [...atMobiles, ...atUserIds].map((x) => `@${x}`).join(' ');
  const text = clampBytes(markdownOf(req.messages), 4000) + (tail ? `\n\n${tail}` : '');
  let url = `${base}/robot/send?access_token=${encodeURIComponent(token)}`;
  if (secret) {
    const ts = now.getTime();
    url += `&timestamp=${ts}&sign=${dingtalkSign(ts, secret)}`;
  }
  const body = { msgtype: 'markdown', markdown: { title: subjectOf(req.messages), text }, at: { atMobiles, atUserIds, isAtAll: false } };
  const reply = await requestJson('POST', url, body, { egress: req.egress });
  const json = expectJson(reply, '钉钉机器人');
  if (json.errcode !== 0) throw new TransientError(`钉钉机器人返回错误 ${String(json.errcode)}：${String(json.errmsg ?? '')}`, clip(reply.text));
  return { reply: clip(reply.text) };
}

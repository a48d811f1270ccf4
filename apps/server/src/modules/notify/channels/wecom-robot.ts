import { clip, expectJson, requestJson, TransientError } from './http';
import { clampBytes, markdownOf } from './render';
import { need, type SendRequest, type SendResult } from './types';

/** Posts markdown to a WeCom group robot (≤ 4096 bytes), mentioning recipients by WeCom user id. */
export async function sendWecomRobot(req: SendRequest): Promise<SendResult> {
  const base = need(req.channel, 'baseUrl', '接口地址');
  const key = need(req.channel, 'webhookKey', 'Webhook key', 'secrets');
  const mentions = req.channel.config.mention === false ? [] : req.targets.filter((t) => t.startsWith('u:')).map((t) => `<@${t.slice(2)}>`);
  const tail = mentions.length ? `\n${mentions.join('')}` : '';
  const content = clampBytes(markdownOf(req.messages, { font: true }), 4096 - Buffer.byteLength(tail, 'utf8')) + tail;
  const reply = await requestJson('POST', `${base}/cgi-bin/webhook/send?key=${encodeURIComponent(key)}`, { msgtype: 'markdown', markdown: { content } }, { egress: req.egress });
  const json = expectJson(reply, '企业微信群机器人');
  // Any non-zero errcode (45009 over the limit, 93000 bad key …) is retried; a fixed key lets the backlog through.
  if (json.errcode !== 0) throw new TransientError(`企业微信群机器人返回错误 ${String(json.errcode)}：${String(json.errmsg ?? '')}`, clip(reply.text));
  return { reply: clip(reply.text) };
}

import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { EgressRefusedError, egressRefusal, guardedLookup, type EgressPolicy } from '../../../lib/egress';

// Keep-alive pools shared by every sender: a busy dispatcher reuses sockets instead of opening one per message.
const httpAgent = new http.Agent({ keepAlive: true, maxSockets: 128, maxFreeSockets: 64 });
const httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 128, maxFreeSockets: 64 });

export type HttpReply = { status: number; text: string; json: Record<string, unknown> | null };

/** A provider call failed in a way worth retrying (network, timeout, 5xx, rate limit). */
export class TransientError extends Error {
  constructor(
    message: string,
    readonly reply: string | null = null,
  ) {
    super(message);
  }
}

/**
 * Sends one HTTP request with a JSON body (or none) and reads the reply; network errors and timeouts throw
 * TransientError. An address the egress policy refuses (checked after DNS resolution) throws EgressRefusedError
 * before anything is sent.
 */
export function requestJson(
  method: 'GET' | 'POST',
  url: string,
  body: unknown,
  opts: { egress: EgressPolicy; timeoutMs?: number; headers?: Record<string, string> },
): Promise<HttpReply> {
  const target = new URL(url);
  if (target.protocol !== 'http:' && target.protocol !== 'https:') return Promise.reject(new EgressRefusedError(`渠道地址只能是 http 或 https 网址`));
  // An address in the URL is connected to without a lookup, so it is checked here.
  const literal = target.hostname.replace(/^\[|\]$/g, '');
  const refusal = net.isIP(literal) ? egressRefusal(opts.egress, literal, literal) : null;
  if (refusal) return Promise.reject(new EgressRefusedError(refusal));
  const payload = body === undefined ? null : Buffer.from(JSON.stringify(body), 'utf8');
  const lib = target.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = lib.request(
      target,
      {
        method,
        agent: target.protocol === 'https:' ? httpsAgent : httpAgent,
        lookup: guardedLookup(opts.egress),
        headers: { accept: 'application/json', ...(payload ? { 'content-type': 'application/json; charset=utf-8', 'content-length': String(payload.length) } : {}), ...opts.headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, text, json: parseObject(text) });
        });
        res.on('error', (err) => reject(new TransientError(`读取应答失败：${err.message}`)));
      },
    );
    req.setTimeout(opts.timeoutMs ?? 10_000, () => req.destroy(new Error('timeout')));
    req.on('error', (err) => reject(err instanceof EgressRefusedError ? err : new TransientError(err.message === 'timeout' ? '请求超时' : `网络错误：${err.message}`)));
    req.end(payload ?? undefined);
  });
}

function parseObject(text: string): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(text);
    return v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v)) : null;
  } catch {
    return null;
  }
}

/** A short form of a provider reply for the delivery log. */
export const clip = (text: string, max = 500): string => (text.length > max ? `${text.slice(0, max)}…` : text);

/**
 * Throws TransientError for replies that say "try later" (5xx, 429) or that are not the provider's JSON
 * (no `codeField`: a server that does not speak the channel's API, named by its HTTP status only).
 */
export function expectJson(reply: HttpReply, what: string, codeField = 'errcode'): Record<string, unknown> {
  if (reply.status >= 500 || reply.status === 429) throw new TransientError(`${what}返回 HTTP ${reply.status}`, clip(reply.text));
  if (!reply.json) throw new TransientError(`${what}返回的不是 JSON（HTTP ${reply.status}）`, clip(reply.text));
  if (!(codeField in reply.json)) throw new TransientError(`${what}的地址返回的不是该接口的应答（HTTP ${reply.status}），请检查接口地址`, clip(reply.text));
  return reply.json;
}

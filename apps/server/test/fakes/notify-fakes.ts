import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request the fake received. */
export type FakeRequest = { service: Service; path: string; query: URLSearchParams; body: Record<string, unknown>; headers: http.IncomingHttpHeaders; accepted: boolean };

type Service = 'wecom-token' | 'wecom-app' | 'wecom-robot' | 'dingtalk' | 'sms';
/** How a service behaves now: fine, down (HTTP 503), an error code in a 200 reply, or stalled (no reply). */
export type Mode = 'ok' | 'down' | 'errcode' | 'stall';

export const FAKE = {
  corpId: 'ww-corp',
  corpSecret: 'corp-secret-XYZ',
  robotKey: 'robot-key-ABC',
  dingToken: 'ding-token-DEF',
  dingSecret: 'SECding-secret-GHI',
  smsKey: 'sms-key-JKL',
};

/**
 * A local stand-in for WeCom (gettoken, message/send, webhook/send), DingTalk (robot/send, with
 * signature check) and our SMS gateway, speaking the shapes of INTEGRATIONS.md. It records every
 * request and can be switched down, to error codes or to stalling, per service.
 */
export class NotifyFakes {
  readonly requests: FakeRequest[] = [];
  readonly modes: Partial<Record<Service, Mode>> = {};
  /** WeCom user ids outside the app's visible range (reported as `invaliduser`). */
  readonly invalidUsers = new Set<string>();
  private tokenSeq = 0;
  private validTokens = new Set<string>();
  private readonly stalled: http.ServerResponse[] = [];
  private server: http.Server | null = null;
  url = '';

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    this.server.keepAliveTimeout = 5000;
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    const addr = this.server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${addr.port}`;
    return this;
  }

  async stop(): Promise<void> {
    for (const r of this.stalled) r.destroy();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  /** Accepted requests of a service. */
  accepted(service: Service): FakeRequest[] {
    return this.requests.filter((r) => r.service === service && r.accepted);
  }

  /** Forgets every issued token, as WeCom does when it rotates them (next send gets 42001). */
  expireTokens(): void {
    this.validTokens.clear();
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    let body: Record<string, unknown>;
    try {
      body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>) : {};
    } catch {
      return this.reply(res, 400, { errcode: 40000, errmsg: 'bad json' });
    }
    const service = this.serviceOf(url.pathname);
    if (!service) return this.reply(res, 404, { errcode: 404, errmsg: 'no such path' });
    const record: FakeRequest = { service, path: url.pathname, query: url.searchParams, body, headers: req.headers, accepted: false };
    this.requests.push(record);
    const mode = this.modes[service] ?? 'ok';
    if (mode === 'stall') return void this.stalled.push(res);
    if (mode === 'down') return this.reply(res, 503, { errcode: -1, errmsg: 'service unavailable' });
    if (mode === 'errcode') return this.reply(res, 200, service === 'sms' ? { code: 5001, message: 'busy' } : { errcode: 45009, errmsg: 'api freq out of limit' });
    const [status, json] = this.answer(service, url.searchParams, body, req.headers);
    record.accepted = status === 200 && (json.errcode === 0 || json.code === 0);
    this.reply(res, status, json);
  }

  private serviceOf(path: string): Service | null {
    if (path === '/cgi-bin/gettoken') return 'wecom-token';
    if (path === '/cgi-bin/message/send') return 'wecom-app';
    if (path === '/cgi-bin/webhook/send') return 'wecom-robot';
    if (path === '/robot/send') return 'dingtalk';
    if (path === '/sms/send') return 'sms';
    return null;
  }

  private answer(service: Service, q: URLSearchParams, body: Record<string, unknown>, headers: http.IncomingHttpHeaders): [number, Record<string, unknown>] {
    switch (service) {
      case 'wecom-token': {
        if (q.get('corpid') !== FAKE.corpId || q.get('corpsecret') !== FAKE.corpSecret) return [200, { errcode: 40001, errmsg: 'invalid credential' }];
        const token = `tok-${++this.tokenSeq}`;
        this.validTokens.add(token);
        return [200, { errcode: 0, errmsg: 'ok', access_token: token, expires_in: 7200 }];
      }
      case 'wecom-app': {
        if (!this.validTokens.has(q.get('access_token') ?? '')) return [200, { errcode: 42001, errmsg: 'access_token expired' }];
        const users = String(body.touser ?? '').split('|').filter(Boolean);
        const invalid = users.filter((u) => this.invalidUsers.has(u));
        if (invalid.length === users.length) return [200, { errcode: 81013, errmsg: 'user & party & tag all invalid', invaliduser: invalid.join('|') }];
        return [200, { errcode: 0, errmsg: 'ok', invaliduser: invalid.join('|'), msgid: `msg-${this.requests.length}` }];
      }
      case 'wecom-robot': {
        if (q.get('key') !== FAKE.robotKey) return [200, { errcode: 93000, errmsg: 'invalid webhook url' }];
        const md = body.markdown as { content?: string } | undefined;
        if (body.msgtype !== 'markdown' || !md?.content || Buffer.byteLength(md.content, 'utf8') > 4096) return [200, { errcode: 40058, errmsg: 'markdown.content exceed max length' }];
        return [200, { errcode: 0, errmsg: 'ok' }];
      }
      case 'dingtalk': {
        const ts = Number(q.get('timestamp'));
        const expected = createHmac('sha256', FAKE.dingSecret).update(`${ts}\n${FAKE.dingSecret}`, 'utf8').digest('base64');
        if (q.get('access_token') !== FAKE.dingToken) return [200, { errcode: 300001, errmsg: 'token is not exist' }];
        if (q.get('sign') !== expected || Math.abs(Date.now() - ts) > 3_600_000) return [200, { errcode: 310000, errmsg: 'sign not match' }];
        return [200, { errcode: 0, errmsg: 'ok' }];
      }
      case 'sms': {
        if (headers.authorization !== `Bearer ${FAKE.smsKey}`) return [401, { code: 401, message: 'bad api key' }];
        if (!/^1\d{10}$/.test(String(body.mobile))) return [400, { code: 400, message: 'bad mobile' }];
        return [200, { code: 0, message: 'ok', messageId: `sms-${this.requests.length}` }];
      }
    }
  }

  private reply(res: http.ServerResponse, status: number, json: Record<string, unknown>): void {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(json));
  }
}

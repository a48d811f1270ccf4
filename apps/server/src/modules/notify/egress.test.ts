import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, login, seedTenant, testApp, type Session } from '../../../test/fixtures';
import { createTestRuntime, type TestRuntime } from '../../../test/runtime';
import { egressRefusal, isInternalAddress } from '../../lib/egress';

// An internal service the server can reach and the security admin cannot: it answers anything with a secret.
const hits: string[] = [];
const internal = http.createServer((req, res) => {
  hits.push(req.url ?? '');
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ instance: 'i-123', secretAccessKey: 'AKIA-INTERNAL-SECRET' }));
});
let internalUrl = '';

async function runtimeWith(allowedHosts: string[]) {
  const rt = await createTestRuntime({ config: { channelAllowedHosts: allowedHosts } });
  await seedTenant(rt);
  const app = await testApp(rt);
  return { rt, app, sec: await login(app, 't1sec') };
}

async function testCall(app: FastifyInstance, sec: Session, baseUrl: string) {
  const put = await app.inject({
    method: 'PUT',
    url: '/api/settings/channels',
    headers: as(sec),
    payload: { channels: [{ channel: 'wecom-robot', enabled: true, urgentOnly: false, config: { baseUrl }, secrets: { webhookKey: 'k' } }] },
  });
  expect(put.statusCode, put.body).toBe(200);
  const res = await app.inject({ method: 'POST', url: '/api/settings/channels/test', headers: as(sec), payload: { channel: 'wecom-robot' } });
  expect(res.statusCode).toBe(200);
  return res.json();
}

describe('channel calls cannot reach internal addresses (SSRF)', () => {
  const open: { rt: TestRuntime; app: FastifyInstance }[] = [];
  beforeAll(async () => {
    await new Promise<void>((resolve) => internal.listen(0, '127.0.0.1', resolve));
    const { port } = internal.address() as AddressInfo;
    internalUrl = `http://127.0.0.1:${port}`;
  });
  afterAll(async () => {
    for (const o of open) {
      await o.app.close();
      await o.rt.close();
    }
    internal.closeAllConnections();
    await new Promise((resolve) => internal.close(resolve));
  });

  it('knows loopback, private, link-local and unique-local addresses, IPv4-mapped ones included', () => {
    for (const ip of ['127.0.0.1', '10.1.2.3', '172.16.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', 'fd00::1', 'fe80::1', '::ffff:127.0.0.1']) {
      expect(isInternalAddress(ip), ip).toBe(true);
    }
    for (const ip of ['101.226.103.1', '8.8.8.8', '2408:8000::1']) expect(isInternalAddress(ip), ip).toBe(false);
    const policy = { allowedHosts: ['sms.gov.internal', '10.8.0.0/16', '192.168.9.9'] };
    expect(egressRefusal(policy, 'sms.gov.internal', '10.9.9.9')).toBeNull();
    expect(egressRefusal(policy, 'gw', '10.8.3.4')).toBeNull();
    expect(egressRefusal(policy, '192.168.9.9', '192.168.9.9')).toBeNull();
    expect(egressRefusal(policy, 'gw', '10.9.0.1')).toContain('CHANNEL_ALLOWED_HOSTS');
    expect(egressRefusal(policy, 'qyapi.weixin.qq.com', '101.226.103.1')).toBeNull();
  });

  it('refuses a test call to 127.0.0.1, by address or by a name that resolves to it, without sending anything', async () => {
    const { rt, app, sec } = await runtimeWith([]);
    open.push({ rt, app });
    for (const base of [internalUrl, internalUrl.replace('127.0.0.1', 'localhost'), internalUrl.replace('127.0.0.1', '[::ffff:127.0.0.1]')]) {
      const result = await testCall(app, sec, base);
      expect(result, base).toMatchObject({ ok: false, message: expect.stringContaining('内网或本机地址'), reply: null });
    }
    expect(hits).toEqual([]);
  });

  it('calls an allow-listed internal host, but shows only the status of a server that does not speak the channel', async () => {
    const { rt, app, sec } = await runtimeWith(['127.0.0.1']);
    open.push({ rt, app });
    const result = await testCall(app, sec, internalUrl);
    expect(hits).toHaveLength(1);
    expect(result.ok).toBe(false);
    expect(result.message).toBe('企业微信群机器人的地址返回的不是该接口的应答（HTTP 200），请检查接口地址');
    expect(JSON.stringify(result)).not.toMatch(/AKIA|i-123|secretAccessKey/);
  });
});

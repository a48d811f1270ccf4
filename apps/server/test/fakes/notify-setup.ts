import type { Channel, ChannelSettingInput } from '@duban/shared';
import { inTransaction } from '../../src/lib/deps';
import { mobileColumns } from '../../src/lib/pii-at-rest';
import { putNotifySettings } from '../../src/modules/notify/settings.service';
import { enqueue } from '../../src/modules/outbox/outbox.service';
import type { seedTenant } from '../fixtures';
import type { TestRuntime } from '../runtime';
import { FAKE, type NotifyFakes } from './notify-fakes';

type Tenant = Awaited<ReturnType<typeof seedTenant>>;

/** Channel settings pointing at the fakes (and an SMTP port for e-mail). */
export function fakeChannel(channel: Channel, fakes: NotifyFakes, smtpPort = 0): ChannelSettingInput {
  switch (channel) {
    case 'wecom-robot':
      return { channel, enabled: true, urgentOnly: false, config: { baseUrl: fakes.url, mention: true }, secrets: { webhookKey: FAKE.robotKey } };
    case 'wecom-app':
      return { channel, enabled: true, urgentOnly: false, config: { baseUrl: fakes.url, corpId: FAKE.corpId, agentId: 1000002 }, secrets: { corpSecret: FAKE.corpSecret } };
    case 'dingtalk-robot':
      return { channel, enabled: true, urgentOnly: false, config: { baseUrl: fakes.url }, secrets: { accessToken: FAKE.dingToken, signSecret: FAKE.dingSecret } };
    case 'sms':
      return { channel, enabled: true, urgentOnly: false, config: { url: `${fakes.url}/sms/send`, signName: '智慧督查' }, secrets: { apiKey: FAKE.smsKey } };
    case 'email':
      return { channel, enabled: true, urgentOnly: false, config: { host: '127.0.0.1', port: smtpPort, secure: false, from: '智慧督查 <duban@test.local>' }, secrets: {} };
  }
}

/** Turns channels on for the tenant (as its security admin would). */
export async function enableChannels(rt: TestRuntime, t: Tenant, channels: ChannelSettingInput[], quiet = { enabled: true, start: '21:00', end: '07:00', holdRestDays: true, exemptUrgentMatters: false }) {
  return putNotifySettings(rt, await t.actor(`${t.code}sec`), { quietHours: quiet, channels });
}

/** Gives the test people WeCom ids and e-mail addresses (mobiles come from the fixture). */
export async function fillProfiles(rt: TestRuntime, t: Tenant): Promise<void> {
  for (const [key, id] of Object.entries(t.people)) {
    await rt.db
      .updateTable('people')
      .set({ wecom_user_id: `wx_${key}`, email: `${key}@${t.code}.test`, ...mobileColumns(rt.secretKey, `1390000${String(id).padStart(4, '0')}`) })
      .where('id', '=', id)
      .execute();
  }
}

/** Owes `n` messages to the people (one outbox entry each); titles are "<prefix> #i". */
export async function owe(rt: TestRuntime, t: Tenant, n: number, opts: { prefix?: string; kind?: string; personIds?: number[]; body?: string; urgent?: boolean; matterId?: number } = {}): Promise<number[]> {
  const ids: number[] = [];
  await inTransaction(rt.db, async (trx) => {
    for (let i = 0; i < n; i++) {
      const id = await enqueue(trx, {
        tenantId: t.tenantId,
        kind: opts.kind ?? 'matter.urged',
        eventKey: `${opts.prefix ?? 'm'}:${i}:${Math.random()}`,
        title: `${opts.prefix ?? '催办'} #${i}`,
        body: opts.body ?? '请于 2026-11-25 前报送进展',
        matterId: opts.matterId ?? null,
        link: '/matters/1',
        payload: opts.urgent ? { urgent: true } : null,
        personIds: opts.personIds ?? [t.people.liaison],
        at: rt.clock.now(),
      });
      if (id) ids.push(id);
    }
  });
  return ids;
}

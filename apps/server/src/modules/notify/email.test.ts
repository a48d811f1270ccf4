import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedTenant } from '../../../test/fixtures';
import { NotifyFakes } from '../../../test/fakes/notify-fakes';
import { enableChannels, fakeChannel, fillProfiles, owe } from '../../../test/fakes/notify-setup';
import { createTestRuntime, type TestRuntime } from '../../../test/runtime';
import { closeEmailTransports } from './channels/email';
import { runDispatcher } from './dispatcher';

let rt: TestRuntime;
let t: Awaited<ReturnType<typeof seedTenant>>;
let smtp: SMTPServer;
let port = 0;
let up = true;
const received: { to: string[]; raw: string }[] = [];

describe('e-mail over SMTP', () => {
  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      onRcptTo(address, _session, cb) {
        if (address.address.startsWith('nobody@')) return cb(Object.assign(new Error('mailbox unavailable'), { responseCode: 550 }));
        cb();
      },
      onData(stream, session, cb) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          if (!up) return cb(Object.assign(new Error('try again later'), { responseCode: 451 }));
          received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
          cb();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    port = (smtp.server.address() as AddressInfo).port;
    rt = await createTestRuntime();
    t = await seedTenant(rt);
    await fillProfiles(rt, t);
  });
  afterAll(async () => {
    closeEmailTransports();
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
    await rt.close();
  });

  it('delivers with a Message-ID from the idempotency key; a 4xx is retried, a 5xx fails that recipient', async () => {
    await enableChannels(rt, t, [fakeChannel('email', new NotifyFakes(), port)]);
    await rt.db.updateTable('people').set({ email: 'nobody@t1.test' }).where('id', '=', t.people.handler).execute();
    up = false;
    await owe(rt, t, 1, { prefix: '邮件提醒', personIds: [t.people.liaison, t.people.handler] });
    await runDispatcher(rt, { once: true });
    const after1 = await rt.db.selectFrom('deliveries').select(['person_id', 'status']).execute();
    expect(after1.find((d) => d.person_id === t.people.liaison)?.status).toBe('retrying');
    expect(after1.find((d) => d.person_id === t.people.handler)?.status).toBe('failed');

    up = true;
    rt.clock.advance(31_000);
    await runDispatcher(rt, { once: true });
    expect(received).toHaveLength(1);
    expect(received[0]?.to).toEqual(['liaison@t1.test']);
    expect(received[0]?.raw).toMatch(/Message-ID: <dbn-\d+-\d+-\d+-email@duban\.notify>/i);
    expect(received[0]?.raw).toContain('Subject:');
    const row = await rt.db.selectFrom('deliveries').select(['status', 'attempts']).where('person_id', '=', t.people.liaison).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'sent', attempts: 2 });
  });
});

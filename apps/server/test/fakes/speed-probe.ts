// Ad-hoc throughput probe (not a test): node --import tsx apps/server/test/fakes/speed-probe.ts
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { openRuntime } from '../../src/bootstrap';
import { testConfig } from '../../src/config';
import { runDispatcher } from '../../src/modules/notify/dispatcher';
import { fanOut } from '../../src/modules/notify/fanout';
import { putNotifySettings } from '../../src/modules/notify/settings.service';
import { systemActor } from '../../src/lib/actor';
import { mobileColumns } from '../../src/lib/pii-at-rest';

const N = Number(process.argv[2] ?? 6000);
const url = process.argv[3] ?? null;
const sink = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"code":0,"message":"ok"}');
  });
});
await new Promise<void>((r) => sink.listen(0, '127.0.0.1', r));
const port = (sink.address() as AddressInfo).port;
const rt = await openRuntime(testConfig('/tmp/nbench', { databaseUrl: url, dbPoolSize: 8 }), { migrate: 'always', inMemory: true });
const tenant = await rt.db.insertInto('tenants').values({ code: `b${Date.now()}`, name: 'b', doc_prefix: 'b', settings: '{}' }).returning('id').executeTakeFirstOrThrow();
const unit = await rt.db.insertInto('units').values({ tenant_id: tenant.id, name: 'u', kind: 'other' }).returning('id').executeTakeFirstOrThrow();
const person = await rt.db.insertInto('people').values({ tenant_id: tenant.id, unit_id: unit.id, name: 'p', rank: 'staff', ...mobileColumns(rt.secretKey, '13900000001') }).returning('id').executeTakeFirstOrThrow();
await putNotifySettings(rt, { ...systemActor(tenant.id), permissions: new Set(['channel.manage']) }, { quietHours: { enabled: false, start: '21:00', end: '07:00', holdRestDays: false, exemptUrgentMatters: false }, channels: [{ channel: 'sms', enabled: true, urgentOnly: false, config: { url: `http://127.0.0.1:${port}/sms`, signName: 'x' }, secrets: { apiKey: 'k' } }] });
await sql`insert into outbox (tenant_id, kind, event_key, title, body, link, created_at) select ${tenant.id}, 'k', 'speed:' || g, 't' || g, 'body', '/m/1', now() from generate_series(1, ${N}) g`.execute(rt.db);
await sql`insert into outbox_recipients (outbox_id, tenant_id, person_id) select id, tenant_id, ${person.id} from outbox where tenant_id = ${tenant.id}`.execute(rt.db);
let t0 = Date.now();
while ((await fanOut(rt, { limit: 2000 })) > 0);
console.log(`fan-out ${N} in ${Date.now() - t0} ms`);
t0 = Date.now();
const cpu0 = process.cpuUsage();
const stats = await runDispatcher(rt, { once: true, limit: Number(process.argv[4] ?? 200), concurrency: Number(process.argv[5] ?? 4) });
const cpu = process.cpuUsage(cpu0);
// CPU per message (this process: dispatcher and sink together) says what an idle core could do.
console.log(JSON.stringify(stats), `${Math.round((stats.sent / (Date.now() - t0)) * 1000)}/s`, `cpu ${((cpu.user + cpu.system) / 1000 / stats.sent).toFixed(3)} ms/msg`);
await rt.close();
sink.close();
process.exit(0);

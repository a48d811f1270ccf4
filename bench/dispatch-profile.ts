/**
 * Runs the dispatcher on a generated PostgreSQL bench database for a while, against a local HTTP sink
 * (the SMS gateway of the bench's dispatch workload), and prints what it sent per second. The outbox
 * entries pending in the database are what it works on. Add `node --cpu-prof --import tsx` to profile.
 * Usage: `npx tsx bench/dispatch-profile.ts --url postgres://…/bench_million [--seconds N] [--limit N]`
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PERMISSIONS } from '@duban/shared';
import { openRuntime } from '../apps/server/src/bootstrap';
import { loadConfig } from '../apps/server/src/config';
import { systemActor } from '../apps/server/src/lib/actor';
import { runDispatcher } from '../apps/server/src/modules/notify/dispatcher';
import { putNotifySettings } from '../apps/server/src/modules/notify/settings.service';
import { startSink } from './workloads/dispatch';

const { values } = parseArgs({ options: { url: { type: 'string' }, seconds: { type: 'string', default: '15' }, limit: { type: 'string', default: '100' } } });
if (!values.url) throw new Error('--url is required');
const dbName = new URL(values.url).pathname.replace(/^\//, '');
const rt = await openRuntime(
  loadConfig({ DATABASE_URL: values.url, DATA_DIR: path.resolve('bench/.data', dbName), DEMO: 'off', JOBS: 'off', LOG_LEVEL: 'silent', DB_POOL_SIZE: '10' }),
  { migrate: 'never' },
);
const sink = await startSink();
try {
  const tenant = await rt.db.selectFrom('tenants').select('id').orderBy('id').executeTakeFirstOrThrow();
  await putNotifySettings(rt, { ...systemActor(tenant.id, '基准测试'), permissions: new Set(PERMISSIONS) }, {
    quietHours: { enabled: false, start: '21:00', end: '07:00', holdRestDays: false, exemptUrgentMatters: false },
    channels: [{ channel: 'sms', enabled: true, urgentOnly: false, config: { url: sink.url, signName: '智慧督查' }, secrets: { apiKey: 'bench' } }],
  });
  const stop = new AbortController();
  setTimeout(() => stop.abort(), Number(values.seconds) * 1000);
  const t0 = performance.now();
  const s = await runDispatcher(rt, { limit: Number(values.limit), signal: stop.signal, idleMs: 50 });
  const seconds = (performance.now() - t0) / 1000;
  process.stdout.write(`${s.sent} sent (${s.fannedOut} entries fanned out, ${s.claimed} claimed) in ${seconds.toFixed(1)} s: ${(s.sent / seconds).toFixed(0)} msg/s; sink saw ${sink.count()} calls\n`);
} finally {
  await sink.close();
  await rt.close();
}

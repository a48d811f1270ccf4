// Times the 督查周报's parts on their own, CPU of this process and wall: `npx tsx bench/weekly-parts.ts <url> <from> <to>`.
import { buffer } from 'node:stream/consumers';
import { openPostgres } from '../apps/server/src/db/database';
import { systemActor } from '../apps/server/src/lib/actor';
import { citedMatters, citedRestRows } from '../apps/server/src/modules/reports/report.cited';
import { weeklyData } from '../apps/server/src/modules/reports/report.data';
import { reportDocx } from '../apps/server/src/modules/reports/report.docx';
import { reportXlsxStream } from '../apps/server/src/modules/reports/report.xlsx';
import { cockpitFigures } from '../apps/server/src/modules/cockpit/cockpit.service';

const url = process.argv[2] ?? 'postgres://postgres@127.0.0.1:5432/bench_city_million';
const range = { from: process.argv[3] ?? '2026-11-09', to: process.argv[4] ?? '2026-11-15' };
const { db, close } = openPostgres(url, 4);
const deps = { db, clock: { now: () => new Date('2026-11-20T02:00:00Z') } } as unknown as Parameters<typeof weeklyData>[0];
const t = (await db.selectFrom('tenants').select('id').where('code', '=', 'bench0001').executeTakeFirstOrThrow()).id;
async function timed<T>(name: string, fn: () => Promise<T>): Promise<T> {
  const c = process.cpuUsage();
  const s = performance.now();
  const v = await fn();
  const u = process.cpuUsage(c);
  console.log(`${name}: ${(performance.now() - s).toFixed(0)} ms wall, Node ${((u.user + u.system) / 1000).toFixed(0)} ms CPU`);
  return v;
}
for (let i = 0; i < 2; i++) {
  const cited = await timed('citedMatters', () => citedMatters(db, t, range));
  console.log(`  cited ${cited.total}, listed ${cited.listed.length}`);
  await timed('cockpit year', () => cockpitFigures(deps, systemActor(t), { period: 'custom', from: `${range.to.slice(0, 4)}-01-01`, to: range.to }));
  const { figures, rest } = await timed('weeklyData', () => weeklyData(deps, t, range));
  await timed('docx', () => reportDocx({ kind: 'weekly', issue: 'x', title: 't', office: 'o', date: 'd' }, figures, { summary: '', praise: '', criticism: '', nextSteps: '' }));
  await timed('xlsx', async () => (await buffer(reportXlsxStream('t', figures, rest ? citedRestRows(db, t, rest, figures.to) : undefined))).length);
}
await close();

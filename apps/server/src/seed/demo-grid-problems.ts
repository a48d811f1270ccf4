import { periodOf, shanghaiDate, type ReportProblemData } from '@duban/shared';
import { systemActor, type Actor } from '../lib/actor';
import type { Deps } from '../lib/deps';
import { recomputePeriod } from '../modules/assessment/recompute.service';
import { loadActor } from '../modules/auth/actor.loader';
import { escalateDueProblems } from '../modules/grid/grid-escalation.service';
import { acceptProblem, dispatchProblem, handleProblem, registerProblem, signProblem, verifyProblem } from '../modules/grid/problem-flow.service';
import { reportProblem } from '../modules/grid/problem-report.service';
import { visitProblem } from '../modules/grid/problem-side.service';
import { demoGridPoints } from './demo-grid';
import type { DemoStep } from './demo.seed';

const DAY = 86_400_000;

/**
 * The demo's grid problems (issue 16), made by the real services inside the seed's transaction with a moved clock,
 * so every row, hold, timeline step, trace entry and notice is what the running system would have written:
 * - 淮河路 (wangge2's cell): reported 10 days ago, dispatched to the 网格长 himself, handled, checked by 督查办 and
 *   closed, then rated 满意 at the 回访;
 * - 五里堡 (wangge's cell): reported 2 days ago, dispatched to the street office, signed by its 承办人 — being handled;
 * - 淮河路's second cell: reported five weeks ago and never taken up: the escalation job (run once a day, mid-morning,
 *   as the clock moves) lifts it cell → community → street → district by each level's limit, and past the
 *   district's it becomes a supervised matter (source 网格上报) assigned to the 城管局, whose deadline has since
 *   passed — the first sweep colours it red (and the assessment of this quarter and year is recomputed with it).
 * Deterministic: the times are whole days before `deps.clock` at 10:00 Shanghai time.
 */
export const demoGridProblemsStep: DemoStep = async (deps, trx, ctx) => {
  const t = ctx.tenantId;
  const today = shanghaiDate(deps.clock.now());
  let now = new Date(`${today}T10:00:00+08:00`);
  const d: Deps = { ...deps, db: trx, clock: { now: () => now } };
  const at = (daysAgo: number, hhmm = '10:00') => new Date(new Date(`${today}T${hhmm}:00+08:00`).getTime() - daysAgo * DAY);
  const actor = async (username: string): Promise<Actor> => {
    const a = await trx.selectFrom('accounts').select('id').where('tenant_id', '=', t).where('username', '=', username).executeTakeFirstOrThrow();
    const loaded = await loadActor(trx, a.id, { ip: null, requestId: 'demo-seed' });
    if (!loaded) throw new Error(`demo account ${username} inactive`);
    return loaded;
  };
  const [wangge, wangge2, office, handler] = await Promise.all(['wangge', 'wangge2', 'duchaban', 'handler'].map(actor));
  if (!wangge || !wangge2 || !office || !handler) return;
  const points = await demoGridPoints(trx, t);
  const cellOf = (personId: number | undefined) => points.find((p) => p.leaderPersonId === personId);
  const mine = cellOf(ctx.personByAccount.get('wangge'));
  const mine2 = cellOf(ctx.personByAccount.get('wangge2'));
  const beside = mine2 && points.find((p) => p.streetUnitId === mine2.streetUnitId && p.cellId !== mine2.cellId);
  if (!mine || !mine2 || !beside) return;
  const cats = await trx.selectFrom('grid_categories').select(['id', 'code']).where('tenant_id', '=', t).execute();
  const cat = (code: string) => cats.find((c) => c.code === code)?.id ?? 0;
  const report = (who: Actor, p: typeof mine, data: Omit<ReportProblemData, 'lon' | 'lat' | 'photoIds' | 'reporterPublic'>) =>
    reportProblem(d, who, { ...data, lon: p.lon, lat: p.lat, photoIds: [], reporterPublic: false } as ReportProblemData, { source: 'grid', suggestDuplicates: false });

  // 1. The one that climbs on its own: five weeks ago, day by day until it is supervised.
  now = at(35);
  await report(wangge2, beside, { categoryId: cat('SJ0101'), title: '背街巷道长期堆放建筑垃圾', description: '巷道口堆放装修建筑垃圾约 10 立方米，占用消防通道，附近居民多次反映。', address: `${beside.name}巷道口` });
  for (let ago = 34; ago >= 1; ago--) {
    // Each day a little later than the last, as a job running every few minutes finds a limit just passed.
    now = new Date(at(ago, '10:30').getTime() + (34 - ago) * 3 * 60_000);
    const run = await escalateDueProblems(d, { tenantId: t });
    if (run.supervised) break;
  }

  // 2. Closed and rated: reported, dispatched to the 网格长 himself, handled, checked by someone else, rated.
  now = at(10);
  const closed = await report(wangge2, mine2, { categoryId: cat('SJ0401'), title: '小区门口占道经营', description: '早市摊贩占用人行道经营，影响通行。', address: `${mine2.name}小区南门` });
  await acceptProblem(d, wangge2, closed.id, {});
  await registerProblem(d, wangge2, closed.id, {});
  await dispatchProblem(d, wangge2, closed.id, { handlerAccountId: wangge2.accountId ?? 0 });
  await signProblem(d, wangge2, closed.id);
  now = at(10, '15:00');
  await handleProblem(d, wangge2, closed.id, { result: '已劝导摊贩进入便民市场经营，人行道恢复畅通。', photoIds: [] });
  now = at(9);
  await verifyProblem(d, office, closed.id, { pass: true, note: '现场核查，已无占道。', photoIds: [] });
  now = at(8);
  await visitProblem(d, office, closed.id, { rating: 'satisfied' });

  // 3. Being handled: dispatched to the street office and signed by its 承办人.
  now = at(2);
  const handling = await report(wangge, mine, { categoryId: cat('SJ0201'), title: '楼道内张贴非法小广告', description: '3 号楼楼道墙面张贴大量疏通管道小广告。', address: `${mine.name}3号楼` });
  await acceptProblem(d, wangge, handling.id, {});
  await registerProblem(d, wangge, handling.id, {});
  await dispatchProblem(d, wangge, handling.id, { unitId: ctx.unitIds.get('五里堡街道办事处') ?? 0 });
  now = at(1);
  await signProblem(d, handler, handling.id);

  // The supervised matter counts in this quarter's and this year's assessment, as the recompute job would find.
  for (const code of [periodOf(today, 'quarter'), today.slice(0, 4)]) await recomputePeriod(deps, systemActor(t, '区委区政府督查办公室'), code, trx);
};

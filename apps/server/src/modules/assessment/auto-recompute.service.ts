import { periodOf, shanghaiDate } from '@duban/shared';
import { systemActor } from '../../lib/actor';
import type { Deps } from '../../lib/deps';
import { runExclusive } from '../../lib/exclusive';
import { claimDirty, markDirty } from './dirty';
import { inputMark } from './input-mark';
import { recomputePeriod } from './recompute.service';

export type AutoRecomputeResult = { ran: boolean; checked: number; recomputed: string[]; claimed: number };

/**
 * Recomputes the open (draft) periods a matter event marked dirty (dirty.ts), and — the safety net — those whose
 * inputs no event announces moved (input-mark.ts: other scoring actions, votes, the date while a period runs).
 * Computes the running quarter and year of a tenant that already has assessment periods. Once across instances
 * (`runExclusive`); the marks are claimed in a short transaction first, and a period whose recompute fails is
 * marked again. Published periods are never touched here (only a 复核 / 申诉 decision does); their marks are dropped.
 */
export async function recomputeDirtyPeriods(deps: Deps): Promise<AutoRecomputeResult> {
  const run = await runExclusive(deps, 'assessmentRecompute', async (_conn, pool) => {
    const d: Deps = { ...deps, db: pool };
    const now = deps.clock.now();
    const today = shanghaiDate(now);
    const { claimed, settled } = await claimDirty(deps, pool);
    const dirty = new Set(claimed.map((c) => `${c.tenantId}:${c.code}`));
    const periods = await pool.selectFrom('assessment_periods').select(['tenant_id', 'code', 'status', 'date_to', 'input_mark']).orderBy('tenant_id').orderBy('code').execute();
    const byTenant = new Map<number, typeof periods>();
    for (const p of periods) byTenant.set(p.tenant_id, [...(byTenant.get(p.tenant_id) ?? []), p]);
    const recomputed: string[] = [];
    let checked = 0;
    try {
      for (const [tenantId, rows] of byTenant) {
        const running = [periodOf(today, 'quarter'), periodOf(today, 'year')].filter((c) => !rows.some((r) => r.code === c));
        const candidates = [...rows.filter((r) => r.status === 'draft'), ...running.map((code) => ({ code, date_to: '', input_mark: null }))];
        for (const p of candidates) {
          checked++;
          if (!dirty.has(`${tenantId}:${p.code}`) && p.input_mark !== null && p.input_mark === (await inputMark(pool, tenantId, now, p.date_to))) continue;
          await recomputePeriod(d, systemActor(tenantId, '考核自动计算'), p.code);
          recomputed.push(`${tenantId}:${p.code}`);
        }
      }
    } catch (err) {
      // The marks not recomputed yet go back, so the next run still sees them.
      const done = new Set(recomputed);
      for (const c of claimed) if (!done.has(`${c.tenantId}:${c.code}`)) await markDirty(pool, c.tenantId, [c.code], now);
      throw err;
    }
    // A transaction still open after the claim's wait may hold an event this run did not read: the next run redoes them.
    if (!settled) for (const c of claimed) await markDirty(pool, c.tenantId, [c.code], now);
    return { checked, recomputed, claimed: claimed.length };
  });
  return run.ran ? { ran: true, ...run.value } : { ran: false, checked: 0, recomputed: [], claimed: 0 };
}

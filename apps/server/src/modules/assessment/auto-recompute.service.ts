import { periodOf, shanghaiDate } from '@duban/shared';
import { systemActor } from '../../lib/actor';
import type { Deps } from '../../lib/deps';
import { runExclusive } from '../../lib/exclusive';
import { inputMark } from './input-mark';
import { recomputePeriod } from './recompute.service';

export type AutoRecomputeResult = { ran: boolean; checked: number; recomputed: string[] };

/**
 * Recomputes the open (draft) periods whose inputs changed since their last recompute — the stored input
 * watermark against the current one — and computes the running quarter and year of a tenant that already
 * has assessment periods. Once across instances (`runExclusive`); the recomputes go through the pool beside
 * the lock's pinned connection. Published periods are never touched here (only a 复核 / 申诉 decision does).
 */
export async function recomputeDirtyPeriods(deps: Deps): Promise<AutoRecomputeResult> {
  const run = await runExclusive(deps, 'assessmentRecompute', async (_conn, pool) => {
    const d: Deps = { ...deps, db: pool };
    const now = deps.clock.now();
    const today = shanghaiDate(now);
    const periods = await pool.selectFrom('assessment_periods').select(['tenant_id', 'code', 'status', 'date_to', 'input_mark']).orderBy('tenant_id').orderBy('code').execute();
    const byTenant = new Map<number, typeof periods>();
    for (const p of periods) byTenant.set(p.tenant_id, [...(byTenant.get(p.tenant_id) ?? []), p]);
    const recomputed: string[] = [];
    let checked = 0;
    for (const [tenantId, rows] of byTenant) {
      const running = [periodOf(today, 'quarter'), periodOf(today, 'year')].filter((c) => !rows.some((r) => r.code === c));
      const candidates = [...rows.filter((r) => r.status === 'draft'), ...running.map((code) => ({ code, date_to: '', input_mark: null }))];
      for (const p of candidates) {
        checked++;
        if (p.input_mark !== null && p.input_mark === (await inputMark(pool, tenantId, now, p.date_to))) continue;
        await recomputePeriod(d, systemActor(tenantId, '考核自动计算'), p.code);
        recomputed.push(`${tenantId}:${p.code}`);
      }
    }
    return { checked, recomputed };
  });
  return run.ran ? { ran: true, ...run.value } : { ran: false, checked: 0, recomputed: [] };
}

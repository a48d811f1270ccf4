import { z } from 'zod';
import { periodCodeSchema, previousPeriod } from './assessment-period';

/**
 * 能上能下 indicators over the cadre performance archive (二七区's 20 conditions for "上" and 13 for "下" are
 * the inspiration; the computable ones are expressed generically as kind + threshold + window). They raise
 * flags with their evidence for the organisation department to judge — never a decision.
 *
 * Every figure read here is after 容错: an approved exemption voids its lines before totals, ranks and 问责
 * are computed, so exempted deductions never count towards a flag.
 */

export const INDICATOR_KINDS = ['rank_bottom', 'rank_top', 'accountability', 'overdue_matters', 'composite_below', 'composite_above', 'grade_excellent'] as const;
export type IndicatorKind = (typeof INDICATOR_KINDS)[number];
export const INDICATOR_DIRECTIONS = ['up', 'down'] as const;
export type IndicatorDirection = (typeof INDICATOR_DIRECTIONS)[number];
export const INDICATOR_DIRECTION_LABELS: Record<IndicatorDirection, string> = { up: '能上', down: '能下' };

/** What each kind tests over the last `window` quarters (ending at the quarter evaluated). */
export const INDICATOR_KIND_LABELS: Record<IndicatorKind, string> = {
  rank_bottom: '同类排名末位（后 N 名）的季度连续达到窗口数',
  rank_top: '同类排名前 N 名的季度连续达到窗口数',
  accountability: '窗口内被问责的季度数 ≥ N',
  overdue_matters: '窗口内有逾期扣分的事项数 ≥ N',
  composite_below: '窗口内每个季度综合得分 < N',
  composite_above: '窗口内每个季度综合得分 ≥ N',
  grade_excellent: '窗口内建议“优秀”的季度数 ≥ N',
};

export const MAX_INDICATOR_WINDOW = 8;

export const indicatorSchema = z.object({
  id: z.string().trim().regex(/^[a-z0-9_-]{1,40}$/, { error: '指标编号只能用小写字母、数字、下划线，最多 40 个字符' }),
  label: z.string().trim().min(2, { error: '指标名称不少于 2 字' }).max(60, { error: '指标名称不超过 60 字' }),
  direction: z.enum(INDICATOR_DIRECTIONS, { error: '方向应为 up（能上）或 down（能下）' }),
  kind: z.enum(INDICATOR_KINDS, { error: '指标类型不正确' }),
  threshold: z.number({ error: '阈值须为数字' }).min(0, { error: '阈值不能小于 0' }).max(100, { error: '阈值不能大于 100' }),
  window: z.number({ error: '窗口须为整数（季度数）' }).int({ error: '窗口须为整数（季度数）' }).min(1, { error: '窗口至少 1 个季度' }).max(MAX_INDICATOR_WINDOW, { error: `窗口最多 ${MAX_INDICATOR_WINDOW} 个季度` }),
  enabled: z.boolean(),
});
export type Indicator = z.infer<typeof indicatorSchema>;

export const indicatorSettingsSchema = z.object({
  indicators: z
    .array(indicatorSchema)
    .max(40, { error: '最多 40 项指标' })
    .refine((l) => new Set(l.map((i) => i.id)).size === l.length, { error: '指标编号不能重复' }),
});
export type IndicatorSettings = z.infer<typeof indicatorSettingsSchema>;

/** The defaults (documented in docs/assessment.md): a handful of 二七区's conditions that the archive can compute. */
export const DEFAULT_INDICATORS: Indicator[] = [
  { id: 'last_two_quarters', label: '连续两个季度同类排名末位', direction: 'down', kind: 'rank_bottom', threshold: 1, window: 2, enabled: true },
  { id: 'repeated_accountability', label: '一年内两次被问责', direction: 'down', kind: 'accountability', threshold: 2, window: 4, enabled: true },
  { id: 'many_overdue', label: '半年内五项以上事项逾期', direction: 'down', kind: 'overdue_matters', threshold: 5, window: 2, enabled: true },
  { id: 'composite_low', label: '综合得分低于 70 分', direction: 'down', kind: 'composite_below', threshold: 70, window: 1, enabled: true },
  { id: 'top_two_quarters', label: '连续两个季度同类排名第一', direction: 'up', kind: 'rank_top', threshold: 1, window: 2, enabled: true },
  { id: 'composite_high', label: '连续两个季度综合得分 90 分以上', direction: 'up', kind: 'composite_above', threshold: 90, window: 2, enabled: true },
  { id: 'excellent_twice', label: '一年内两次建议优秀', direction: 'up', kind: 'grade_excellent', threshold: 2, window: 4, enabled: true },
];

export type IndicatorMatter = { id: number; number: string; title: string };

/** A cadre's figures in one quarter (after 容错). */
export type CadreQuarter = {
  rank: number;
  groupSize: number;
  total: number;
  composite: number | null;
  grade: 'excellent' | 'competent' | null;
  /** The cadre's unit was flagged for 问责 and the cadre carries (non-exempt) overdue lines on these flagged matters. */
  accountability: IndicatorMatter[];
  /** Matters on which the cadre has a non-exempt overdue line. */
  overdue: IndicatorMatter[];
};

export type CadreHistory = { personId: number; quarters: Record<string, CadreQuarter> };

export type IndicatorEvidence = { period: string; text: string; matters: IndicatorMatter[] };
export type IndicatorFlag = { indicatorId: string; label: string; direction: IndicatorDirection; personId: number; evidence: IndicatorEvidence[] };

/** The `window` quarters ending at `period` (a quarter code), oldest first; a year code is not a window end. */
export function indicatorWindow(period: string, window: number): string[] {
  if (!periodCodeSchema.safeParse(period).success || !period.includes('Q')) return [];
  const out = [period];
  while (out.length < window) {
    const prev = previousPeriod(out[0]!);
    if (!prev) break;
    out.unshift(prev);
  }
  return out;
}

const fmt = (n: number) => String(Math.round(n * 100) / 100);
const standing = (code: string, q: CadreQuarter) => `${code} 得分 ${fmt(q.total)}，同类 ${q.groupSize} 人中第 ${q.rank} 名`;

/** One indicator on one cadre: the evidence when the condition holds, null otherwise. */
export function evaluateIndicator(ind: Indicator, period: string, history: CadreHistory): IndicatorEvidence[] | null {
  const codes = indicatorWindow(period, ind.window);
  if (codes.length < ind.window) return null;
  const quarters = codes.map((c) => [c, history.quarters[c]] as const);
  const every = (test: (q: CadreQuarter) => boolean, text: (c: string, q: CadreQuarter) => string): IndicatorEvidence[] | null =>
    quarters.every(([, q]) => q !== undefined && test(q)) ? quarters.map(([c, q]) => ({ period: c, text: text(c, q!), matters: [] })) : null;
  const n = ind.threshold;
  switch (ind.kind) {
    case 'rank_bottom':
      // Among the last n places of a group of at least two (a tie at the bottom counts as last).
      return every((q) => q.groupSize >= 2 && q.rank > q.groupSize - n, standing);
    case 'rank_top':
      return every((q) => q.groupSize >= 2 && q.rank <= n, standing);
    case 'composite_below':
      return every((q) => q.composite !== null && q.composite < n, (c, q) => `${c} 综合得分 ${fmt(q.composite ?? 0)}（低于 ${fmt(n)}）`);
    case 'composite_above':
      return every((q) => q.composite !== null && q.composite >= n, (c, q) => `${c} 综合得分 ${fmt(q.composite ?? 0)}（不低于 ${fmt(n)}）`);
    case 'grade_excellent': {
      const hits = quarters.filter(([, q]) => q?.grade === 'excellent');
      return hits.length >= n && hits.length > 0 ? hits.map(([c, q]) => ({ period: c, text: `${c} 建议优秀（${standing(c, q!)}）`, matters: [] })) : null;
    }
    case 'accountability': {
      const hits = quarters.filter(([, q]) => (q?.accountability.length ?? 0) > 0);
      return hits.length >= n && hits.length > 0 ? hits.map(([c, q]) => ({ period: c, text: `${c} 所在单位被问责，本人承担其中 ${q!.accountability.length} 项逾期事项`, matters: q!.accountability })) : null;
    }
    case 'overdue_matters': {
      const seen = new Map<number, IndicatorEvidence>();
      const evidence: IndicatorEvidence[] = [];
      for (const [c, q] of quarters) {
        const fresh = (q?.overdue ?? []).filter((m) => !seen.has(m.id));
        if (!fresh.length) continue;
        const e = { period: c, text: `${c} 逾期事项 ${fresh.length} 项`, matters: fresh };
        for (const m of fresh) seen.set(m.id, e);
        evidence.push(e);
      }
      return seen.size >= n && seen.size > 0 ? evidence : null;
    }
  }
}

/** Every enabled indicator over every cadre: the flags, each with its evidence; 能下 first, then by indicator order. */
export function evaluateIndicators(indicators: readonly Indicator[], period: string, histories: readonly CadreHistory[]): IndicatorFlag[] {
  const flags: IndicatorFlag[] = [];
  const active = indicators.filter((i) => i.enabled);
  for (const dir of ['down', 'up'] as const) {
    for (const ind of active.filter((i) => i.direction === dir)) {
      for (const h of histories) {
        const evidence = evaluateIndicator(ind, period, h);
        if (evidence) flags.push({ indicatorId: ind.id, label: ind.label, direction: ind.direction, personId: h.personId, evidence });
      }
    }
  }
  return flags;
}

/** The windows an evaluation reads: every quarter any enabled indicator looks at, oldest first. */
export function indicatorQuarters(indicators: readonly Indicator[], period: string): string[] {
  const longest = Math.max(1, ...indicators.filter((i) => i.enabled).map((i) => i.window));
  return indicatorWindow(period, longest);
}

const personRef = z.object({ id: z.number().int(), name: z.string(), title: z.string().nullable(), unitName: z.string(), cadreRank: z.string().nullable() });
const matterRefSchema = z.object({ id: z.number().int(), number: z.string(), title: z.string() });
export const indicatorFlagViewSchema = z.object({
  indicatorId: z.string(),
  label: z.string(),
  direction: z.enum(INDICATOR_DIRECTIONS),
  person: personRef,
  evidence: z.array(z.object({ period: z.string(), text: z.string(), matters: z.array(matterRefSchema) })),
});
export type IndicatorFlagView = z.infer<typeof indicatorFlagViewSchema>;
export const indicatorListSchema = z.object({ period: z.string(), quarters: z.array(z.string()), computed: z.array(z.string()), indicators: z.array(indicatorSchema), flags: z.array(indicatorFlagViewSchema) });
export type IndicatorList = z.infer<typeof indicatorListSchema>;
export const indicatorSettingsViewSchema = indicatorSettingsSchema.extend({ isDefault: z.boolean() });

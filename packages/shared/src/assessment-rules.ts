import { z } from 'zod';
import { DEFAULT_ITEM_RULES, itemRulesSchema } from './assessment-item-rules';
import { MATTER_SOURCES, type MatterSource } from './matter-enums';

/**
 * The tenant's rule book (考核办法) for 督考一体: which outcomes of a supervised matter earn or
 * lose points, by how much, and under which clause. Versioned: a version used by a published
 * period is never edited, a change makes a new version (so any past ranking can be replayed).
 * Only outcomes count, never activity in the app (基层减负: no sign-in time, clicks or screenshots).
 */

/** The 8 容错 situations a tenant starts with (二七区 has 8; wording after Zhenhai's list), editable. */
export const DEFAULT_TOLERANCE_SITUATIONS = [
  '先行先试、探索创新中出现失误',
  '因不可抗力或难以预见的因素造成损失',
  '上级尚无明确规定，因缺乏经验出现偏差',
  '在推动发展中因政策界限不明确出现失误',
  '为维护群众利益、化解矛盾出现程序瑕疵',
  '集体决策、依规履行程序后出现失误',
  '因配合单位或客观条件制约未能按期完成',
  '已及时主动纠错、挽回损失或消除影响',
] as const;

/** Areas excluded from 容错 by default (Longwan's list). */
export const DEFAULT_TOLERANCE_EXCLUSIONS = ['安全生产', '食品药品', '群体性事件'] as const;

/** A clause of the 考核办法 quoted in every score line, e.g. "第 7 条". */
const clauseSchema = z.string().trim().min(1, { error: '请填写依据条款' }).max(40, { error: '条款不超过 40 字' });
const points = (label: string) =>
  z.number({ error: `${label}须为数字` }).min(-100, { error: `${label}不能小于 -100` }).max(100, { error: `${label}不能大于 100` });

const share = (label: string) => z.number({ error: `${label}须为数字` }).min(0, { error: `${label}不能小于 0` }).max(1, { error: `${label}不能大于 1` });

const ruleSchema = z.object({ points: points('分值'), clause: clauseSchema });

export const ruleBookSchema = z
  .object({
    name: z.string().trim().min(1, { error: '请填写考核办法名称' }).max(80, { error: '名称不超过 80 字' }),
    /** Base points a matter carries by source (来源), before difficulty × workload. */
    base: z.record(z.enum(MATTER_SOURCES), points('基础分')),
    baseClause: clauseSchema,
    /** Closed on or before its effective deadline: base × difficulty × workload × this. */
    onTime: z.object({ factor: z.number().min(0).max(5), clause: clauseSchema }),
    /** Per working day closed after the deadline (negative), capped per matter. */
    overdueDay: ruleSchema.extend({ capPerMatter: points('单项扣分上限') }),
    /** Each time the matter turned red (红色预警) on its own account (a roll-up from a child does not count). */
    redWarning: ruleSchema,
    /** Each completion returned by the office (退回重办). */
    returned: ruleSchema,
    /** Leader's rating of the result, 1–5 stars: points by star. */
    rating: z.object({ byStars: z.tuple([points('1 星'), points('2 星'), points('3 星'), points('4 星'), points('5 星')]), clause: clauseSchema }),
    /** A unit's period total is kept within these bounds (the seeds' 加减分封顶). */
    periodCap: z.object({ max: points('加分上限'), min: points('扣分上限') }),
    /** 问责: a unit missing deadlines this many times in a period is flagged. */
    accountabilityMisses: z.number().int().min(1, { error: '次数至少为 1' }).max(100),
    /** Share of a peer group that may be graded 优秀 (0.2 = 20%), rounded down. */
    excellentQuota: z.number().min(0).max(0.5),
    /** Weight of the quantified score in the cadre composite (0.4 = 40%); the rest is the organisation department's part. */
    quantifiedWeight: z.number().min(0).max(1),
    /**
     * How a matter's points are shared: each lead unit takes `lead`, each co-unit `co` (shares of the
     * matter's lines); within a unit's share the responsible leader (牵头领导), the unit head and each
     * handler (承办人) carry the given shares. Absent in books written before the split existed.
     */
    split: z
      .object({
        lead: share('牵头单位分成'),
        co: share('配合单位分成'),
        leader: share('牵头领导分成'),
        unitHead: share('单位负责人分成'),
        handler: share('承办人分成'),
      })
      .default({ lead: 1, co: 0.5, leader: 0.5, unitHead: 1, handler: 1 }),
    /** The tenant's 容错 situations and the areas (matter categories) excluded from 容错. */
    tolerance: z
      .object({
        situations: z.array(z.string().trim().min(1, { error: '容错情形不能为空' }).max(60, { error: '容错情形不超过 60 字' })).min(1, { error: '至少保留一种容错情形' }).max(30),
        exclusions: z.array(z.string().trim().min(1, { error: '排除领域不能为空' }).max(30, { error: '排除领域不超过 30 字' })).max(30),
      })
      .default(() => ({ situations: [...DEFAULT_TOLERANCE_SITUATIONS], exclusions: [...DEFAULT_TOLERANCE_EXCLUSIONS] })),
    /** 加分/扣分 items (批示表扬, 通报表扬/批评, missed reports, disputed inspections) and 满意率; absent in older books. */
    items: itemRulesSchema.default(() => structuredClone(DEFAULT_ITEM_RULES)),
  })
  .refine((b) => b.periodCap.min <= 0 && b.periodCap.max >= 0, { error: '扣分上限须 ≤ 0，加分上限须 ≥ 0', path: ['periodCap'] });

export type RuleBook = z.infer<typeof ruleBookSchema>;

const defaultBase = Object.fromEntries(MATTER_SOURCES.map((s) => [s, 1])) as Record<MatterSource, number>;

/**
 * Defaults from the seeds' practice (Jiamusi's +1 on time / −1 per overdue item / −2 per 退办;
 * 二七区's per-working-day deduction; 优秀 ≤ 20%; quantified score 40% of selection). Every number
 * is editable by 督查办.
 */
export const DEFAULT_RULE_BOOK: RuleBook = {
  name: '督查考核办法（默认）',
  base: { ...defaultBase, superior: 2, leader_instruction: 2, major_project: 2 },
  baseClause: '第 5 条',
  onTime: { factor: 1, clause: '第 6 条' },
  overdueDay: { points: -0.5, capPerMatter: -5, clause: '第 7 条' },
  redWarning: { points: -1, clause: '第 8 条' },
  returned: { points: -2, clause: '第 9 条' },
  rating: { byStars: [-1, -0.5, 0, 0.5, 1], clause: '第 10 条' },
  periodCap: { max: 20, min: -20 },
  accountabilityMisses: 3,
  excellentQuota: 0.2,
  quantifiedWeight: 0.4,
  split: { lead: 1, co: 0.5, leader: 0.5, unitHead: 1, handler: 1 },
  tolerance: { situations: [...DEFAULT_TOLERANCE_SITUATIONS], exclusions: [...DEFAULT_TOLERANCE_EXCLUSIONS] },
  items: DEFAULT_ITEM_RULES,
};


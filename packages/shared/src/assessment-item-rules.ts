import { z } from 'zod';

/**
 * The rule book's 加分/扣分 items and 满意率 (issue 13): separate from the matter rules so the
 * defaults and their sources sit in one place. Every number is editable by 督查办.
 */
const clause = z.string().trim().min(1, { error: '请填写依据条款' }).max(40, { error: '条款不超过 40 字' });
const points = (label: string) =>
  z.number({ error: `${label}须为数字` }).min(-100, { error: `${label}不能小于 -100` }).max(100, { error: `${label}不能大于 100` });
const item = (label: string) => z.object({ points: points(label), clause });
const capped = (label: string) => item(label).extend({ capPerMatter: points(`${label}单项封顶`) });
const bounds = (label: string) =>
  z
    .object({ max: points(`${label}加分上限`), min: points(`${label}扣分上限`) })
    .refine((b) => b.min <= 0 && b.max >= 0, { error: `${label}扣分上限须 ≤ 0，加分上限须 ≥ 0` });

export const itemRulesSchema = z.object({
  /** 批示表扬: a leader's written praise of a unit or cadre (a document). */
  praise: item('批示表扬分值'),
  /** 通报表扬 (a circular praising). */
  commend: item('通报表扬分值'),
  /** 通报批评 (a circular criticising). */
  criticise: item('通报批评分值'),
  /** Per scheduled progress report not made by its due day (derived from the cadence and the reports). */
  missedReport: capped('漏报进展'),
  /** Per field inspection (现场督查) whose finding disputed the reports. */
  disputedInspection: capped('现场核查不实'),
  /** Documented items naming the same matter, per subject and period. */
  capPerMatter: bounds('同一事项加扣分'),
  /** Documented items of one subject in a period (before the period's overall cap). */
  capPerPeriod: bounds('期间加扣分'),
  /** 满意率 into unit points: (rate − baseline) × factor, within [min, max]; none without counted votes. */
  satisfaction: z
    .object({
      baseline: z.number({ error: '满意率基准须为数字' }).min(0, { error: '满意率基准不能小于 0' }).max(100, { error: '满意率基准不能大于 100' }),
      factor: z.number({ error: '满意率折算系数须为数字' }).min(0, { error: '满意率折算系数不能小于 0' }).max(10, { error: '满意率折算系数不能大于 10' }),
      max: points('满意率加分上限').refine((x) => x >= 0, { error: '满意率加分上限须 ≥ 0' }),
      min: points('满意率扣分上限').refine((x) => x <= 0, { error: '满意率扣分上限须 ≤ 0' }),
      clause,
    }),
});
export type ItemRules = z.infer<typeof itemRulesSchema>;

/**
 * Defaults and their sources (../shared/REFERENCES-grid-assessment.md): Jiamusi's ±1/±2 per item [S46]
 * (批示表扬 +2 as 按期 +1 plus +1 for a leader's favourable comment; 通报表扬 +1; 通报批评 −2 as a 退办);
 * a district rule's −10 of 100 for a missing report [S47], on this book's ±20 scale −1 per missed report;
 * a disputed inspection −2 as Jiamusi's 弄虚作假; 满意率 baseline 85 (the 12345 floor [S24]), 0.2 a point,
 * at most ±3 (this book's choice, stated as such).
 */
export const DEFAULT_ITEM_RULES: ItemRules = {
  praise: { points: 2, clause: '第 11 条' },
  commend: { points: 1, clause: '第 12 条' },
  criticise: { points: -2, clause: '第 13 条' },
  missedReport: { points: -1, capPerMatter: -3, clause: '第 14 条' },
  disputedInspection: { points: -2, capPerMatter: -4, clause: '第 15 条' },
  capPerMatter: { max: 5, min: -5 },
  capPerPeriod: { max: 10, min: -10 },
  satisfaction: { baseline: 85, factor: 0.2, max: 3, min: -3, clause: '第 16 条' },
};

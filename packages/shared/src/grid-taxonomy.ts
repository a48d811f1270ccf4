import { z } from 'zod';
import { GRID_URGENCIES, type GridStage, type GridUrgency } from './grid-flow';

/**
 * The standard taxonomy a tenant starts with (GB/T 30428.2 部件和事件, after CJ/T 214): 部件 in 5 major classes
 * (公用设施, 道路交通, 市容环境, 园林绿化, 其他设施) and 事件 in 6 (市容环境, 宣传广告, 施工管理, 街面秩序, 突发事件, 其他),
 * with common subclasses, their urgency, the department usually responsible (by the name a district gives it)
 * and, where practice sets one, their own handling limit (暴露垃圾 4 工作时, 道路不洁 2, 违法建设 20 工作日 …).
 * Codes: BJ = 部件, SJ = 事件, then the major class, then the subclass. Tenants add their own.
 */
export type TaxonomyEntry = {
  code: string;
  name: string;
  kind: 'component' | 'event';
  urgency?: GridUrgency;
  /** Words that pick the responsible department among the tenant's units (first unit whose name holds one). */
  dept?: readonly string[];
  handle?: { amount: number; unit: 'hour' | 'day' };
  children?: readonly TaxonomyEntry[];
};

const C = 'component' as const;
const E = 'event' as const;
const CG = ['城市管理', '城管'];
const ZJ = ['住房和城乡建设', '住建'];
const YL = ['园林', '城市管理', '城管'];

export const STANDARD_TAXONOMY: readonly TaxonomyEntry[] = [
  {
    code: 'BJ01', name: '公用设施', kind: C, children: [
      { code: 'BJ0101', name: '井盖缺失破损', kind: C, urgency: 'urgent', dept: ZJ, handle: { amount: 2, unit: 'hour' } },
      { code: 'BJ0102', name: '路灯不亮', kind: C, dept: CG, handle: { amount: 2, unit: 'day' } },
      { code: 'BJ0103', name: '消防栓损坏', kind: C, dept: ['消防', '应急'] },
      { code: 'BJ0104', name: '供水管线设施损坏', kind: C, dept: ZJ },
    ],
  },
  {
    code: 'BJ02', name: '道路交通', kind: C, children: [
      { code: 'BJ0201', name: '交通信号灯故障', kind: C, urgency: 'urgent', dept: ['交通', '公安'], handle: { amount: 4, unit: 'hour' } },
      { code: 'BJ0202', name: '道路护栏损坏', kind: C, dept: ['交通', '城管'] },
      { code: 'BJ0203', name: '交通标志牌损坏', kind: C, dept: ['交通'] },
      { code: 'BJ0204', name: '盲道破损占用', kind: C, dept: CG },
    ],
  },
  {
    code: 'BJ03', name: '市容环境设施', kind: C, children: [
      { code: 'BJ0301', name: '公共厕所损坏', kind: C, dept: CG },
      { code: 'BJ0302', name: '垃圾箱（桶）破损', kind: C, dept: CG, handle: { amount: 1, unit: 'day' } },
      { code: 'BJ0303', name: '公共座椅损坏', kind: C, dept: CG },
    ],
  },
  {
    code: 'BJ04', name: '园林绿化设施', kind: C, children: [
      { code: 'BJ0401', name: '行道树倒伏', kind: C, urgency: 'urgent', dept: YL, handle: { amount: 4, unit: 'hour' } },
      { code: 'BJ0402', name: '绿地护栏损坏', kind: C, dept: YL },
      { code: 'BJ0403', name: '古树名木受损', kind: C, dept: YL },
    ],
  },
  { code: 'BJ05', name: '其他设施', kind: C, children: [{ code: 'BJ0501', name: '其他部件问题', kind: C }] },
  {
    code: 'SJ01', name: '市容环境', kind: E, children: [
      { code: 'SJ0101', name: '暴露垃圾', kind: E, dept: CG, handle: { amount: 4, unit: 'hour' } },
      { code: 'SJ0102', name: '道路不洁', kind: E, dept: CG, handle: { amount: 2, unit: 'hour' } },
      { code: 'SJ0103', name: '积存垃圾渣土', kind: E, dept: CG, handle: { amount: 1, unit: 'day' } },
      { code: 'SJ0104', name: '水域不洁', kind: E, dept: ['水利', '城管'] },
      { code: 'SJ0105', name: '焚烧垃圾树叶', kind: E, dept: ['生态环境', '环保', '城管'], handle: { amount: 2, unit: 'hour' } },
    ],
  },
  {
    code: 'SJ02', name: '宣传广告', kind: E, children: [
      { code: 'SJ0201', name: '非法小广告', kind: E, dept: CG, handle: { amount: 1, unit: 'day' } },
      { code: 'SJ0202', name: '违规户外广告', kind: E, dept: CG },
    ],
  },
  {
    code: 'SJ03', name: '施工管理', kind: E, children: [
      { code: 'SJ0301', name: '施工扰民', kind: E, dept: ZJ, handle: { amount: 1, unit: 'day' } },
      { code: 'SJ0302', name: '施工扬尘', kind: E, dept: ['生态环境', '住建'], handle: { amount: 4, unit: 'hour' } },
      { code: 'SJ0303', name: '违法建设', kind: E, dept: CG, handle: { amount: 20, unit: 'day' } },
      { code: 'SJ0304', name: '道路破损未修复', kind: E, dept: ZJ },
    ],
  },
  {
    code: 'SJ04', name: '街面秩序', kind: E, children: [
      { code: 'SJ0401', name: '占道经营', kind: E, dept: CG, handle: { amount: 4, unit: 'hour' } },
      { code: 'SJ0402', name: '店外经营', kind: E, dept: CG, handle: { amount: 4, unit: 'hour' } },
      { code: 'SJ0403', name: '乱堆物堆料', kind: E, dept: CG, handle: { amount: 1, unit: 'day' } },
      { code: 'SJ0404', name: '机动车乱停放', kind: E, dept: ['交通', '公安'] },
      { code: 'SJ0405', name: '非机动车乱停放', kind: E, dept: CG, handle: { amount: 4, unit: 'hour' } },
    ],
  },
  {
    code: 'SJ05', name: '突发事件', kind: E, children: [
      { code: 'SJ0501', name: '路面塌陷', kind: E, urgency: 'critical', dept: ZJ, handle: { amount: 2, unit: 'hour' } },
      { code: 'SJ0502', name: '供水管道破裂', kind: E, urgency: 'critical', dept: ZJ, handle: { amount: 2, unit: 'hour' } },
      { code: 'SJ0503', name: '道路积水', kind: E, urgency: 'urgent', dept: ZJ, handle: { amount: 4, unit: 'hour' } },
      { code: 'SJ0504', name: '燃气泄漏', kind: E, urgency: 'critical', dept: ['应急', '住建'], handle: { amount: 1, unit: 'hour' } },
    ],
  },
  {
    code: 'SJ06', name: '其他事件', kind: E, children: [
      { code: 'SJ0601', name: '邻里纠纷', kind: E, dept: ['司法'] },
      { code: 'SJ0602', name: '其他事件问题', kind: E },
    ],
  },
];

/** The taxonomy's handling limits as rows of a limit version ('handle' stage, every urgency), by code. */
export function taxonomyHandleLimits(): { code: string; stage: GridStage; amount: number; unit: 'hour' | 'day' }[] {
  return STANDARD_TAXONOMY.flatMap((major) => (major.children ?? []).flatMap((c) => (c.handle ? [{ code: c.code, stage: 'handle' as const, ...c.handle }] : [])));
}

/** A category as the admin page edits it. */
export const gridCategoryInputSchema = z.object({
  parentId: z.number().int().positive().nullable(),
  kind: z.enum(['component', 'event'], { error: '请选择部件或事件' }),
  code: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{2,20}$/, { error: '编码为 2–20 位字母、数字' }),
  name: z.string().trim().min(1, { error: '请填写名称' }).max(50, { error: '名称不超过 50 字' }),
  urgency: z.enum(GRID_URGENCIES).default('normal'),
  defaultUnitId: z.number().int().positive().nullable().default(null),
  duplicateRadiusM: z.number().int().min(0, { error: '查重半径不能为负' }).max(5000, { error: '查重半径不超过 5000 米' }).default(250),
  public: z.boolean().default(true),
  active: z.boolean().default(true),
});
export type GridCategoryInput = z.infer<typeof gridCategoryInputSchema>;

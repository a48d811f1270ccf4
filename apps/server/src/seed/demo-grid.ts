import { DEFAULT_GRID_LEVEL_NAMES, type CellGeometry } from '@duban/shared';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../db/schema';
import { mobileColumns } from '../lib/pii-at-rest';
import { bumpCellsVersion } from '../modules/grid/cell-assign';
import { seedGridDefaults } from '../modules/grid/grid-setup';
import { polygonColumns } from '../modules/grid/grid-cells.service';
import type { DemoStep } from './demo.seed';
import { blockPolygon, splitBlock, type Block, type Lattice } from './grid-lattice';
import { chineseName, mobileNumber, pick } from './random';

/**
 * The demo tenant's grid over 二七区 (issue 16): every street office and the town as level-1 cells, their
 * communities (社区) and villages (村) as level 2, and 420 level-3 cells (楼院网格 in the city, 村民组 in the
 * countryside) tiling the district without gaps: the urban streets over lon 113.60–113.67, lat 34.70–34.75 (their
 * places roughly as on the map, north to south), the town and the southern streets below them. Codes follow the
 * 6 + 3 + 3 + 3 rule (410103 二七区; communities 0xx, villages 2xx; the town 100). Every cell has a 网格长 and
 * members (people of the street office, some cadres sunk from departments), every community a 监督员 from the
 * 城管局; the demo accounts `wangge` and `wangge2` are 网格长 (grid_leader) of cells in 五里堡 and 淮河路.
 */

const DISTRICT = '410103';

// West → east in rows from north to south; rows of quads per street band (north first) and the town band below.
const URBAN_ROWS: { height: number; streets: string[] }[] = [
  { height: 4, streets: ['建中街街道办事处', '铭功路街道办事处', '解放路街道办事处', '德化街街道办事处'] },
  { height: 3, streets: ['淮河路街道办事处', '五里堡街道办事处', '福华街街道办事处', '一马路街道办事处'] },
  { height: 4, streets: ['嵩山路街道办事处', '长江路街道办事处', '大学路街道办事处', '蜜蜂张街道办事处'] },
  { height: 3, streets: ['人和路街道办事处', '嵩山南路街道办事处', '金水源街道办事处', '京广路街道办事处'] },
];
const RURAL: { unit: string; width: number }[] = [
  { unit: '马寨镇人民政府', width: 7 },
  { unit: '樱桃沟街道办事处', width: 5 },
  { unit: '侯寨街道办事处', width: 4 },
  { unit: '金岱街道办事处', width: 4 },
];

export const DEMO_URBAN: Lattice = { west: 113.6, south: 34.7, dx: 0.0035, dy: 0.05 / 14, cols: 20, rows: 14, jitter: 0.32, seed: 16, straightRows: [0] };
export const DEMO_RURAL: Lattice = { west: 113.53, south: 34.63, dx: 0.007, dy: 0.01, cols: 20, rows: 7, jitter: 0.3, seed: 61, straightRows: [7] };

const ROADS = [
  '幸福路', '兴华南街', '陇海路', '政通路', '民主路', '航海路', '桃源路', '永安街', '敦睦路', '钱塘路', '汝河路', '庆丰街', '连云路', '福寿街',
  '苗圃', '康桥华城', '升龙', '华山路', '勤劳街', '保全街', '工人路', '碧云路', '兴华北街', '绿云', '隆福路', '齐礼阎', '五里堡', '大学南路',
  '京广南路', '长江东路', '绿东村', '建新街', '祥云', '铁道', '春晖', '长江中路', '锦绣', '光华', '帝湖', '芝麻街', '百花', '育英', '平安',
  '兴华', '淮河东路', '嵩山南路', '凯旋', '交通路', '橄榄城', '绿都', '碧桂园', '正商', '郑飞', '铁英', '王砦', '秦岭路', '嵩山北路', '冯庄',
  '侯寨路', '南四环', '马寨', '大学北路', '沁河路', '杏园路', '汉江路', '伏牛路', '申江', '汇金', '亚星', '名门',
];
const VILLAGES = [
  '刘胡垌', '郭家咀', '小李庄', '尖岗', '沙窝李', '董岗', '杨寨', '王垌', '张李垌', '钓鱼台', '南屏', '樱桃沟', '老邢', '后孙庄', '柏庄', '皇帝岭',
  '罗家', '沟赵', '刘砦', '三李', '马寨', '王庄', '郑庄', '东耿庄', '河刘', '小魏砦', '闫家嘴', '曹洼', '张沟', '牛寨', '马洞', '大湾', '菜王',
  '侯寨', '黄岗', '阎垌', '冯湾', '贾砦', '席寨', '孙庄', '黄庄', '郝家', '冀垌', '新田', '任庄', '圣佛寺', '上李河', '下李河',
];
const NUMBERS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二'];

type PlannedCell = { code: string; level: number; name: string; parentCode: string | null; polygon: CellGeometry; unitId: number | null; streetUnitId: number };

/** The cells of the demo grid (no database): 20 level-1, their communities and villages, 420 level-3 cells. */
export function planDemoGrid(unitIds: Map<string, number>): PlannedCell[] {
  const unit = (name: string) => {
    const id = unitIds.get(name);
    if (id === undefined) throw new Error(`demo grid: unit missing: ${name}`);
    return id;
  };
  const out: PlannedCell[] = [];
  let roads = 0;
  let villages = 0;
  const addStreet = (lattice: Lattice, unitName: string, code: string, block: Block, rural: boolean) => {
    const streetUnitId = unit(unitName);
    const streetName = unitName.replace(/办事处$/, '').replace(/人民政府$/, '');
    const streetCode = `${DISTRICT}${code}000000`;
    out.push({ code: streetCode, level: 1, name: streetName, parentCode: null, polygon: blockPolygon(lattice, block), unitId: streetUnitId, streetUnitId });
    splitBlock(block, rural ? 2 : 3, 2).forEach((cb, ci) => {
      // Names are unique in the district: a road name used again gets a side (幸福路东社区), and a cell is named
      // with its community (工人路社区第一网格), as Zhengzhou's grids are, so a name alone never needs its parent.
      const round = Math.floor((rural ? villages : roads) / (rural ? VILLAGES.length : ROADS.length));
      const side = ['', '东', '西', '南', '北'][round] ?? String(round + 1);
      const cname = rural ? `${VILLAGES[villages++ % VILLAGES.length]}${side}村` : `${ROADS[roads++ % ROADS.length]}${side}社区`;
      const ccode = `${DISTRICT}${code}${String((rural ? 201 : 1) + ci).padStart(3, '0')}000`;
      out.push({ code: ccode, level: 2, name: cname, parentCode: streetCode, polygon: blockPolygon(lattice, cb), unitId: null, streetUnitId });
      splitBlock(cb, 1, 1).forEach((qb, qi) => {
        out.push({
          code: `${ccode.slice(0, 12)}${String(qi + 1).padStart(3, '0')}`,
          level: 3,
          name: rural ? `${cname}第${NUMBERS[qi] ?? qi + 1}村民组` : `${cname}第${NUMBERS[qi] ?? qi + 1}网格`,
          parentCode: ccode,
          polygon: blockPolygon(lattice, qb),
          unitId: null,
          streetUnitId,
        });
      });
    });
  };
  let seq = 0;
  let top = DEMO_URBAN.rows;
  for (const band of URBAN_ROWS) {
    band.streets.forEach((s, k) => addStreet(DEMO_URBAN, s, String(++seq).padStart(3, '0'), { c0: k * 5, c1: k * 5 + 5, r0: top - band.height, r1: top }, false));
    top -= band.height;
  }
  let c0 = 0;
  for (const r of RURAL) {
    const code = r.unit.endsWith('人民政府') ? '100' : String(++seq).padStart(3, '0');
    addStreet(DEMO_RURAL, r.unit, code, { c0, c1: c0 + r.width, r0: 0, r1: DEMO_RURAL.rows }, true);
    c0 += r.width;
  }
  return out;
}

/** The demo grid, with its staff, as a demo step (runs after the organisation; batched: a handful of statements). */
export const demoGridStep: DemoStep = async (deps, trx, ctx) => {
  const t = ctx.tenantId;
  const rand = ctx.rand;
  const today = '2026-01-01';
  await trx
    .insertInto('grid_levels')
    .values(Object.entries(DEFAULT_GRID_LEVEL_NAMES).map(([level, name]) => ({ tenant_id: t, level: Number(level), name })))
    .execute();
  const plan = planDemoGrid(ctx.unitIds);
  const idByCode = new Map<string, number>();
  for (const level of [1, 2, 3]) {
    const rows = await trx
      .insertInto('grid_cells')
      .values(
        plan
          .filter((c) => c.level === level)
          .map((c) => ({ tenant_id: t, level, code: c.code, name: c.name, unit_id: c.unitId, parent_id: c.parentCode ? (idByCode.get(c.parentCode) ?? null) : null, valid_from: today, ...polygonColumns(c.polygon) })),
      )
      .returning(['id', 'code'])
      .execute();
    for (const r of rows) idByCode.set(r.code, r.id);
  }

  // Staff: the street's head leads its level-1 cell; new people of the street office lead communities and cells
  // (社区书记, 网格长) with a 专职网格员 each; every third cell also has a cadre sunk from a department (下沉干部);
  // each community has a 监督员 from the 城管局.
  const existing = await trx.selectFrom('people').select(['id', 'unit_id', 'is_unit_head']).where('tenant_id', '=', t).execute();
  const headOf = new Map(existing.filter((p) => p.is_unit_head).map((p) => [p.unit_id, p.id]));
  const streetUnits = new Set(plan.map((c) => c.streetUnitId));
  const inspectorsUnit = ctx.unitIds.get('区城市管理局');
  const inspectors = existing.filter((p) => p.unit_id === inspectorsUnit).map((p) => p.id);
  const cadres = existing.filter((p) => !streetUnits.has(p.unit_id) && !p.is_unit_head && p.unit_id !== ctx.unitIds.get('区领导')).map((p) => p.id);
  type NewPerson = { key: string; unitId: number; title: string };
  const fresh: NewPerson[] = [];
  for (const c of plan) {
    if (c.level === 2) fresh.push({ key: `${c.code}/leader`, unitId: c.streetUnitId, title: c.name.endsWith('村') ? '村党支部书记' : '社区党委书记' });
    if (c.level === 3) {
      fresh.push({ key: `${c.code}/leader`, unitId: c.streetUnitId, title: '网格长' });
      fresh.push({ key: `${c.code}/member`, unitId: c.streetUnitId, title: '专职网格员' });
    }
  }
  const used = new Set<string>();
  const inserted = await trx
    .insertInto('people')
    .values(
      fresh.map((p) => {
        let mobile = mobileNumber(rand);
        while (used.has(mobile)) mobile = mobileNumber(rand);
        used.add(mobile);
        return { tenant_id: t, unit_id: p.unitId, name: chineseName(rand), rank: 'staff' as const, title: p.title, ...mobileColumns(deps.secretKey, mobile) };
      }),
    )
    .returning('id')
    .execute();
  const personOf = new Map(fresh.map((p, i) => [p.key, inserted[i]?.id ?? 0]));
  const staff: { tenant_id: number; cell_id: number; person_id: number; duty: 'leader' | 'member' | 'supervisor'; valid_from: string }[] = [];
  let n = 0;
  for (const c of plan) {
    const cellId = idByCode.get(c.code) ?? 0;
    const add = (person_id: number | undefined, duty: 'leader' | 'member' | 'supervisor') => {
      if (person_id) staff.push({ tenant_id: t, cell_id: cellId, person_id, duty, valid_from: today });
    };
    if (c.level === 1) add(headOf.get(c.streetUnitId), 'leader');
    if (c.level === 2) {
      add(personOf.get(`${c.code}/leader`), 'leader');
      if (inspectors.length) add(pick(rand, inspectors), 'supervisor');
    }
    if (c.level === 3) {
      add(personOf.get(`${c.code}/leader`), 'leader');
      add(personOf.get(`${c.code}/member`), 'member');
      if (n++ % 3 === 0 && cadres.length) add(pick(rand, cadres), 'member');
    }
  }
  for (let i = 0; i < staff.length; i += 1000) await trx.insertInto('grid_staff').values(staff.slice(i, i + 1000)).execute();

  // The demo 网格长 accounts: the leaders of 五里堡's and 淮河路's first cells.
  for (const [username, street] of [
    ['wangge', '五里堡街道办事处'],
    ['wangge2', '淮河路街道办事处'],
  ] as const) {
    const first = plan.find((c) => c.level === 3 && c.streetUnitId === ctx.unitIds.get(street));
    const personId = first ? personOf.get(`${first.code}/leader`) : undefined;
    if (!personId) continue;
    const p = await trx.selectFrom('people').select('name').where('id', '=', personId).executeTakeFirstOrThrow();
    await trx.updateTable('accounts').set({ person_id: personId, display_name: p.name }).where('tenant_id', '=', t).where('username', '=', username).execute();
    ctx.personByAccount.set(username, personId);
  }
  await bumpCellsVersion(trx, t);
  // The standard taxonomy (部件/事件) and the first time-limit table, so the phone page has categories to report.
  await seedGridDefaults(trx, t, new Date(`${today}T00:00:00+08:00`));
};

export type DemoGridPoint = { cellId: number; code: string; name: string; streetUnitId: number | null; lon: number; lat: number; leaderPersonId: number | null; leaderAccountId: number | null };

/**
 * Every current level-3 cell of a tenant with a point inside it (the centre of its outline) and its 网格长: what a
 * later demo step (grid problems) needs to place problems where a 网格长 would report them.
 */
export async function demoGridPoints(db: Kysely<DB> | Transaction<DB>, tenantId: number): Promise<DemoGridPoint[]> {
  const rows = await db
    .selectFrom('grid_cells as c')
    .innerJoin('grid_cells as m', 'm.id', 'c.parent_id')
    .innerJoin('grid_cells as s', 's.id', 'm.parent_id')
    .select([
      'c.id',
      'c.code',
      'c.name',
      'c.polygon',
      's.unit_id as street_unit_id',
      sql<number | null>`(select person_id from grid_staff g where g.cell_id = c.id and g.duty = 'leader' and g.valid_to is null order by g.id limit 1)`.as('leader_person_id'),
      sql<number | null>`(select a.id from grid_staff g join accounts a on a.person_id = g.person_id where g.cell_id = c.id and g.duty = 'leader' and g.valid_to is null order by a.id limit 1)`.as('leader_account_id'),
    ])
    .where('c.tenant_id', '=', tenantId)
    .where('c.level', '=', 3)
    .where('c.valid_to', 'is', null)
    .orderBy('c.code')
    .execute();
  return rows.map((r) => {
    const g = (typeof r.polygon === 'string' ? JSON.parse(r.polygon) : r.polygon) as CellGeometry | null;
    const ring = (g?.type === 'Polygon' ? g.coordinates[0] : g?.coordinates[0]?.[0]) ?? [];
    const pts = ring.slice(0, -1);
    const lon = pts.reduce((s, p) => s + Number(p[0]), 0) / Math.max(pts.length, 1);
    const lat = pts.reduce((s, p) => s + Number(p[1]), 0) / Math.max(pts.length, 1);
    return { cellId: r.id, code: r.code, name: r.name, streetUnitId: r.street_unit_id, lon: Math.round(lon * 1e6) / 1e6, lat: Math.round(lat * 1e6) / 1e6, leaderPersonId: r.leader_person_id, leaderAccountId: r.leader_account_id };
  });
}

import ExcelJS from 'exceljs';
import {
  cellGeometrySchema,
  GRID_DUTY_LABELS,
  GRID_GEOJSON_CODE_KEYS,
  gridCodeLevel,
  gridCodeProblem,
  gridCodePrefix,
  gridCodeLength,
  gridGeoJsonSchema,
  isIsoDate,
  parseGridDuty,
  shanghaiDate,
  type CellGeometry,
  type GridDuty,
} from '@duban/shared';
import { sql } from 'kysely';
import { AppError } from '../../errors';
import { requirePermission, type Actor } from '../../lib/actor';
import { mobileQueryHash } from '../../lib/pii-at-rest';
import { inTransaction, type Deps } from '../../lib/deps';
import { addTemplateSheet, failImport, loadWorkbook, readSheet, type ImportIssue, type TemplateColumn } from '../../lib/xlsx';
import { recordTrace } from '../trace/trace.service';
import { bumpCellsVersion } from './cell-assign';
import { gridLevels, openNewVersion, polygonColumns } from './grid-cells.service';

/**
 * Importing the grid (issue 16), all or nothing like the organisation import (modules/org/import.service.ts):
 * the tree and its staff from the Excel template, every row checked first and every problem reported in Chinese
 * with its sheet, row and column; then the polygons from a GeoJSON FeatureCollection, features matched to cells
 * by a code property, every feature checked first. Sized for a city (13,869 cells, 45,000 staff): rows are written
 * in batches, one trace entry for the import.
 */

const CELL_SHEET = '网格';
const STAFF_SHEET = '网格人员';

const CELL_COLUMNS: TemplateColumn[] = [
  { header: '网格编码', required: true, width: 20, note: '15 位数字：6 位区县代码 + 3 位街道 + 3 位社区 + 3 位网格序号；街道级后 6 位为 0，社区级后 3 位为 0。请设为文本格式', example: '410103006001001' },
  { header: '网格名称', required: true, width: 20, example: '幸福路社区第一网格' },
  { header: '上级网格编码', width: 20, note: '可不填：按编码推出；上级须已在系统中，或在本表中出现' },
  { header: '所属单位', width: 24, note: '街道办事处、乡镇或社区的单位名称（须已在组织架构中）' },
  { header: '生效日期', width: 12, note: 'YYYY-MM-DD，不填为今天' },
];

const STAFF_COLUMNS: TemplateColumn[] = [
  { header: '网格编码', required: true, width: 20, note: '须已在系统中，或在“网格”表中' },
  { header: '姓名', required: true, width: 10, example: '张三' },
  { header: '职责', required: true, width: 10, note: `可填：${Object.values(GRID_DUTY_LABELS).join('、')}；每个网格一名网格长` },
  { header: '手机', width: 14, note: '用于找到组织架构中的人员（与姓名一致）' },
  { header: '所属单位', width: 24, note: '没有手机号时，按“所属单位 + 姓名”找人员' },
  { header: '账号', width: 14, note: '网格员账号的用户名（不在组织架构中的专职网格员）' },
];

/** The template: the tree and its staff on two sheets, codes as text. */
export async function gridTemplate(_deps: Deps, actor: Actor): Promise<Buffer> {
  requirePermission(actor, 'grid.manage');
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Duban 智慧督查';
  const cells = addTemplateSheet(wb, CELL_SHEET, CELL_COLUMNS);
  const staff = addTemplateSheet(wb, STAFF_SHEET, STAFF_COLUMNS);
  for (const ws of [cells, staff]) ws.getColumn(1).numFmt = '@';
  cells.getColumn(3).numFmt = '@';
  return Buffer.from(await wb.xlsx.writeBuffer());
}

type PlannedCell = { row: number; code: string; name: string; level: number; parentCode: string | null; unitId: number | null; validFrom: string; existingId: number | null };
type PlannedStaff = { row: number; code: string; personId: number | null; accountId: number | null; duty: GridDuty; name: string };

export type GridImportSummary = { cells: { created: number; updated: number }; staff: { added: number; unchanged: number } };

export async function importGrid(deps: Deps, actor: Actor, file: Buffer): Promise<GridImportSummary> {
  requirePermission(actor, 'grid.manage');
  const t = actor.tenantId;
  const wb = await loadWorkbook(file);
  const issues: ImportIssue[] = [];
  const cellRows = readSheet(wb, CELL_SHEET, CELL_COLUMNS, issues);
  const staffRows = wb.sheets[STAFF_SHEET] ? readSheet(wb, STAFF_SHEET, STAFF_COLUMNS, issues) : [];
  if (issues.length) failImport(issues);

  const today = shanghaiDate(deps.clock.now());
  const [levels, existing, units] = await Promise.all([
    gridLevels(deps.db, t),
    deps.db.selectFrom('grid_cells').select(['id', 'code', 'level']).where('tenant_id', '=', t).where('valid_to', 'is', null).execute(),
    deps.db.selectFrom('units').select(['id', 'name', 'short_name']).where('tenant_id', '=', t).execute(),
  ]);
  const existingByCode = new Map(existing.map((c) => [c.code, c]));
  const unitByName = new Map<string, number>();
  for (const u of units) {
    unitByName.set(u.name, u.id);
    if (u.short_name && !unitByName.has(u.short_name)) unitByName.set(u.short_name, u.id);
  }

  const planned = new Map<string, PlannedCell>();
  for (const { row, cells } of cellRows) {
    const issue = (column: string, message: string) => issues.push({ sheet: CELL_SHEET, row, column, message });
    const code = (cells['网格编码'] ?? '').replace(/\s/g, '');
    const name = cells['网格名称'] ?? '';
    const level = gridCodeLevel(code);
    if (!code) issue('网格编码', '不能为空');
    else if (level === null) issue('网格编码', gridCodeProblem(code, 1, null) ?? `“${code}”不是有效的网格编码`);
    else if (level > levels.length) issue('网格编码', `“${code}”是第 ${level} 级网格，本辖区只设了 ${levels.length} 级`);
    if (!name) issue('网格名称', '不能为空');
    else if (name.length > 60) issue('网格名称', '不能超过 60 个字');
    if (code && planned.has(code)) issue('网格编码', `与本表第 ${planned.get(code)?.row} 行重复：${code}`);
    let parentCode: string | null = (cells['上级网格编码'] ?? '').replace(/\s/g, '') || null;
    if (level !== null && level > 1) {
      const implied = gridCodePrefix(code, level - 1).padEnd(gridCodeLength(level - 1), '0');
      if (parentCode && parentCode !== implied) issue('上级网格编码', `“${parentCode}”与网格编码不符：按编码，上级应为“${implied}”`);
      parentCode = implied;
    } else if (level === 1 && parentCode) {
      issue('上级网格编码', '街道/乡镇级网格不能有上级网格');
      parentCode = null;
    }
    const unitName = cells['所属单位'] ?? '';
    const unitId = unitName ? (unitByName.get(unitName) ?? null) : null;
    if (unitName && unitId === null) issue('所属单位', `“${unitName}”不在组织架构中`);
    const from = cells['生效日期'] || today;
    if (!isIsoDate(from)) issue('生效日期', `“${from}”应为 YYYY-MM-DD 格式的日期`);
    if (code && level !== null && name && !planned.has(code)) {
      planned.set(code, { row, code, name, level, parentCode, unitId, validFrom: from, existingId: existingByCode.get(code)?.id ?? null });
    }
  }
  for (const c of planned.values()) {
    if (c.level === 1 || !c.parentCode) continue;
    if (!planned.has(c.parentCode) && !existingByCode.has(c.parentCode)) {
      issues.push({ sheet: CELL_SHEET, row: c.row, column: '上级网格编码', message: `上级网格“${c.parentCode}”不存在（须已在系统中，或在本表中）` });
    }
  }

  const knownCodes = new Set([...existingByCode.keys(), ...planned.keys()]);
  const staff: PlannedStaff[] = [];
  if (staffRows.length) {
    const [people, accounts] = await Promise.all([
      deps.db.selectFrom('people as p').innerJoin('units as u', 'u.id', 'p.unit_id').select(['p.id', 'p.name', 'p.mobile_hash', 'u.name as unit_name', 'u.short_name']).where('p.tenant_id', '=', t).execute(),
      deps.db.selectFrom('accounts').select(['id', 'username', 'person_id', 'display_name']).where('tenant_id', '=', t).execute(),
    ]);
    const byMobile = new Map<string, (typeof people)[number][]>();
    const byUnitName = new Map<string, (typeof people)[number][]>();
    for (const p of people) {
      if (p.mobile_hash) byMobile.set(p.mobile_hash, [...(byMobile.get(p.mobile_hash) ?? []), p]);
      for (const u of [p.unit_name, p.short_name]) if (u) byUnitName.set(`${u}/${p.name}`, [...(byUnitName.get(`${u}/${p.name}`) ?? []), p]);
    }
    const accountByName = new Map(accounts.map((a) => [a.username, a]));
    const seen = new Set<string>();
    const leaders = new Map<string, number>();
    for (const { row, cells } of staffRows) {
      const issue = (column: string, message: string) => issues.push({ sheet: STAFF_SHEET, row, column, message });
      const code = (cells['网格编码'] ?? '').replace(/\s/g, '');
      const name = cells['姓名'] ?? '';
      const duty = parseGridDuty(cells['职责'] ?? '');
      if (!code) issue('网格编码', '不能为空');
      else if (!knownCodes.has(code)) issue('网格编码', `网格“${code}”不存在（须已在系统中，或在“网格”表中）`);
      if (!name) issue('姓名', '不能为空');
      if (!duty) issue('职责', `“${cells['职责'] ?? ''}”不是有效的职责，可填：${Object.values(GRID_DUTY_LABELS).join('、')}`);
      let personId: number | null = null;
      let accountId: number | null = null;
      const username = cells['账号'] ?? '';
      const mobile = cells['手机'] ?? '';
      const unitName = cells['所属单位'] ?? '';
      if (username) {
        const a = accountByName.get(username);
        if (!a) issue('账号', `账号“${username}”不存在`);
        else {
          accountId = a.id;
          personId = a.person_id;
        }
      }
      if (personId === null && name && (mobile || unitName)) {
        const hash = mobile ? mobileQueryHash(deps.secretKey, mobile) : null;
        const found = mobile ? (hash ? (byMobile.get(hash) ?? []) : []).filter((p) => p.name === name) : (byUnitName.get(`${unitName}/${name}`) ?? []);
        if (found.length === 1) personId = found[0]?.id ?? null;
        else if (found.length > 1) issue(mobile ? '手机' : '所属单位', `找到多名“${name}”，请填写手机号区分`);
        else issue(mobile ? '手机' : '所属单位', mobile ? `组织架构中没有手机号为 ${mobile} 的“${name}”` : `“${unitName}”中没有名为“${name}”的人员`);
      } else if (personId === null && accountId === null && name) {
        issue('手机', '请填写手机号、所属单位或账号，以确定是哪一位人员');
      }
      if (!code || !duty || (personId === null && accountId === null)) continue;
      const who = personId !== null ? `p${personId}` : `a${accountId}`;
      const key = `${code}/${who}/${duty}`;
      if (seen.has(key)) {
        issue('姓名', `与本表前面的行重复：${name}（${GRID_DUTY_LABELS[duty]}）`);
        continue;
      }
      seen.add(key);
      if (duty === 'leader') {
        const prev = leaders.get(code);
        if (prev !== undefined) issue('职责', `网格“${code}”在本表第 ${prev} 行已有网格长，每个网格一名网格长`);
        leaders.set(code, row);
      }
      staff.push({ row, code, personId, accountId, duty, name });
    }
  }
  if (issues.length) failImport(issues);
  return applyGridImport(deps, actor, [...planned.values()], staff, today);
}

const CHUNK = 1000;
function chunks<T>(items: T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

async function applyGridImport(deps: Deps, actor: Actor, cells: PlannedCell[], staff: PlannedStaff[], today: string): Promise<GridImportSummary> {
  const t = actor.tenantId;
  return inTransaction(deps.db, async (trx) => {
    const summary: GridImportSummary = { cells: { created: 0, updated: 0 }, staff: { added: 0, unchanged: 0 } };
    const idByCode = new Map(
      (await trx.selectFrom('grid_cells').select(['id', 'code']).where('tenant_id', '=', t).where('valid_to', 'is', null).execute()).map((c) => [c.code, c.id]),
    );
    // Names and units of cells already there change in place (a new polygon is the GeoJSON import's business).
    const updates = cells.filter((c) => c.existingId !== null);
    for (const part of chunks(updates)) {
      await sql`
        update grid_cells g set name = v.name, unit_id = coalesce(v.unit_id, g.unit_id)
        from (values ${sql.join(part.map((c) => sql`(${c.existingId}::int, ${c.name}::text, ${c.unitId}::int)`))}) as v(id, name, unit_id)
        where g.id = v.id and g.tenant_id = ${t}`.execute(trx);
      summary.cells.updated += part.length;
    }
    // New cells level by level, so each level's parents have ids.
    const fresh = cells.filter((c) => c.existingId === null).sort((a, b) => a.level - b.level || (a.code < b.code ? -1 : 1));
    const byLevel = [...new Set(fresh.map((c) => c.level))].map((l) => fresh.filter((c) => c.level === l));
    for (const part of byLevel.flatMap((level) => chunks(level))) {
      const rows = await trx
        .insertInto('grid_cells')
        .values(part.map((c) => ({ tenant_id: t, level: c.level, code: c.code, name: c.name, unit_id: c.unitId, parent_id: c.parentCode ? (idByCode.get(c.parentCode) ?? null) : null, valid_from: c.validFrom })))
        .returning(['id', 'code'])
        .execute();
      for (const r of rows) idByCode.set(r.code, r.id);
      summary.cells.created += rows.length;
    }
    if (staff.length) {
      const cellIds = [...new Set(staff.map((s) => idByCode.get(s.code)).filter((x): x is number => x !== undefined))];
      const current = [];
      for (const part of chunks(cellIds, 5000)) current.push(...(await trx.selectFrom('grid_staff').selectAll().where('cell_id', 'in', part).where('valid_to', 'is', null).execute()));
      const has = new Set(current.map((s) => `${s.cell_id}/${s.person_id ?? ''}/${s.account_id ?? ''}/${s.duty}`));
      const currentLeader = new Map(current.filter((s) => s.duty === 'leader').map((s) => [s.cell_id, s]));
      const toEnd: number[] = [];
      const toAdd: { tenant_id: number; cell_id: number; person_id: number | null; account_id: number | null; duty: GridDuty; valid_from: string }[] = [];
      for (const s of staff) {
        const cellId = idByCode.get(s.code);
        if (cellId === undefined) continue;
        if (has.has(`${cellId}/${s.personId ?? ''}/${s.accountId ?? ''}/${s.duty}`)) {
          summary.staff.unchanged++;
          continue;
        }
        if (s.duty === 'leader') {
          const prev = currentLeader.get(cellId);
          if (prev) toEnd.push(prev.id);
        }
        toAdd.push({ tenant_id: t, cell_id: cellId, person_id: s.personId, account_id: s.accountId, duty: s.duty, valid_from: today });
      }
      for (const part of chunks(toEnd)) await trx.updateTable('grid_staff').set({ valid_to: today }).where('id', 'in', part).execute();
      for (const part of chunks(toAdd)) await trx.insertInto('grid_staff').values(part).execute();
      summary.staff.added = toAdd.length;
    }
    if (summary.cells.created || summary.cells.updated) await bumpCellsVersion(trx, t);
    await recordTrace(trx, deps.clock, actor, { action: 'grid.import', entityType: 'grid', entityId: t, after: summary });
    return summary;
  });
}

export type PolygonImportSummary = { matched: number; updated: number; redrawn: number; unchanged: number };

function featureCode(properties: Record<string, unknown> | null | undefined): string | null {
  if (!properties) return null;
  for (const k of GRID_GEOJSON_CODE_KEYS) {
    const v = properties[k];
    if (typeof v === 'string' && v.trim()) return v.trim();
    if (typeof v === 'number' && Number.isSafeInteger(v)) return String(v);
  }
  return null;
}

/**
 * Polygons from a GeoJSON FeatureCollection (WGS-84/CGCS2000 lon/lat), each feature matched to a current cell by its
 * code property (code, grid_code, 网格编码 …). All or nothing: every feature is checked, and each problem named
 * with the feature's position and code. A cell without a polygon gets it in place; a cell whose polygon changes is
 * re-drawn as a new version from today (its problems keep the old one).
 */
export async function importPolygons(deps: Deps, actor: Actor, text: string): Promise<PolygonImportSummary> {
  requirePermission(actor, 'grid.manage');
  const t = actor.tenantId;
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    throw new AppError('grid_geojson_invalid', '文件不是有效的 JSON：请上传 GeoJSON（.geojson / .json）文件');
  }
  const fc = gridGeoJsonSchema.safeParse(json);
  if (!fc.success) throw new AppError('grid_geojson_invalid', `不是有效的 GeoJSON FeatureCollection：${fc.error.issues[0]?.message ?? ''}`);
  const cells = await deps.db.selectFrom('grid_cells').select(['id', 'code', 'polygon', 'valid_from']).where('tenant_id', '=', t).where('valid_to', 'is', null).execute();
  const byCode = new Map(cells.map((c) => [c.code, c]));
  const issues: { feature: number; code: string | null; message: string }[] = [];
  const planned: { id: number; code: string; polygon: CellGeometry; had: boolean; validFrom: string }[] = [];
  const seen = new Map<string, number>();
  fc.data.features.forEach((f, i) => {
    const n = i + 1;
    const code = featureCode(f.properties);
    if (!code) {
      issues.push({ feature: n, code: null, message: `缺少网格编码属性（可用的属性名：${GRID_GEOJSON_CODE_KEYS.slice(0, 4).join('、')}、网格编码）` });
      return;
    }
    if (seen.has(code)) {
      issues.push({ feature: n, code, message: `与第 ${seen.get(code)} 个要素的编码重复` });
      return;
    }
    seen.set(code, n);
    const cell = byCode.get(code);
    if (!cell) issues.push({ feature: n, code, message: '系统中没有该编码的当前网格：请先导入网格' });
    const g = cellGeometrySchema.safeParse(f.geometry);
    if (!g.success) {
      const first = g.error.issues[0];
      issues.push({ feature: n, code, message: `边界无效：${first?.message ?? ''}${first?.path.length ? `（${first.path.join('.')}）` : ''}`.replace(/Invalid input.*/, '几何类型应为 Polygon 或 MultiPolygon') });
      return;
    }
    if (cell) planned.push({ id: cell.id, code, polygon: g.data as CellGeometry, had: cell.polygon != null, validFrom: String(cell.valid_from).slice(0, 10) });
  });
  if (issues.length) {
    const first = issues.slice(0, 3).map((i) => `第 ${i.feature} 个要素${i.code ? `（${i.code}）` : ''}：${i.message}`);
    throw new AppError('import_failed', `导入失败，共 ${issues.length} 处错误，未导入任何边界。${first.join('；')}${issues.length > 3 ? '……' : ''}`, { issues });
  }
  const today = shanghaiDate(deps.clock.now());
  const current = new Map(cells.map((c) => [c.id, c.polygon == null ? null : JSON.stringify(typeof c.polygon === 'string' ? JSON.parse(c.polygon) : c.polygon)]));
  return inTransaction(deps.db, async (trx) => {
    const summary: PolygonImportSummary = { matched: planned.length, updated: 0, redrawn: 0, unchanged: 0 };
    const inPlace = [];
    const redraw = [];
    for (const p of planned) {
      if (current.get(p.id) === JSON.stringify(p.polygon)) summary.unchanged++;
      else if (!p.had || p.validFrom >= today) inPlace.push(p);
      else redraw.push(p);
    }
    for (const part of chunks(inPlace, 500)) {
      const vals = part.map((p) => {
        const c = polygonColumns(p.polygon);
        return sql`(${p.id}::int, ${c.polygon}::jsonb, ${c.min_lon}::float8, ${c.min_lat}::float8, ${c.max_lon}::float8, ${c.max_lat}::float8, ${c.area_m2}::float8)`;
      });
      await sql`
        update grid_cells g set polygon = v.polygon, min_lon = v.min_lon, min_lat = v.min_lat, max_lon = v.max_lon, max_lat = v.max_lat, area_m2 = v.area_m2
        from (values ${sql.join(vals)}) as v(id, polygon, min_lon, min_lat, max_lon, max_lat, area_m2)
        where g.id = v.id and g.tenant_id = ${t}`.execute(trx);
      summary.updated += part.length;
    }
    for (const p of redraw) {
      const old = await trx.selectFrom('grid_cells').selectAll().where('id', '=', p.id).executeTakeFirstOrThrow();
      await openNewVersion(trx, t, old, { polygon: p.polygon }, today);
      summary.redrawn++;
    }
    if (summary.updated || summary.redrawn) await bumpCellsVersion(trx, t);
    await recordTrace(trx, deps.clock, actor, { action: 'grid.import_polygons', entityType: 'grid', entityId: t, after: summary });
    return summary;
  });
}

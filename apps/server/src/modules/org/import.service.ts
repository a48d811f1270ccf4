import ExcelJS from 'exceljs';
import {
  mobileSchema,
  parseRank,
  parseUnitKind,
  RANK_LABELS,
  UNIT_KIND_LABELS,
  UNIT_KINDS,
  RANKS,
  type Rank,
  type UnitKind,
} from '@duban/shared';
import { requirePermission, type Actor } from '../../lib/actor';
import { inTransaction, type Deps } from '../../lib/deps';
import { mobileColumns } from '../../lib/pii-at-rest';
import { addTemplateSheet, failImport, loadWorkbook, readSheet, type ImportIssue, type TemplateColumn } from '../../lib/xlsx';
import { recordTrace } from '../trace/trace.service';
import { listUnits } from './unit.repository';

const UNIT_SHEET = '单位';
const PEOPLE_SHEET = '人员';

const UNIT_COLUMNS: TemplateColumn[] = [
  { header: '单位名称', required: true, width: 28, example: '区发展和改革委员会' },
  { header: '简称', width: 14, example: '区发改委' },
  { header: '类型', required: true, width: 14, note: `可填：${UNIT_KINDS.map((k) => UNIT_KIND_LABELS[k]).join('、')}`, example: '政府部门' },
  { header: '上级单位', width: 24, note: '处室/科室必填所属单位名称；上级须已在系统中，或在本表中先出现' },
  { header: '编码', width: 12 },
  { header: '排序', width: 8, note: '数字，越小越靠前' },
];

const PEOPLE_COLUMNS: TemplateColumn[] = [
  { header: '姓名', required: true, width: 10, example: '张三' },
  { header: '手机', width: 14, note: '11 位手机号；用于短信提醒，也用于识别同一人' },
  { header: '邮箱', width: 22 },
  { header: '职级', required: true, width: 10, note: `可填：${RANKS.map((r) => RANK_LABELS[r]).join('、')}` },
  { header: '职务', width: 16, example: '副主任' },
  { header: '所属单位', required: true, width: 24 },
  { header: '处室/科室', width: 16 },
  { header: '企业微信账号', width: 16 },
  { header: '钉钉账号', width: 16 },
  { header: '单位负责人', width: 10, note: '是 / 否' },
  { header: '联络员', width: 8, note: '是 / 否' },
  { header: '分管单位', width: 30, note: '领导填写其分管的单位名称，多个用顿号分隔' },
];

/** The import template: one sheet of units, one of people, with notes on every column. */
export async function orgTemplate(_deps: Deps, actor: Actor): Promise<Buffer> {
  requirePermission(actor, 'org.manage');
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Duban 智慧督查';
  addTemplateSheet(wb, UNIT_SHEET, UNIT_COLUMNS);
  addTemplateSheet(wb, PEOPLE_SHEET, PEOPLE_COLUMNS);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

type PlannedUnit = { row: number; name: string; shortName: string | null; kind: UnitKind; parentName: string | null; code: string | null; sort: number };
type PlannedPerson = {
  row: number;
  name: string;
  mobile: string | null;
  email: string | null;
  rank: Rank;
  title: string | null;
  unitName: string;
  divisionName: string | null;
  wecom: string | null;
  dingtalk: string | null;
  isHead: boolean;
  isLiaison: boolean;
  leads: string[];
};

const yes = (t: string) => ['是', 'Y', 'y', '1', 'TRUE', 'true', '√'].includes(t);
const orNull = (t: string | undefined) => (t ? t : null);

export type ImportSummary = { units: { created: number; updated: number }; people: { created: number; updated: number } };

/**
 * Imports units and people from the template, all or nothing: every row is checked first and
 * every problem reported with its sheet, row and column; nothing is written unless all are fine.
 * Existing units (same name under the same parent) and people (same mobile, or same name in the
 * same unit) are updated rather than duplicated, so importing the same sheet twice changes nothing.
 */
export async function importOrg(deps: Deps, actor: Actor, file: Buffer): Promise<ImportSummary> {
  requirePermission(actor, 'org.manage');
  const wb = await loadWorkbook(file);
  const issues: ImportIssue[] = [];
  const unitRows = readSheet(wb, UNIT_SHEET, UNIT_COLUMNS, issues);
  const personRows = readSheet(wb, PEOPLE_SHEET, PEOPLE_COLUMNS, issues);
  if (issues.length) failImport(issues);

  const existing = await listUnits(deps.db, actor.tenantId);
  const topByName = new Map(existing.filter((u) => u.kind !== 'division').map((u) => [u.name, u]));
  const known = new Set(existing.map((u) => u.name));

  const units: PlannedUnit[] = [];
  const seen = new Set<string>();
  for (const { row, cells } of unitRows) {
    const issue = (column: string, message: string) => issues.push({ sheet: UNIT_SHEET, row, column, message });
    const name = cells['单位名称'] ?? '';
    const kind = parseUnitKind(cells['类型'] ?? '');
    const parentName = orNull(cells['上级单位']);
    const sortText = cells['排序'] ?? '';
    if (!name) issue('单位名称', '不能为空');
    if (name.length > 100) issue('单位名称', '不能超过 100 个字');
    if (!kind) issue('类型', `“${cells['类型'] ?? ''}”不是有效的单位类型，可填：${UNIT_KINDS.map((k) => UNIT_KIND_LABELS[k]).join('、')}`);
    if (kind === 'division' && !parentName) issue('上级单位', '处室/科室必须填写所属单位');
    if (parentName && !known.has(parentName) && !seen.has(parentName)) issue('上级单位', `“${parentName}”不存在（须已在系统中，或在本表中先于下级出现）`);
    if (sortText && !/^\d{1,6}$/.test(sortText)) issue('排序', '应为不超过 6 位的整数');
    const key = `${parentName ?? ''}/${name}`;
    if (name && seen.has(key)) issue('单位名称', `与本表前面的行重复：“${name}”`);
    if (name) {
      seen.add(key);
      seen.add(name);
    }
    if (name && kind) {
      units.push({ row, name, shortName: orNull(cells['简称']), kind, parentName, code: orNull(cells['编码']), sort: sortText ? Number(sortText) : 0 });
    }
  }

  const plannedTop = new Set(units.filter((u) => u.kind !== 'division').map((u) => u.name));
  const divisionsOf = new Map<string, Set<string>>();
  for (const u of existing) {
    if (u.kind !== 'division' || u.parent_id === null) continue;
    const parent = existing.find((p) => p.id === u.parent_id);
    if (parent) divisionsOf.set(parent.name, (divisionsOf.get(parent.name) ?? new Set()).add(u.name));
  }
  for (const u of units) {
    if (u.kind === 'division' && u.parentName) divisionsOf.set(u.parentName, (divisionsOf.get(u.parentName) ?? new Set()).add(u.name));
  }

  const people: PlannedPerson[] = [];
  const mobiles = new Set<string>();
  for (const { row, cells } of personRows) {
    const issue = (column: string, message: string) => issues.push({ sheet: PEOPLE_SHEET, row, column, message });
    const name = cells['姓名'] ?? '';
    const mobile = orNull(cells['手机']);
    const email = orNull(cells['邮箱']);
    const rank = parseRank(cells['职级'] ?? '');
    const unitName = cells['所属单位'] ?? '';
    const divisionName = orNull(cells['处室/科室']);
    if (!name) issue('姓名', '不能为空');
    if (mobile && !mobileSchema.safeParse(mobile).success) issue('手机', `“${mobile}”不是有效的 11 位手机号`);
    if (mobile && mobiles.has(mobile)) issue('手机', `与本表前面的行重复：${mobile}`);
    if (mobile) mobiles.add(mobile);
    if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) issue('邮箱', `“${email}”不是有效的邮箱`);
    if (!rank) issue('职级', `“${cells['职级'] ?? ''}”不是有效的职级，可填：${RANKS.map((r) => RANK_LABELS[r]).join('、')}`);
    if (!unitName) issue('所属单位', '不能为空');
    else if (!topByName.has(unitName) && !plannedTop.has(unitName)) issue('所属单位', `“${unitName}”不存在`);
    if (divisionName && unitName && !divisionsOf.get(unitName)?.has(divisionName)) issue('处室/科室', `“${unitName}”下没有“${divisionName}”`);
    const leads = (cells['分管单位'] ?? '').split(/[、,，;；\n]/).map((s) => s.trim()).filter(Boolean);
    for (const l of leads) if (!topByName.has(l) && !plannedTop.has(l)) issue('分管单位', `“${l}”不存在`);
    if (name && rank && unitName) {
      people.push({
        row,
        name,
        mobile,
        email,
        rank,
        title: orNull(cells['职务']),
        unitName,
        divisionName,
        wecom: orNull(cells['企业微信账号']),
        dingtalk: orNull(cells['钉钉账号']),
        isHead: yes(cells['单位负责人'] ?? ''),
        isLiaison: yes(cells['联络员'] ?? ''),
        leads,
      });
    }
  }
  if (issues.length) failImport(issues);
  return applyImport(deps, actor, units, people);
}

async function applyImport(deps: Deps, actor: Actor, units: PlannedUnit[], people: PlannedPerson[]): Promise<ImportSummary> {
  const t = actor.tenantId;
  return inTransaction(deps.db, async (trx) => {
    const summary: ImportSummary = { units: { created: 0, updated: 0 }, people: { created: 0, updated: 0 } };
    const all = await trx.selectFrom('units').select(['id', 'name', 'parent_id', 'kind']).where('tenant_id', '=', t).execute();
    const topId = new Map(all.filter((u) => u.kind !== 'division').map((u) => [u.name, u.id]));
    const divisionId = new Map(all.filter((u) => u.kind === 'division').map((u) => [`${u.parent_id}/${u.name}`, u.id]));
    for (const u of units) {
      const parentId = u.parentName ? (topId.get(u.parentName) ?? null) : null;
      const key = u.kind === 'division' ? `${parentId}/${u.name}` : null;
      const current = key ? divisionId.get(key) : topId.get(u.name);
      const values = { kind: u.kind, name: u.name, short_name: u.shortName, code: u.code, sort: u.sort, parent_id: parentId };
      if (current) {
        await trx.updateTable('units').set({ ...values, updated_at: new Date() }).where('tenant_id', '=', t).where('id', '=', current).execute();
        summary.units.updated++;
      } else {
        const row = await trx.insertInto('units').values({ tenant_id: t, ...values }).returning('id').executeTakeFirstOrThrow();
        if (key) divisionId.set(key, row.id);
        else topId.set(u.name, row.id);
        summary.units.created++;
      }
    }
    // Numbers are compared by their search hash: nothing here opens a stored number.
    const existingPeople = await trx.selectFrom('people').select(['id', 'name', 'mobile_enc', 'mobile_hash', 'unit_id']).where('tenant_id', '=', t).execute();
    const byMobile = new Map(existingPeople.filter((p) => p.mobile_hash).map((p) => [p.mobile_hash, p]));
    const byNameUnit = new Map(existingPeople.map((p) => [`${p.unit_id}/${p.name}`, p]));
    for (const p of people) {
      const unitId = topId.get(p.unitName);
      if (unitId === undefined) continue; // checked above; unreachable
      const mobile = mobileColumns(deps.secretKey, p.mobile);
      const current = (mobile.mobile_hash ? byMobile.get(mobile.mobile_hash) : undefined) ?? byNameUnit.get(`${unitId}/${p.name}`);
      // The same number as stored keeps its sealed text, so importing a sheet again changes nothing.
      if (mobile.mobile_hash && mobile.mobile_hash === current?.mobile_hash) mobile.mobile_enc = current.mobile_enc;
      const values = {
        unit_id: unitId,
        division_id: p.divisionName ? (divisionId.get(`${unitId}/${p.divisionName}`) ?? null) : null,
        name: p.name,
        ...mobile,
        email: p.email,
        rank: p.rank,
        title: p.title,
        wecom_user_id: p.wecom,
        dingtalk_user_id: p.dingtalk,
        is_unit_head: p.isHead,
        is_liaison: p.isLiaison,
      };
      let id: number;
      if (current) {
        await trx.updateTable('people').set({ ...values, updated_at: new Date() }).where('tenant_id', '=', t).where('id', '=', current.id).execute();
        id = current.id;
        summary.people.updated++;
      } else {
        id = (await trx.insertInto('people').values({ tenant_id: t, ...values }).returning('id').executeTakeFirstOrThrow()).id;
        summary.people.created++;
      }
      if (p.leads.length) {
        await trx.deleteFrom('leader_units').where('person_id', '=', id).execute();
        await trx
          .insertInto('leader_units')
          .values([...new Set(p.leads.map((l) => topId.get(l)).filter((x): x is number => x !== undefined))].map((unit_id) => ({ tenant_id: t, person_id: id, unit_id })))
          .execute();
      }
    }
    await recordTrace(trx, deps.clock, actor, { action: 'org.import', entityType: 'org', entityId: t, after: summary });
    return summary;
  });
}

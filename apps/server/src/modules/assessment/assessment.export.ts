import { AlignmentType, Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import ExcelJS from 'exceljs';
import { ITEM_KIND_LABELS, parsePeriod, type ArchiveList, type ItemView, type LeagueTable } from '@duban/shared';
import { GONGWEN_FONT, GONGWEN_LINE } from '../../lib/docx-gongwen';

/** The period's league table and cadre archive as .xlsx (two sheets) and as a .docx in 公文 layout. */
export type ExportData = { tenantName: string; league: LeagueTable; archive: ArchiveList; items: ItemView[] };

const movement = (m: number | null) => (m === null ? '—' : m > 0 ? `↑${m}` : m < 0 ? `↓${-m}` : '—');
const GRADE = { excellent: '优秀（建议）', competent: '称职（建议）' } as const;

function unitRows(d: ExportData): string[][] {
  return d.league.units.map((u) => [u.groupLabel, String(u.rank), u.name, String(u.total), String(u.raw), String(u.matters), movement(u.movement), u.flagged ? `问责：${u.flaggedMatters.map((m) => m.number).join('、')}${u.flaggedMatterCount > u.flaggedMatters.length ? ` 等 ${u.flaggedMatterCount} 件` : ''}` : '']);
}
const UNIT_HEAD = ['类别', '名次', '单位', '得分', '未封顶得分', '事项数', '较上期', '问责'];
const ITEM_HEAD = ['类别', '对象', '文号', '日期', '标题', '分值', '文件'];
/** The period's 加扣分 items in force (表扬 first, then 批评), with their documents. */
function itemRows(d: ExportData): string[][] {
  return d.items
    .filter((i) => !i.removedAt)
    .sort((a, b) => (a.kind === 'criticise' ? 1 : 0) - (b.kind === 'criticise' ? 1 : 0) || a.docDate.localeCompare(b.docDate))
    .map((i) => [ITEM_KIND_LABELS[i.kind], i.subjectName, i.docNumber, i.docDate, i.title, i.points > 0 ? `+${i.points}` : String(i.points), i.attachments.map((a) => a.fileName).join('、')]);
}
const CADRE_HEAD = ['类别', '名次', '姓名', '单位', '职务', '量化得分', '组织部评分', '综合得分', '建议等次'];
function cadreRows(d: ExportData): string[][] {
  return d.archive.cadres.map((c) => [c.groupLabel, String(c.rank), c.name, c.unitName, c.title ?? '', String(c.total), c.orgPart === null ? '' : String(c.orgPart), c.composite === null ? '' : String(c.composite), c.grade ? GRADE[c.grade] : '']);
}

export async function assessmentXlsx(d: ExportData): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const title = `${d.tenantName}${parsePeriod(d.league.period.code)?.label ?? d.league.period.code}督查考核`;
  for (const [name, head, rows] of [['单位排名', UNIT_HEAD, unitRows(d)], ['干部政绩档案', CADRE_HEAD, cadreRows(d)], ['加分扣分', ITEM_HEAD, itemRows(d)]] as const) {
    const ws = wb.addWorksheet(name);
    ws.addRow([`${title}${name}`]).font = { bold: true, size: 14 };
    ws.addRow([`考核办法第 ${d.league.period.ruleBookVersion} 版；${d.league.period.status === 'published' ? '已发布' : '未发布（草稿）'}`]);
    ws.addRow([...head]).font = { bold: true };
    for (const r of rows) ws.addRow(r);
    ws.columns.forEach((c) => (c.width = 14));
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const cell = (t: string) => new TableCell({ children: [new Paragraph({ children: [new TextRun({ text: t, font: GONGWEN_FONT.song, size: 21 })], alignment: AlignmentType.CENTER })] });
const table = (head: readonly string[], rows: string[][]) =>
  new Table({ width: { size: 100, type: WidthType.PERCENTAGE }, rows: [new TableRow({ children: head.map(cell), tableHeader: true }), ...rows.map((r) => new TableRow({ children: r.map(cell) }))] });
const para = (t: string, opts: { title?: boolean; h1?: boolean } = {}) =>
  new Paragraph({
    children: [new TextRun({ text: t, font: opts.title ? GONGWEN_FONT.title : opts.h1 ? GONGWEN_FONT.h1 : GONGWEN_FONT.body, size: opts.title ? 44 : 32 })],
    alignment: opts.title ? AlignmentType.CENTER : AlignmentType.LEFT,
    spacing: opts.title ? { after: 200 } : GONGWEN_LINE,
    indent: opts.title ? undefined : { firstLine: 640 },
  });

export async function assessmentDocx(d: ExportData): Promise<Buffer> {
  const label = parsePeriod(d.league.period.code)?.label ?? d.league.period.code;
  const flagged = d.league.units.filter((u) => u.flagged);
  const doc = new Document({
    sections: [
      {
        properties: { page: { margin: { top: 2098, bottom: 1984, left: 1588, right: 1474 } } },
        children: [
          para(`关于${label}督查考核情况的通报`, { title: true }),
          para(`根据《考核办法》（第 ${d.league.period.ruleBookVersion} 版），现将${label}各单位督查考核得分及排名通报如下。得分由督办事项的办理结果自动计算，每一分均可追溯至具体事项及依据条款。`),
          para('一、单位排名（同类同考）', { h1: true }),
          table(UNIT_HEAD, unitRows(d)),
          para('二、通报表扬与通报批评', { h1: true }),
          ...(itemRows(d).length ? [table(ITEM_HEAD, itemRows(d))] : [para('本期无加分、扣分事项。')]),
          para(flagged.length ? `三、问责提示：${flagged.map((u) => `${u.name}（逾期事项 ${u.flaggedMatterCount} 件）`).join('；')}。` : '三、本期无单位达到问责条件。', { h1: true }),
          para('四、干部政绩档案（量化部分）', { h1: true }),
          table(CADRE_HEAD, cadreRows(d)),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}

import { AlignmentType, Document, Footer, Packer, PageNumber, PageOrientation, Paragraph, Table, TableCell, TableLayoutType, TableRow, TextRun, VerticalAlign, WidthType } from 'docx';
import { EVALUATION_TABLE_COLUMNS, evaluationTableRows, type EvaluationResult } from '@duban/shared';
import { chineseDate } from '../notices/notice.docx';
import { GONGWEN_FONT, GONGWEN_LINE } from '../../lib/docx-gongwen';

// The 季评 result as the seed prints it: 公文 fonts and margins (GB/T 9704, as the 督查周报 and 督查通知单),
// on a landscape page because the table's last two columns carry whole sentences.
const FONT = GONGWEN_FONT;
const mm = (v: number) => Math.round((v * 1440) / 25.4);
const PAGE = { width: 16838, height: 11906 }; // A4 landscape, twips
const MARGIN = { top: mm(28), bottom: mm(26), left: mm(37), right: mm(35) };
const TEXT_WIDTH = PAGE.width - MARGIN.left - MARGIN.right;
const WIDTHS = [6, 14, 10, 22, 24, 24]; // percent of the text width per column
const line = GONGWEN_LINE;

/** A cell of 五号 text; multi-line text becomes one paragraph per line. */
function cell(text: string, i: number, head: boolean): TableCell {
  const left = !head && i >= 3;
  return new TableCell({
    width: { size: Math.floor((WIDTHS[i]! / 100) * TEXT_WIDTH), type: WidthType.DXA },
    verticalAlign: VerticalAlign.CENTER,
    children: (text || ' ').split('\n').map((t) => new Paragraph({ alignment: left ? AlignmentType.LEFT : AlignmentType.CENTER, children: [new TextRun({ text: t, font: head ? FONT.h1 : FONT.body, size: 21 })] })),
  });
}

/** The result table (.docx): title, 编者按-style lead, the six columns of the seed, office and date. */
export async function evaluationDocx(result: EvaluationResult, meta: { office: string; date: string }): Promise<Buffer> {
  const rows = evaluationTableRows(result);
  const all = result.units.flatMap((u) => u.divisions);
  const advanced = all.filter((d) => d.standing === 'advanced').length;
  const lagging = all.filter((d) => d.standing === 'lagging').length;
  const lead =
    `在${result.round.title}中，${result.units.length}个参评单位按照统一要求，对本单位${all.length}个处室从履行职责、依法行政、服务水平、创新工作和廉洁从政五个方面进行了评议，` +
    `共评出先进处室${advanced}个、后进处室${lagging}个。后进处室要认真查摆自身存在的突出问题和薄弱环节，抓好整改；各项整改措施已列为督办事项，按期跟踪督办。（排序附表如下）`;
  const table = new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: WIDTHS.map((w) => Math.floor((w / 100) * TEXT_WIDTH)),
    layout: TableLayoutType.FIXED,
    rows: [
      new TableRow({ tableHeader: true, children: EVALUATION_TABLE_COLUMNS.map((h, i) => cell(h, i, true)) }),
      ...rows.map((r) => new TableRow({ children: [String(r.seq), r.unit, String(r.divisions), r.ranking, r.problems, r.measures].map((t, i) => cell(t, i, false)) })),
    ],
  });
  const doc = new Document({
    creator: meta.office,
    title: `${result.round.title}排序结果`,
    styles: { default: { document: { run: { font: FONT.body, size: 32 } } } },
    sections: [
      {
        properties: { page: { size: { ...PAGE, orientation: PageOrientation.LANDSCAPE }, margin: { ...MARGIN, footer: mm(20) } } },
        footers: { default: new Footer({ children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'], font: FONT.song, size: 28 })] })] }) },
        children: [
          new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 200 }, children: [new TextRun({ text: `${result.round.title}排序结果`, font: FONT.title, size: 44 })] }),
          new Paragraph({ alignment: AlignmentType.CENTER, spacing: line, children: [new TextRun({ text: '编者按', font: FONT.h1, size: 32 })] }),
          new Paragraph({ indent: { firstLine: 640 }, spacing: line, alignment: AlignmentType.JUSTIFIED, children: [new TextRun({ text: lead, font: FONT.body, size: 32 })] }),
          table,
          new Paragraph({ spacing: { before: 400 }, alignment: AlignmentType.RIGHT, children: [new TextRun({ text: meta.office, font: FONT.body, size: 32 })] }),
          new Paragraph({ alignment: AlignmentType.RIGHT, children: [new TextRun({ text: chineseDate(meta.date), font: FONT.body, size: 32 })] }),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}

import { PassThrough, type Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import ExcelJS from 'exceljs';
import { chineseDateRange, COLOUR_LABELS, MATTER_STATUS_LABELS, type ReportFigures, type ReportMatter } from '@duban/shared';
import { printLayout, safeCell } from '../../lib/xlsx';

const STATUS = new Map<string, string>(Object.entries(MATTER_STATUS_LABELS));
const COLOUR = new Map<string, string>(Object.entries(COLOUR_LABELS).map(([k, v]) => [k, v.label]));
const statusLabel = (s: string) => STATUS.get(s) ?? s;
const colourLabel = (c: string | null) => (c ? (COLOUR.get(c) ?? '') : '');

const COLUMNS = [
  { header: '序号', width: 6 },
  { header: '督办编号', width: 20 },
  { header: '事项名称', width: 40 },
  { header: '牵头单位', width: 22 },
  { header: '牵头领导', width: 12 },
  { header: '状态', width: 10 },
  { header: '预警', width: 8 },
  { header: '进度(%)', width: 9 },
  { header: '时限', width: 12 },
  { header: '立项日期', width: 12 },
  { header: '办结日期', width: 12 },
  { header: '逾期天数', width: 9 },
  { header: '本期情况', width: 16 },
];

/** Up to this many rows the appendix keeps its title and header styles. */
export const STYLED_ROWS = 5_000;

function drainedOrClosed(out: PassThrough): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      out.off('drain', done);
      out.off('close', done);
      resolve();
    };
    out.on('drain', done);
    out.on('close', done);
  });
}

/** The report's appendix as one buffer (the command line, tests); see reportXlsxStream. */
export async function reportXlsx(title: string, figures: ReportFigures, rest?: AsyncIterable<ReportMatter[]>): Promise<Buffer> {
  return buffer(reportXlsxStream(title, figures, rest));
}

/**
 * The report's appendix: every matter it cites, one row each, with why it is cited. `rest` yields the
 * cited matters beyond the figures' listed ones (a report citing more than those), written as they come
 * through exceljs' streaming writer; the download starts at once and the file never sits in memory.
 * A failure while writing destroys the stream.
 */
export function reportXlsxStream(title: string, figures: ReportFigures, rest?: AsyncIterable<ReportMatter[]>): Readable {
  const out = new PassThrough();
  // Styles (the bold title, the shaded header) more than double exceljs' CPU per row: an appendix of tens of
  // thousands of rows is written plain, with light compression, as the ledger export is.
  const styled = (figures.mattersTotal ?? figures.matters.length) <= STYLED_ROWS;
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: styled, useSharedStrings: false, ...(styled ? {} : { zip: { zlib: { level: 1 } } }) });
  wb.creator = 'Duban 智慧督查';
  const ws = wb.addWorksheet('涉及事项', printLayout({ headerRows: 2 }));
  COLUMNS.forEach((c, i) => (ws.getColumn(i + 1).width = c.width));
  ws.mergeCells(1, 1, 1, COLUMNS.length);
  const titleCell = ws.getCell(1, 1);
  titleCell.value = safeCell(`${title}（${chineseDateRange(figures.from, figures.to)}）涉及事项清单`);
  titleCell.font = { bold: true, size: 14 };
  titleCell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  // Tall enough for a 14-point line (the default 15-point row clips it).
  ws.getRow(1).height = 28;
  ws.getRow(1).commit();
  const header = ws.getRow(2);
  COLUMNS.forEach((c, i) => (header.getCell(i + 1).value = c.header));
  header.font = { bold: true };
  header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } };
  header.commit();
  ws.autoFilter = { from: { row: 2, column: 1 }, to: { row: 2 + (figures.mattersTotal ?? figures.matters.length), column: COLUMNS.length } };
  let n = 0;
  const write = (m: ReportMatter) => {
    const row = [
      ++n,
      m.number,
      m.title,
      m.unitName,
      m.leaderName ?? '',
      statusLabel(m.status),
      colourLabel(m.colour),
      m.progress,
      m.deadline,
      m.createdOn,
      m.closedOn ?? '',
      m.daysOverdue ?? '',
      m.tags.join('、'),
    ];
    ws.addRow(row.map(safeCell)).commit();
  };
  const produce = async () => {
    figures.matters.forEach(write);
    if (rest) {
      for await (const chunk of rest) {
        chunk.forEach(write);
        // Waits while the reader is slow; stops when the download was abandoned.
        if (out.writableNeedDrain) await drainedOrClosed(out);
        if (out.destroyed) return;
      }
    }
    ws.commit();
    await wb.commit();
  };
  produce().catch((err: unknown) => out.destroy(err instanceof Error ? err : new Error(String(err))));
  return out;
}

import type ExcelJS from 'exceljs';
import { AppError } from '../errors';
import { FORMULA_LIKE, type ParsedWorkbook } from './xlsx-parse';
import { parseInWorker } from './xlsx-pool';

export { cellText, type ParsedWorkbook } from './xlsx-parse';

/** A column of an import template: its header (a trailing * marks it required) and a note. */
export type TemplateColumn = { header: string; required?: boolean; width?: number; note?: string; example?: string };

/** A problem in one cell or row of an imported sheet. */
export type ImportIssue = { sheet: string; row: number; column: string | null; message: string };

/** One data row as header → trimmed text, with its 1-based row number in the sheet. */
export type SheetRow = { row: number; cells: Record<string, string> };

/**
 * Loads an .xlsx upload as plain rows, or 400 when the bytes are not a workbook. The archive check and the
 * parse run in a worker thread (lib/xlsx-pool.ts), off the event loop: the archive is checked first (unpacked
 * size capped: a zip bomb is refused with 413 workbook_too_large before exceljs holds it in memory), and a
 * missing `expectSheet` is reported before the parse.
 */
export function loadWorkbook(buffer: Buffer, expectSheet?: string): Promise<ParsedWorkbook> {
  return parseInWorker(buffer, expectSheet);
}

/**
 * A value for an exported cell: text that looks like a formula gets a leading apostrophe, so a cell
 * re-entered in Excel or WPS (or saved as CSV) never runs `=HYPERLINK(…)`; numbers and dates pass as they are.
 */
export function safeCell<T>(value: T): T | string {
  return typeof value === 'string' && FORMULA_LIKE.test(value) ? `'${value}` : value;
}

const headerKey = (h: string) => h.replace(/[*＊\s]/g, '');

/**
 * Reads a sheet's data rows by header. Blank rows are skipped; a missing required header is an issue.
 */
export function readSheet(wb: ParsedWorkbook, sheetName: string, columns: TemplateColumn[], issues: ImportIssue[]): SheetRow[] {
  const sheet = wb.sheets[sheetName];
  if (!sheet) {
    issues.push({ sheet: sheetName, row: 0, column: null, message: `缺少工作表“${sheetName}”，请使用下载的模板` });
    return [];
  }
  const index = new Map<string, number>();
  const header = sheet[0]?.row === 1 ? sheet[0].cells : [];
  header.forEach((text, col) => {
    if (text) index.set(headerKey(text), col);
  });
  for (const c of columns) {
    if (c.required && !index.has(headerKey(c.header))) {
      issues.push({ sheet: sheetName, row: 1, column: c.header, message: `缺少必填列“${headerKey(c.header)}”` });
    }
  }
  const rows: SheetRow[] = [];
  for (const { row: n, cells: values } of sheet) {
    if (n === 1) continue;
    const cells: Record<string, string> = {};
    let any = false;
    for (const c of columns) {
      const col = index.get(headerKey(c.header));
      const text = col === undefined ? '' : (values[col] ?? '');
      cells[headerKey(c.header)] = text;
      if (text) any = true;
    }
    if (any) rows.push({ row: n, cells });
  }
  return rows;
}

/** Adds a sheet laid out as an import template: bold headers, widths, and notes with an example on each header. */
export function addTemplateSheet(wb: ExcelJS.Workbook, name: string, columns: TemplateColumn[]): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(name, printLayout({ headerRows: 1, paper: columns.length > 12 ? 'A3' : 'A4' }));
  ws.columns = columns.map((c) => ({ header: c.required ? `${c.header}*` : c.header, width: c.width ?? 16 }));
  const header = ws.getRow(1);
  header.font = { bold: true };
  header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE6F4FF' } };
  columns.forEach((c, i) => {
    const note = [c.note, c.example ? `例：${c.example}` : ''].filter(Boolean).join('\n');
    if (note) header.getCell(i + 1).note = note;
  });
  return ws;
}

// exceljs's typings list A4 but not A3, which Excel numbers 8 (ECMA-376 §18.3.1.63).
declare module 'exceljs' {
  // eslint-disable-next-line no-restricted-syntax -- merging into exceljs's own enum, not declaring one
  const enum PaperSize {
    A3 = 8,
  }
}

/** Paper sizes as Excel numbers them. */
const PAPER: Record<'A4' | 'A3', ExcelJS.PaperSize> = { A4: 9, A3: 8 };

/**
 * How a list sheet prints: landscape, every column on one page width (as many pages down as it
 * takes), the header rows repeated on each page, narrow margins and 第 n 页 共 m 页 in the footer.
 * Pass to `addWorksheet(name, printLayout(...))`; exceljs only turns fit-to-page on when it is given
 * at creation (setting `fitToWidth` later leaves `fitToPage` off, and Excel then ignores it).
 */
export function printLayout(o: { headerRows: number; paper?: keyof typeof PAPER }): Partial<ExcelJS.AddWorksheetOptions> {
  return {
    views: [{ state: 'frozen', ySplit: o.headerRows, xSplit: 0 }],
    pageSetup: {
      paperSize: PAPER[o.paper ?? 'A4'],
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: `1:${o.headerRows}`,
      horizontalCentered: true,
      margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.6, header: 0.2, footer: 0.3 },
    },
    headerFooter: { oddFooter: '&C第 &P 页，共 &N 页', differentFirst: false, differentOddEven: false },
  };
}

/** Throws the all-or-nothing import error carrying every issue found. */
export function failImport(issues: ImportIssue[]): never {
  const first = issues.slice(0, 3).map((i) => `${i.sheet}第 ${i.row} 行${i.column ? `“${i.column}”` : ''}：${i.message}`);
  throw new AppError('import_failed', `导入失败，共 ${issues.length} 处错误，未导入任何数据。${first.join('；')}${issues.length > 3 ? '……' : ''}`, { issues });
}

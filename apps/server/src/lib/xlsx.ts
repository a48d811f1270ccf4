import ExcelJS from 'exceljs';
import { AppError } from '../errors';
import { checkXlsxArchive } from './xlsx-archive';

/** A column of an import template: its header (a trailing * marks it required) and a note. */
export type TemplateColumn = { header: string; required?: boolean; width?: number; note?: string; example?: string };

/** A problem in one cell or row of an imported sheet. */
export type ImportIssue = { sheet: string; row: number; column: string | null; message: string };

/** One data row as header → trimmed text, with its 1-based row number in the sheet. */
export type SheetRow = { row: number; cells: Record<string, string> };

/**
 * Loads an .xlsx upload, or 400 when the bytes are not a workbook. The archive is checked first (unpacked size
 * capped: a zip bomb is refused with 413 workbook_too_large before exceljs holds it in memory), and a missing
 * `expectSheet` is reported before the parse.
 */
export async function loadWorkbook(buffer: Buffer, expectSheet?: string): Promise<ExcelJS.Workbook> {
  const sheets = checkXlsxArchive(buffer);
  if (expectSheet && !sheets.includes(expectSheet)) {
    const message = `缺少工作表“${expectSheet}”，请使用下载的模板`;
    throw new AppError('import_failed', `导入失败：${message}`, { issues: [{ sheet: expectSheet, row: 0, column: null, message }], errors: [{ row: 0, field: '', message }] });
  }
  const wb = new ExcelJS.Workbook();
  try {
    // exceljs's typings want its own Buffer type; a Node Buffer is what it reads.
    await wb.xlsx.load(new Uint8Array(buffer).buffer);
  } catch {
    throw new AppError('bad_request', '文件不是有效的 Excel (.xlsx) 文件，请使用下载的模板填写');
  }
  return wb;
}

// Text a spreadsheet may take for a formula (CSV/formula injection): =, +, -, @, and tab or CR before them.
const FORMULA_LIKE = /^[=+\-@\t\r]/;

/**
 * A value for an exported cell: text that looks like a formula gets a leading apostrophe, so a cell
 * re-entered in Excel or WPS (or saved as CSV) never runs `=HYPERLINK(…)`; numbers and dates pass as they are.
 */
export function safeCell<T>(value: T): T | string {
  return typeof value === 'string' && FORMULA_LIKE.test(value) ? `'${value}` : value;
}

/** The text a person sees in a cell, whatever exceljs made of it (number, rich text, link, formula, date). */
export function cellText(value: ExcelJS.CellValue): string {
  const text = rawCellText(value);
  // What safeCell wrote reads back as it was, so an exported sheet imports unchanged.
  return text.startsWith("'") && FORMULA_LIKE.test(text.slice(1)) ? text.slice(1) : text;
}

function rawCellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('').trim();
    if ('text' in value) return rawCellText(value.text);
    if ('result' in value) return rawCellText(value.result ?? null);
    if ('error' in value) return '';
  }
  return String(value).trim();
}

const headerKey = (h: string) => h.replace(/[*＊\s]/g, '');

/**
 * Reads a sheet's data rows by header. Blank rows are skipped; a missing required header is an issue.
 */
export function readSheet(wb: ExcelJS.Workbook, sheetName: string, columns: TemplateColumn[], issues: ImportIssue[]): SheetRow[] {
  const ws = wb.getWorksheet(sheetName);
  if (!ws) {
    issues.push({ sheet: sheetName, row: 0, column: null, message: `缺少工作表“${sheetName}”，请使用下载的模板` });
    return [];
  }
  const headerRow = ws.getRow(1);
  const index = new Map<string, number>();
  headerRow.eachCell((cell, col) => index.set(headerKey(cellText(cell.value)), col));
  for (const c of columns) {
    if (c.required && !index.has(headerKey(c.header))) {
      issues.push({ sheet: sheetName, row: 1, column: c.header, message: `缺少必填列“${headerKey(c.header)}”` });
    }
  }
  const rows: SheetRow[] = [];
  ws.eachRow({ includeEmpty: false }, (row, n) => {
    if (n === 1) return;
    const cells: Record<string, string> = {};
    let any = false;
    for (const c of columns) {
      const col = index.get(headerKey(c.header));
      const text = col ? cellText(row.getCell(col).value) : '';
      cells[headerKey(c.header)] = text;
      if (text) any = true;
    }
    if (any) rows.push({ row: n, cells });
  });
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

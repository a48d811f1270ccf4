import ExcelJS from 'exceljs';
import { AppError } from '../errors';
import { checkXlsxArchive } from './xlsx-archive';

/**
 * A parsed upload as plain data (what a worker thread can post back): each sheet's non-blank rows,
 * with their 1-based row number and the text of each cell (index 0 = column A).
 */
export type ParsedWorkbook = { sheets: Record<string, { row: number; cells: string[] }[]> };

// Text a spreadsheet may take for a formula (CSV/formula injection): =, +, -, @, and tab or CR before them.
export const FORMULA_LIKE = /^[=+\-@\t\r]/;

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

/**
 * Checks and parses an .xlsx upload (runs in the import worker, lib/xlsx.worker.ts). The archive is checked
 * first (unpacked size capped: a zip bomb is refused with 413 workbook_too_large before exceljs holds it in
 * memory), a missing `expectSheet` is reported before the parse, and bytes that are not a workbook are a 400.
 */
export async function parseWorkbook(buffer: Buffer, expectSheet?: string): Promise<ParsedWorkbook> {
  const names = checkXlsxArchive(buffer);
  if (expectSheet && !names.includes(expectSheet)) {
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
  const sheets: ParsedWorkbook['sheets'] = {};
  wb.eachSheet((ws) => {
    const rows: { row: number; cells: string[] }[] = [];
    ws.eachRow({ includeEmpty: false }, (row, n) => {
      const cells: string[] = [];
      row.eachCell({ includeEmpty: false }, (cell, col) => {
        cells[col - 1] = cellText(cell.value);
      });
      if (!cells.some(Boolean)) return;
      for (let i = 0; i < cells.length; i++) cells[i] ??= '';
      rows.push({ row: n, cells });
    });
    sheets[ws.name] = rows;
  });
  return { sheets };
}

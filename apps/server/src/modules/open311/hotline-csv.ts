import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { AppError } from '../../errors';
import type { ParsedWorkbook } from '../../lib/xlsx';

/** True when the upload is an .xlsx (a zip archive) rather than a CSV text. */
export const isXlsx = (file: Buffer): boolean => file.length >= 4 && file[0] === 0x50 && file[1] === 0x4b && file[2] === 0x03 && file[3] === 0x04;

/**
 * The text of a CSV export: UTF-8 (with or without BOM), or GB18030/GBK as many Chinese systems and Excel on a
 * Chinese Windows still save it.
 */
export function csvText(file: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(file).replace(/^\uFEFF/, '');
  } catch {
    return new TextDecoder('gb18030').decode(file);
  }
}

/**
 * A CSV upload read as the sheet it stands for (exceljs's CSV reader, every value kept as the text it was: a work
 * order number stays a number's digits, a time stays a time), in the shape the xlsx parser gives.
 */
export async function parseCsv(file: Buffer, sheetName: string): Promise<ParsedWorkbook> {
  const wb = new ExcelJS.Workbook();
  let ws: ExcelJS.Worksheet;
  try {
    ws = await wb.csv.read(Readable.from([csvText(file)]), { sheetName, map: (v: unknown) => (typeof v === 'string' ? v : ''), parserOptions: { trim: true } });
  } catch {
    throw new AppError('bad_request', '文件不是有效的 CSV 或 Excel (.xlsx) 文件，请使用下载的模板填写');
  }
  const rows: ParsedWorkbook['sheets'][string] = [];
  ws.eachRow({ includeEmpty: false }, (row, n) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      cells[col - 1] = typeof cell.value === 'string' ? cell.value.trim() : '';
    });
    for (let i = 0; i < cells.length; i++) cells[i] ??= '';
    if (cells.some(Boolean)) rows.push({ row: n, cells });
  });
  return { sheets: { [sheetName]: rows } };
}

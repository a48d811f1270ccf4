import { strFromU8, unzipSync, Unzip, UnzipInflate } from 'fflate';
import { AppError } from '../errors';

/** How much an uploaded workbook may hold once unpacked: far above any real import (5,000 rows), far below a zip bomb. */
export const ARCHIVE_LIMITS = { maxUnpackedBytes: 32 * 1024 * 1024, maxEntries: 2000 };

/** 413 workbook_too_large: the workbook unpacks (or parses) to far more than a real import. */
export const workbookTooLarge = () =>
  new AppError('workbook_too_large', `表格解压后超过 ${ARCHIVE_LIMITS.maxUnpackedBytes / 1024 / 1024} MB，不像正常的导入表格；请删除多余的行、列和图片，或分批导入`);
const notWorkbook = () => new AppError('bad_request', '文件不是有效的 Excel (.xlsx) 文件，请使用下载的模板填写');

/**
 * Checks an .xlsx before anything parses it (a zip bomb: 10 MB on the wire, hundreds of MB unpacked):
 * first the sizes the archive declares (its central directory, nothing inflated), then the sizes it really
 * unpacks to, inflating entry by entry and stopping at the cap, output discarded. Returns the sheet names
 * of xl/workbook.xml, so a missing sheet is named before exceljs reads the whole file.
 */
export function checkXlsxArchive(buffer: Buffer): string[] {
  const data = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  let declared = 0;
  let entries = 0;
  try {
    unzipSync(data, {
      filter: (file) => {
        entries++;
        declared += file.originalSize;
        return false; // read the directory only
      },
    });
  } catch {
    throw notWorkbook();
  }
  if (entries > ARCHIVE_LIMITS.maxEntries || declared > ARCHIVE_LIMITS.maxUnpackedBytes) throw workbookTooLarge();

  // The declared sizes may lie: count what each entry really inflates to.
  let unpacked = 0;
  let over = false;
  let failed = false;
  const workbookXml: Uint8Array[] = [];
  const unzip = new Unzip((file) => {
    file.ondata = (err, chunk) => {
      if (err) {
        failed = true;
        return;
      }
      unpacked += chunk.length;
      if (unpacked > ARCHIVE_LIMITS.maxUnpackedBytes) {
        over = true;
        file.terminate();
        return;
      }
      if (file.name === 'xl/workbook.xml') workbookXml.push(chunk);
    };
    if (!over) file.start();
  });
  unzip.register(UnzipInflate);
  try {
    unzip.push(data, true);
  } catch {
    failed = true;
  }
  if (over) throw workbookTooLarge();
  if (failed || !workbookXml.length) throw notWorkbook();
  const xml = strFromU8(concat(workbookXml));
  return [...xml.matchAll(/<(?:\w+:)?sheet\b[^>]*?\bname="([^"]*)"/g)].map((m) => unescapeXml(m[1] ?? ''));
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const unescapeXml = (s: string) => s.replace(/&(lt|gt|quot|apos|amp);/g, (_, e: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[e] ?? '');

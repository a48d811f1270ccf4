import { once } from 'node:events';
import { PassThrough, type Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { LedgerQuery } from '@duban/shared';
import { requirePermission, type Actor } from '../../lib/actor';
import type { Deps } from '../../lib/deps';
import { printLayout, safeCell } from '../../lib/xlsx';
import { LEDGER_COLUMNS, LEDGER_SHEET } from './ledger.columns';
import { exportBatch } from './ledger.export.query';

/** Rows fetched per keyset batch: big enough to amortise a round trip, small enough to stay flat in memory. */
export const EXPORT_BATCH = 2000;

/**
 * The ledger as an .xlsx stream: exactly the matters GET /api/matters shows for these filters (in
 * registration order, every column), written row by row through exceljs' streaming writer as
 * keyset batches arrive; the whole file never sits in memory. Waits while the client is slow.
 * Resolves once the first batch is in, so a filter the database refuses (a NUL in `q`) is the
 * same 400 as on the ledger, not a 200 cut off mid-file.
 */
export async function exportLedger(deps: Deps, actor: Actor, q: LedgerQuery, batch = EXPORT_BATCH): Promise<Readable> {
  requirePermission(actor, 'matter.read');
  const now = deps.clock.now();
  const fetch = (after: number) => {
    const p = exportBatch(deps.db, actor, q, now, after, batch).execute();
    p.catch(() => undefined); // a failure surfaces where the batch is awaited, not as an unhandled rejection
    return p;
  };
  const first = await fetch(0);
  const out = new PassThrough();
  // No styles and light compression: styles more than double exceljs' CPU per row, and 100,000
  // rows must stream in seconds. Column widths and the frozen header row need no styles.
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false, zip: { zlib: { level: 1 } } });
  wb.creator = 'Duban 智慧督查';
  // Thirty columns: A3 landscape, fitted to the page width, is the smallest paper that stays legible.
  const ws = wb.addWorksheet(LEDGER_SHEET, printLayout({ headerRows: 1, paper: 'A3' }));
  ws.columns = LEDGER_COLUMNS.map((c) => ({ header: c.header, width: c.width ?? 14 }));
  ws.getRow(1).commit();

  const produce = async () => {
    let next = Promise.resolve(first);
    for (;;) {
      const rows = await next;
      const more = rows.length === batch;
      // The database prepares the next batch while this one is written (two cores, both busy).
      if (more) next = fetch(rows[rows.length - 1]!.id);
      for (const r of rows) ws.addRow(LEDGER_COLUMNS.map((c) => safeCell(c.value(r)))).commit();
      if (out.writableNeedDrain) await once(out, 'drain');
      if (!more) break;
    }
    ws.commit();
    await wb.commit();
  };
  produce().catch((err: unknown) => out.destroy(err instanceof Error ? err : new Error(String(err))));
  return out;
}

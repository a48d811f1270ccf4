import ExcelJS from 'exceljs';
import { GRID_RATING_LABELS, GRID_STATUS_LABELS, GRID_URGENCY_LABELS, HOTLINE_RESULT_COLUMNS, HOTLINE_SHEET, maskMobile, shanghaiInstant, w3Datetime, type GridRating, type GridStatus } from '@duban/shared';
import { requirePermission, type Actor } from '../../lib/actor';
import { inTransaction, type Deps } from '../../lib/deps';
import { openPii } from '../../lib/pii';
import { addTemplateSheet, safeCell } from '../../lib/xlsx';
import { recordTrace } from '../trace/trace.service';
import { HOTLINE_COLUMNS } from './hotline-import.service';
import { lastNote, problemsWithUnits } from './open311.repository';

const minute = (v: Date | string | null) => (v === null ? '' : w3Datetime(new Date(v)).slice(0, 16).replace('T', ' '));

/**
 * The results for the hotline, in the shape it sent the work orders (the same sheet and columns, so the file
 * imports again unchanged: every number is then "already imported") with the results after them: 受理编号,
 * 办理状态, 承办单位, 办理结果, 办结时间, 满意度, 回访意见. The caller's number is masked (138****1234).
 * `from`/`to` pick work orders by call date (YYYY-MM-DD, Beijing); none: all of them.
 */
export async function exportHotline(deps: Deps, actor: Actor, range: { from?: string; to?: string }): Promise<Buffer> {
  requirePermission(actor, 'grid.manage');
  let q = problemsWithUnits(deps.db, actor.tenantId)
    .leftJoin('grid_problems as into', 'into.id', 'p.merged_into_id')
    .select([
      'p.source_ref',
      'p.reported_at',
      'gc.code',
      'p.description',
      'p.address',
      'p.lon',
      'p.lat',
      'p.reporter_name',
      'p.reporter_mobile_enc',
      'p.urgency',
      'p.ticket',
      'p.status',
      'du.name as unit_name',
      'hu.name as hold_unit_name',
      'p.closed_at',
      'p.rating',
      'p.rating_comment',
      'into.ticket as merged_into',
      lastNote(['handle', 'instant', 'reject']).as('result'),
    ])
    .where('p.source', '=', 'hotline');
  if (range.from) q = q.where('p.reported_at', '>=', shanghaiInstant(range.from));
  if (range.to) q = q.where('p.reported_at', '<', new Date(shanghaiInstant(range.to).getTime() + 86_400_000));
  const rows = await q.orderBy('p.reported_at').orderBy('p.id').execute();

  const wb = new ExcelJS.Workbook();
  wb.creator = 'Duban 智慧督查';
  const ws = addTemplateSheet(wb, HOTLINE_SHEET, [...HOTLINE_COLUMNS, ...HOTLINE_RESULT_COLUMNS.map((header) => ({ header, width: header === '办理结果' ? 40 : 16 }))]);
  for (const col of [1, 2, 9]) ws.getColumn(col).numFmt = '@';
  for (const r of rows) {
    const status = r.status as GridStatus;
    const result = r.merged_into ? `已并入 ${r.merged_into} 一并办理` : (r.result ?? '');
    ws.addRow(
      [
        r.source_ref ?? '',
        minute(r.reported_at),
        r.code,
        r.description,
        r.address ?? '',
        r.lon ?? '',
        r.lat ?? '',
        r.reporter_name ?? '',
        maskMobile(r.reporter_mobile_enc ? openPii(deps.secretKey, r.reporter_mobile_enc) : null) ?? '',
        GRID_URGENCY_LABELS[r.urgency],
        r.ticket,
        GRID_STATUS_LABELS[status] ?? status,
        r.unit_name ?? r.hold_unit_name ?? '',
        result,
        minute(r.closed_at),
        r.rating ? GRID_RATING_LABELS[r.rating as GridRating] : '',
        r.rating_comment ?? '',
      ].map(safeCell),
    );
  }
  await inTransaction(deps.db, (trx) =>
    recordTrace(trx, deps.clock, actor, { action: 'grid.hotline_export', entityType: 'grid', entityId: actor.tenantId, after: { rows: rows.length, from: range.from ?? null, to: range.to ?? null } }),
  );
  return Buffer.from(await wb.xlsx.writeBuffer());
}

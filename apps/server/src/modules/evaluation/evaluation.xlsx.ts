import ExcelJS from 'exceljs';
import { EVALUATION_DIMENSION_LABELS, EVALUATION_DIMENSIONS, EVALUATION_STANDING_LABELS, EVALUATION_TABLE_COLUMNS, evaluationTableRows, RATER_KIND_LABELS, type EvaluationResult } from '@duban/shared';

const WIDTHS = [6, 22, 12, 34, 40, 48];

/** The result table (.xlsx): the seed's six columns, and a second sheet with every division's figures. */
export async function evaluationXlsx(result: EvaluationResult): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Duban 智慧督查';
  const ws = wb.addWorksheet('排序结果', { views: [{ state: 'frozen', ySplit: 2 }], pageSetup: { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  WIDTHS.forEach((w, i) => (ws.getColumn(i + 1).width = w));
  ws.mergeCells(1, 1, 1, WIDTHS.length);
  const title = ws.getCell(1, 1);
  title.value = `${result.round.title}排序结果`;
  title.font = { bold: true, size: 16 };
  title.alignment = { horizontal: 'center' };
  const header = ws.getRow(2);
  EVALUATION_TABLE_COLUMNS.forEach((h, i) => (header.getCell(i + 1).value = h));
  header.font = { bold: true };
  header.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  for (const r of evaluationTableRows(result)) {
    const row = ws.addRow([r.seq, r.unit, r.divisions, r.ranking, r.problems, r.measures]);
    row.alignment = { vertical: 'top', wrapText: true };
  }
  const thin = { style: 'thin' as const };
  ws.eachRow((row, n) => {
    if (n > 1) row.eachCell({ includeEmpty: true }, (c) => (c.border = { top: thin, left: thin, bottom: thin, right: thin }));
  });

  const detail = wb.addWorksheet('处室得分');
  detail.columns = [
    { header: '单位', width: 22 },
    { header: '处室', width: 18 },
    { header: '排名', width: 6 },
    { header: '等次', width: 6 },
    { header: '综合得分', width: 10 },
    ...Object.values(RATER_KIND_LABELS).map((h) => ({ header: h, width: 16 })),
    { header: '评议份数', width: 10 },
    { header: '整改事项', width: 40 },
  ];
  detail.getRow(1).font = { bold: true };
  for (const u of result.units)
    for (const d of u.divisions)
      detail.addRow([u.unitName, d.divisionName, d.rank, EVALUATION_STANDING_LABELS[d.standing], d.score ?? '', d.byKind.leader ?? '', d.byKind.service_unit ?? '', d.byKind.staff ?? '', d.ratings, d.measures.map((m) => m.matterNumber ?? '').filter(Boolean).join('、')]);
  detail.addRow([]);
  detail.addRow([`说明：每份评议按${EVALUATION_DIMENSIONS.map((k) => EVALUATION_DIMENSION_LABELS[k]).join('、')}五项等权平均；综合得分按评议主体权重（领导 ${result.round.weights.leader}%、服务对象单位 ${result.round.weights.service_unit}%、干部职工 ${result.round.weights.staff}%）加权。`]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

import type { EvaluationResult } from './evaluation-schemas';

/** The seed's result table columns (2012年第四季度市直机关处室季评排序结果). */
export const EVALUATION_TABLE_COLUMNS = ['序号', '单位', '参加评议的处室（个）', '本机关处室排名情况', '排名后处室存在的突出问题', '整改措施'] as const;

export type EvaluationTableRow = { seq: number; unit: string; divisions: number; ranking: string; problems: string; measures: string };

/**
 * One row per unit, as the published table reads: the ranking as "1.办公室（先进）" lines, and for each
 * 后进 division its 突出问题 and numbered 整改措施 (with their deadlines) prefixed by its name.
 */
export function evaluationTableRows(result: EvaluationResult): EvaluationTableRow[] {
  return result.units.map((u, i) => {
    const lagging = u.divisions.filter((d) => d.standing === 'lagging');
    const many = lagging.length > 1;
    return {
      seq: i + 1,
      unit: u.unitName,
      divisions: u.divisions.length,
      ranking: u.divisions.map((d) => `${d.rank}.${d.divisionName}${d.standing === 'advanced' ? '（先进）' : d.standing === 'lagging' ? '（后进）' : ''}`).join('\n'),
      problems: lagging.map((d) => `${many ? `${d.divisionName}：` : ''}${d.problems ?? '（未登记）'}`).join('\n'),
      measures: lagging
        .map((d) => `${many ? `${d.divisionName}：` : ''}${d.measures.length ? d.measures.map((m, n) => `${n + 1}.${m.text}（${m.deadline}前）`).join('\n') : '（未登记）'}`)
        .join('\n'),
    };
  });
}

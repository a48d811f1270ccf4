import { shanghaiDate } from '@duban/shared';
import type { Actor } from '../../lib/actor';
import type { Deps } from '../../lib/deps';
import { officeNameOf } from '../tenants/office-settings';
import { evaluationDocx } from './evaluation.docx';
import { roundResult } from './evaluation.service';
import { evaluationXlsx } from './evaluation.xlsx';

/** The result table of a round as a file: .docx in 公文 layout or .xlsx. */
export async function evaluationFile(deps: Deps, actor: Actor, roundId: number, format: 'docx' | 'xlsx'): Promise<{ fileName: string; body: Buffer }> {
  const result = await roundResult(deps, actor, roundId);
  const base = `${result.round.title}排序结果`;
  if (format === 'xlsx') return { fileName: `${base}.xlsx`, body: await evaluationXlsx(result) };
  return { fileName: `${base}.docx`, body: await evaluationDocx(result, { office: await officeNameOf(deps.db, actor.tenantId), date: shanghaiDate(deps.clock.now()) }) };
}

import { ITEM_KIND_LABELS, type DateRange } from '@duban/shared';
import { systemActor } from '../../lib/actor';
import type { Deps } from '../../lib/deps';
import { leagueTable } from './league.service';

const signed = (x: number) => (x > 0 ? `+${x}` : String(x));
const move = (m: number | null) => (m === null || m === 0 ? '' : m > 0 ? `，↑${m}` : `，↓${-m}`);

/**
 * What the 督查周报 cites from assessment, as the draft's 通报表扬 / 通报批评 text (the office edits it like any
 * section): the league table of the newest computed quarter up to the report's end (each peer group's first
 * three with score and movement) and its 问责 list, and the 加扣分 items whose documents fall in the report's range.
 */
export async function weeklyCitations(deps: Deps, tenantId: number, range: DateRange): Promise<{ praise: string; criticism: string }> {
  const period = await deps.db
    .selectFrom('assessment_periods')
    .select('code')
    .where('tenant_id', '=', tenantId)
    .where('code', 'like', '%Q%')
    .where('date_from', '<=', range.to)
    .orderBy('date_from', 'desc')
    .limit(1)
    .executeTakeFirst();
  const items = await deps.db
    .selectFrom('assessment_items as i')
    .leftJoin('units as u', (j) => j.onRef('u.id', '=', 'i.subject_id').on('i.subject_type', '=', 'unit'))
    .leftJoin('people as p', (j) => j.onRef('p.id', '=', 'i.subject_id').on('i.subject_type', '=', 'person'))
    .select(['i.kind', 'i.doc_number', 'i.doc_date', 'i.title', 'u.name as unit_name', 'p.name as person_name'])
    .where('i.tenant_id', '=', tenantId)
    .where('i.removed_at', 'is', null)
    .where('i.doc_date', '>=', range.from)
    .where('i.doc_date', '<=', range.to)
    .orderBy('i.doc_date')
    .orderBy('i.id')
    .execute();
  const itemText = (kinds: readonly string[]) =>
    items.filter((i) => kinds.includes(i.kind)).map((i) => `${ITEM_KIND_LABELS[i.kind]}：${i.unit_name ?? i.person_name ?? ''}（${i.doc_number}，${i.doc_date}）${i.title}`);
  const praise: string[] = [];
  const criticism: string[] = [];
  if (period) {
    const league = await leagueTable(deps, systemActor(tenantId), period.code);
    const groups = [...new Set(league.units.map((u) => u.groupLabel))];
    const tops = groups.map((g) => `${g}前三名：${league.units.filter((u) => u.groupLabel === g && u.rank <= 3).map((u) => `${u.name}（${signed(u.total)} 分${move(u.movement)}）`).join('、')}`);
    if (tops.length) praise.push(`考核排名（${league.period.code}${league.period.status === 'published' ? '，已发布' : '，截至本期'}）：${tops.join('；')}。`);
    const flagged = league.units.filter((u) => u.flagged);
    if (flagged.length) criticism.push(`问责提示（${league.period.code}，多次逾期）：${flagged.map((u) => `${u.name}（逾期 ${u.flaggedMatterCount} 项）`).join('、')}。`);
  }
  praise.push(...itemText(['praise', 'commend']));
  criticism.push(...itemText(['criticise']));
  return { praise: praise.join('\n'), criticism: criticism.join('\n') };
}

import { Readable } from 'node:stream';
import { addDays, DEFAULT_RULE_BOOK, parsePeriod, periodOf, previousPeriod, shanghaiDate } from '@duban/shared';
import { systemActor } from '../lib/actor';
import { storeUpload } from '../modules/attachments/attachment.storage';
import { ITEM_OWNER } from '../modules/assessment/item-evidence';
import { recomputePeriod } from '../modules/assessment/recompute.service';
import { recordTrace } from '../modules/trace/trace.service';
import type { DemoStep } from './demo.seed';

/**
 * The demo's assessment: the default rule book, every quarter of the year so far and the year computed
 * from the demo matters (nothing typed in), and two 容错 applications against real deductions — one
 * approved by the leadership group, one declined by 督查办 — so every assessment page has something true.
 * Then three documented 加扣分 items in this quarter (批示表扬, 通报表扬, 通报批评 with their document numbers, the 通报
 * with its file), last quarter published with one 复核 decided (更正 +0.5, a correction line) and the 申诉 after it
 * pending, a third 容错 verified by 督查办 and waiting for the leaders (its what-if), and the organisation
 * department's part for every cadre of last quarter and this one, so the composite and the 优秀 quota show.
 */
export const demoAssessmentStep: DemoStep = async (deps, trx, ctx) => {
  const now = deps.clock.now();
  const t = ctx.tenantId;
  await trx.insertInto('assessment_rule_books').values({ tenant_id: t, version: 1, effective_from: '2000-01-01', rules: JSON.stringify(DEFAULT_RULE_BOOK), created_by: null, created_at: now, updated_at: now }).execute();
  const office = systemActor(t, '区委区政府督查办公室');
  const today = shanghaiDate(now);
  const current = periodOf(today, 'quarter');
  const year = today.slice(0, 4);
  const quarters = [1, 2, 3, 4].map((q) => `${year}Q${q}`).filter((c) => c <= current);
  for (const code of [...quarters, year]) await recomputePeriod(deps, office, code, trx);

  const period = await trx.selectFrom('assessment_periods').select(['id', 'code']).where('tenant_id', '=', t).where('code', '=', current).executeTakeFirstOrThrow();
  const lines = await trx
    .selectFrom('assessment_lines')
    .select(['subject_id', 'line_key'])
    .where('period_id', '=', period.id)
    .where('subject_type', '=', 'unit')
    .where('carrier_role', '=', 'lead')
    .where('rule', '=', 'overdue')
    .orderBy('matter_id')
    .limit(3)
    .execute();
  const outcomes = [
    { status: 'approved' as const, situation: DEFAULT_RULE_BOOK.tolerance.situations[6], reason: '配合单位未按期提供用地手续，本单位已多次函催并报告分管领导', evidence: '函催记录 3 份、专题会议纪要 1 份', verify: '经核实，情况属实，提交领导小组研究', decision: '符合“因配合单位或客观条件制约未能按期完成”情形，予以容错，该项扣分作废' },
    { status: 'rejected' as const, situation: DEFAULT_RULE_BOOK.tolerance.situations[1], reason: '连续降雨影响施工', evidence: '气象资料', verify: '经核实，同期其他单位同类工程按期完成，不属于不可抗力，不予容错', decision: null },
    { status: 'verified' as const, situation: DEFAULT_RULE_BOOK.tolerance.situations[0], reason: '试点改革事项，无先例可循，方案经两次论证调整', evidence: '试点批复、论证会纪要各一份', verify: '经核实，属先行先试情形，提交领导小组研究', decision: null },
  ];
  for (const [i, line] of lines.entries()) {
    const o = outcomes[i];
    if (!o) break;
    const row = await trx
      .insertInto('assessment_tolerance')
      .values({
        tenant_id: t,
        period_id: period.id,
        subject_type: 'unit',
        subject_id: line.subject_id,
        line_keys: [line.line_key],
        situation: o.situation ?? '',
        reason: o.reason,
        evidence: o.evidence,
        status: o.status,
        applied_by: null,
        applied_at: now,
        verified_by: null,
        verified_at: now,
        verify_note: o.verify,
        decided_by: null,
        decided_at: o.status === 'verified' ? null : now,
        decision_reason: o.status === 'verified' ? null : (o.decision ?? o.verify),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordTrace(trx, deps.clock, office, { action: 'assessment.tolerance_apply', entityType: 'assessment_tolerance', entityId: row.id, after: { period: period.code, subjectType: 'unit', subjectId: line.subject_id, lineKeys: [line.line_key], situation: o.situation, reason: o.reason } });
    await recordTrace(trx, deps.clock, office, { action: 'assessment.tolerance_verify', entityType: 'assessment_tolerance', entityId: row.id, after: { status: o.status === 'rejected' ? 'rejected' : 'verified', note: o.verify } });
    if (o.decision) await recordTrace(trx, deps.clock, systemActor(t, '考核工作领导小组'), { action: 'assessment.tolerance_decide', entityType: 'assessment_tolerance', entityId: row.id, after: { status: 'approved', note: o.decision } });
  }
  // 加扣分 items of this quarter, against the units at the top and the bottom of the league and one cadre.
  const ranked = await trx
    .selectFrom('assessment_totals as x')
    .innerJoin('units as u', 'u.id', 'x.subject_id')
    .select(['x.subject_id', 'x.rank', 'u.name'])
    .where('x.period_id', '=', period.id)
    .where('x.subject_type', '=', 'unit')
    .orderBy('x.total', 'desc')
    .orderBy('x.subject_id')
    .execute();
  const topMatter = ranked[0]
    ? await trx.selectFrom('matter_units').select('matter_id').where('tenant_id', '=', t).where('unit_id', '=', ranked[0].subject_id).where('role', '=', 'lead').orderBy('matter_id').limit(1).executeTakeFirst()
    : undefined;
  const cadre = await trx.selectFrom('assessment_totals').select('subject_id').where('period_id', '=', period.id).where('subject_type', '=', 'person').orderBy('total', 'desc').orderBy('subject_id').limit(1).executeTakeFirst();
  const y = today.slice(0, 4);
  const fortnightIn = addDays(parsePeriod(current)?.from ?? today, 14);
  const itemDate = fortnightIn < today ? fortnightIn : today;
  const items = [
    ranked[0] && { kind: 'praise' as const, subject_type: 'unit' as const, subject_id: ranked[0].subject_id, matter_id: topMatter?.matter_id ?? null, doc_number: `区委办批〔${y}〕17号`, title: `区委书记批示：${ranked[0].name}推进有力，成效明显，予以表扬` },
    ranked[1] && { kind: 'commend' as const, subject_type: 'unit' as const, subject_id: ranked[1].subject_id, matter_id: null, doc_number: `二七督通〔${y}〕12号`, title: '关于重点工作推进情况的通报（表扬）' },
    ranked.length > 2 && ranked[ranked.length - 1] && { kind: 'criticise' as const, subject_type: 'unit' as const, subject_id: ranked[ranked.length - 1]!.subject_id, matter_id: null, doc_number: `二七督通〔${y}〕13号`, title: '关于部分单位督办事项逾期未办结的通报' },
    cadre && { kind: 'commend' as const, subject_type: 'person' as const, subject_id: cadre.subject_id, matter_id: null, doc_number: `二七督通〔${y}〕12号`, title: '关于重点工作推进情况的通报（表扬个人）' },
  ];
  for (const it of items) {
    if (!it) continue;
    const row = await trx.insertInto('assessment_items').values({ tenant_id: t, ...it, doc_date: itemDate, created_by: null, created_at: now }).returning('id').executeTakeFirstOrThrow();
    // The 通报批评 carries its document (a one-page PDF), shown on the item and on its score line.
    const file = it.kind === 'criticise' ? await noticePdf(deps.config.filesDir, it.doc_number, it.title, deps.config.maxUploadBytes) : null;
    if (file) {
      const fileName = `${it.doc_number}.pdf`;
      await trx.insertInto('attachments').values({ tenant_id: t, matter_id: null, owner_type: ITEM_OWNER, owner_id: row.id, file_name: fileName, mime: file.mime, size: file.size, sha256: file.sha256, uploaded_by: null, created_at: now }).execute();
    }
    await recordTrace(trx, deps.clock, office, { action: 'assessment.item_add', entityType: 'assessment_item', entityId: row.id, after: { kind: it.kind, subjectType: it.subject_type, subjectId: it.subject_id, docNumber: it.doc_number, docDate: itemDate, title: it.title, attachments: file ? [{ fileName: `${it.doc_number}.pdf` }] : [] } });
  }
  // The organisation department's part (0–100) for every cadre of last quarter and this one, so the composite and
  // the proposed grades (优秀 within the quota) show; spread deterministically by the person's id.
  const prevCode = previousPeriod(current);
  const cadres = await trx.selectFrom('assessment_totals as x').innerJoin('assessment_periods as p', 'p.id', 'x.period_id').select(['p.code', 'x.subject_id']).where('x.tenant_id', '=', t).where('x.subject_type', '=', 'person').where('p.code', 'in', [current, prevCode ?? current]).execute();
  for (let i = 0; i < cadres.length; i += 500) {
    await trx
      .insertInto('assessment_org_parts')
      .values(cadres.slice(i, i + 500).map((c) => ({ tenant_id: t, period_code: c.code, person_id: c.subject_id, score: 70 + ((c.subject_id * 37) % 280) / 10, entered_by: null, entered_at: now })))
      .execute();
  }
  if (cadres.length) await recordTrace(trx, deps.clock, office, { action: 'assessment.org_parts', entityType: 'assessment_period', entityId: current, after: { imported: cadres.length } });
  // The approved exemption and the items count in the quarter and the year.
  for (const code of [current, year]) await recomputePeriod(deps, office, code, trx);

  // Last quarter published; its last-placed unit asked for 复核 (decided: 更正 +0.5) and then appealed (pending).
  const prev = previousPeriod(current);
  const last = prev ? await trx.selectFrom('assessment_periods').select(['id', 'code']).where('tenant_id', '=', t).where('code', '=', prev).executeTakeFirst() : undefined;
  if (!last) return;
  await trx.updateTable('assessment_periods').set({ status: 'published', published_at: now }).where('id', '=', last.id).execute();
  await recordTrace(trx, deps.clock, office, { action: 'assessment.publish', entityType: 'assessment_period', entityId: last.id, after: { code: last.code } });
  // The lowest unit whose total is within the caps, so the correction shows in its total.
  const lowest = await trx
    .selectFrom('assessment_totals')
    .select('subject_id')
    .where('period_id', '=', last.id)
    .where('subject_type', '=', 'unit')
    .where('raw', '>', DEFAULT_RULE_BOOK.periodCap.min)
    .orderBy('total')
    .orderBy('subject_id')
    .limit(1)
    .executeTakeFirst();
  if (!lowest) return;
  const subject = { tenant_id: t, period_id: last.id, subject_type: 'unit' as const, subject_id: lowest.subject_id, applied_by: null, applied_at: now };
  const review = await trx
    .insertInto('assessment_appeals')
    .values({ ...subject, kind: 'review', parent_id: null, reason: '一项红色预警系上级调整任务节点所致，非本单位原因', evidence: '上级调整通知一份、会议纪要一份', status: 'changed', delta: 0.5, decision_note: '经复核，该事项节点调整属实，更正加 0.5 分', decided_by: null, decided_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  await recordTrace(trx, deps.clock, office, { action: 'assessment.appeal_apply', entityType: 'assessment_appeal', entityId: review.id, after: { kind: 'review', period: last.code, subjectType: 'unit', subjectId: lowest.subject_id } });
  await recordTrace(trx, deps.clock, office, { action: 'assessment.appeal_decide', entityType: 'assessment_appeal', entityId: review.id, after: { kind: 'review', outcome: 'changed', delta: 0.5 } });
  const appeal = await trx
    .insertInto('assessment_appeals')
    .values({ ...subject, kind: 'appeal', parent_id: review.id, reason: '更正后仍未反映全部客观因素，另有两项逾期系配合单位原因', evidence: '配合单位函件两份', delta: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  await recordTrace(trx, deps.clock, office, { action: 'assessment.appeal_apply', entityType: 'assessment_appeal', entityId: appeal.id, after: { kind: 'appeal', period: last.code, subjectType: 'unit', subjectId: lowest.subject_id, parentId: review.id } });
  // The published quarter replays its own rule book version with the correction line added.
  await recomputePeriod(deps, office, last.code, trx);
};

/** A one-page PDF standing for a 通报's scan, stored like an upload (content-addressed under filesDir). */
async function noticePdf(filesDir: string, docNumber: string, title: string, maxBytes: number) {
  const text = `${docNumber} ${title}`.replace(/[()\\]/g, ' ');
  const stream = `BT /F1 12 Tf 72 760 Td (${Buffer.from(text, 'utf8').toString('latin1')}) Tj ET`;
  const body = [
    '%PDF-1.4',
    '1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj',
    '2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj',
    '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>endobj',
    `4 0 obj<</Length ${Buffer.byteLength(stream, 'latin1')}>>stream\n${stream}\nendstream endobj`,
    '5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj',
    'trailer<</Root 1 0 R>>',
    '%%EOF',
  ].join('\n');
  return storeUpload(filesDir, Readable.from([Buffer.from(body, 'latin1')]), `${docNumber}.pdf`, maxBytes);
}

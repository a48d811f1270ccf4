import { issueLabel, reportFiguresSchema, reportSectionsSchema, type ReportDetail, type ReportView } from '@duban/shared';
import type { SupervisionReport } from './report.table';

export function presentReport(r: SupervisionReport): ReportView {
  return {
    id: r.id,
    kind: r.kind,
    year: r.year,
    seq: r.seq,
    issueLabel: issueLabel(r.seq),
    title: r.title,
    from: r.period_from,
    to: r.period_to,
    campaignId: r.campaign_id,
    status: r.status,
    auto: r.auto,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    publishedAt: r.published_at?.toISOString() ?? null,
    version: r.version,
  };
}

/** With the frozen figures and the sections, re-validated so an old row never leaks odd shapes. */
export function presentReportDetail(r: SupervisionReport): ReportDetail {
  return { ...presentReport(r), figures: reportFiguresSchema.parse(r.figures), sections: reportSectionsSchema.parse(r.sections) };
}

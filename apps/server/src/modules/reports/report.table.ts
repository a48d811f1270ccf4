import type { ColumnType, Generated, Selectable } from 'kysely';
import type { Json, Timestamp } from '../tenants/tenant.table';
import type { ReportFigures, ReportSections } from './report.figures';

/** A 督查周报 issue or a 《督促检查情况》 report: figures frozen at generation, sections the office edits. */
export interface SupervisionReportTable {
  id: Generated<number>;
  tenant_id: number;
  kind: 'weekly' | 'inspection';
  year: number;
  seq: number;
  title: string;
  period_from: string;
  period_to: string;
  campaign_id: number | null;
  status: Generated<'draft' | 'published'>;
  auto: Generated<boolean>;
  figures: Json<ReportFigures>;
  sections: Json<ReportSections>;
  /** The cited matters beyond the figures' listed ones (ids in order, a tag bitmask each); null when they list them all. */
  cited_rest_ids: ColumnType<number[] | null, number[] | null | undefined, number[] | null>;
  cited_rest_tags: ColumnType<number[] | null, number[] | null | undefined, number[] | null>;
  created_by: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  published_at: Date | null;
  published_by: number | null;
  version: Generated<number>;
}
/** A report as the code reads it: without the cited matters' id arrays (tens of thousands for a city week), read only for the appendix. */
export type SupervisionReport = Omit<Selectable<SupervisionReportTable>, 'cited_rest_ids' | 'cited_rest_tags'>;

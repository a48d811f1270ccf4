import type { AttachmentView, InspectionDetail } from '@duban/shared';
import type { listInspections } from './inspection.repository';

type Row = Awaited<ReturnType<typeof listInspections>>[number];

export function presentInspection(row: Row, inspectors: readonly string[], attachments: readonly AttachmentView[]): InspectionDetail {
  return {
    id: row.id,
    matterId: row.matter_id,
    inspectedAt: row.inspected_at.toISOString(),
    location: row.location,
    lat: row.lat,
    lng: row.lng,
    accuracy: row.accuracy,
    finding: row.finding,
    unannounced: row.unannounced,
    notes: row.notes,
    inspectors: [...inspectors],
    campaignId: row.campaign_id,
    campaignName: row.campaign_name,
    recordedBy: row.recorded_by_name,
    returnedCompletion: row.returned_completion,
    createdAt: row.created_at.toISOString(),
    attachments: [...attachments],
  };
}

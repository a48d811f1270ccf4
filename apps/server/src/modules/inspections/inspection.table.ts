import type { Generated } from 'kysely';
import type { InspectionFinding } from '@duban/shared';
import type { Timestamp } from '../tenants/tenant.table';

export interface InspectionCampaignTable {
  id: Generated<number>;
  tenant_id: number;
  name: string;
  start_date: string | null;
  end_date: string | null;
  description: Generated<string>;
  created_by: number | null;
  created_at: Timestamp;
}

export interface InspectionTable {
  id: Generated<number>;
  tenant_id: number;
  matter_id: number;
  campaign_id: number | null;
  inspected_at: Date;
  location: Generated<string>;
  lat: number | null;
  lng: number | null;
  accuracy: number | null; // metres, as the phone reported it (migration 1100)
  returned_completion: Generated<boolean>; // the dispute returned a pending completion request
  finding: InspectionFinding;
  unannounced: Generated<boolean>;
  notes: Generated<string>;
  report_id: number | null;
  recorded_by: number | null;
  created_at: Timestamp;
}

export interface InspectionInspectorTable {
  inspection_id: number;
  person_id: number;
}

import type { Generated } from 'kysely';
import type { WarningColour } from '@duban/shared';
import type { ColourReasonJson } from '../matters/matter.table';
import type { Json } from '../tenants/tenant.table';

export interface ColourHistoryTable {
  id: Generated<number>;
  tenant_id: number;
  matter_id: number;
  from_colour: WarningColour | null;
  to_colour: WarningColour | null;
  reasons: Json<ColourReasonJson | null>;
  at: Date;
}

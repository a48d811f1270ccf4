import type { Generated } from 'kysely';
import type { Timestamp } from '../tenants/tenant.table';

// Tables and columns of migration 2026_12_07_9500_citizens (issue 17). Column comments live in the migration.

/** Columns the citizens' channel adds to grid_problem_reporters: the private link's hash, how the reporter came. */
export interface CitizenReporterColumns {
  token_hash: string | null;
  kind: Generated<'reporter' | 'follower' | 'merged'>;
}

export interface GridProblemRedactionTable {
  id: Generated<string>;
  tenant_id: number;
  problem_id: string;
  kind: 'text' | 'photo';
  hidden_text: string | null;
  attachment_id: string | null;
  reason: string;
  created_by: number | null;
  created_at: Timestamp;
}

export interface GridProblemClusterTable {
  id: Generated<string>;
  tenant_id: number;
  cell_id: number;
  category_id: number;
  reports: number;
  first_at: Timestamp;
  last_at: Timestamp;
  status: Generated<'open' | 'supervised' | 'dismissed'>;
  matter_id: number | null;
  flagged_at: Timestamp;
  decided_by: number | null;
  decided_at: Timestamp | null;
}

// Tables of migration 2026_12_08_10400_citizen_settings.

/** A tenant's citizens' channel settings (shared citizenSettingsSchema, defaults filled on read). */
export interface CitizenSettingsTable {
  tenant_id: number;
  settings: unknown;
  updated_by: number | null;
  updated_at: Timestamp;
}

/** A proof of work already answered (its challenge's SHA-256), kept until the challenge expires. */
export interface CitizenPowUsedTable {
  challenge_hash: string;
  expires_at: Timestamp;
}

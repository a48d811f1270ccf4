import type { ColumnType, Generated, Selectable } from 'kysely';

export type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
export type Json<T> = ColumnType<T, string | T | undefined, string | T>;

/** Per-tenant settings; later issues add their own keys (warning thresholds, channels …). */
export type TenantSettings = Record<string, unknown>;

export interface TenantTable {
  id: Generated<number>;
  code: string;
  name: string;
  doc_prefix: string; // e.g. 二七督 → 二七督〔2026〕123号
  settings: Json<TenantSettings>;
  created_at: Timestamp;
}
export type Tenant = Selectable<TenantTable>;

import type { Generated, Selectable } from 'kysely';
import type { Json } from '../tenants/tenant.table';

export type TraceData = Record<string, unknown> | null;

export interface TraceTable {
  id: Generated<number>;
  tenant_id: number;
  seq: number;
  at: Date;
  actor_account_id: number | null;
  actor_name: string;
  action: string;
  entity_type: string;
  entity_id: string;
  before: Json<TraceData>;
  after: Json<TraceData>;
  ip: string | null;
  request_id: string | null;
  prev_hash: string;
  hash: string;
  /** HMAC-SM3 of `hash` under the server key (trace.seal.ts); null only on rows written before it existed, until sealed. */
  mac: string | null;
}
export type TraceRow = Selectable<TraceTable>;

export interface TraceHeadTable {
  tenant_id: number;
  seq: number;
  hash: string;
}

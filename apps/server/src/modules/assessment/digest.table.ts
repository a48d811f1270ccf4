/** The digest of the lines a matter gives its carriers in a period (migration 11100); absent: no lines. */
export interface AssessmentMatterDigestTable {
  period_id: number;
  matter_id: number;
  tenant_id: number;
  digest: string;
  /** The digest of what the lines were built from (migration 13500; null: not known yet). */
  scored: string | null;
}

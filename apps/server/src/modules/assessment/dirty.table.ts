/** A period a matter event touched since the recompute job last claimed it (migration 10200). */
export interface AssessmentDirtyTable {
  tenant_id: number;
  period_code: string;
  marked_at: Date;
}

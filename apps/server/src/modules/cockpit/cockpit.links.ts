import type { DateRange } from '@duban/shared';
import type { CockpitScope } from './cockpit.scope';

/** Ledger filters (GET /api/matters) a figure stands for; values are already strings. */
export type LedgerFilter = Record<string, string>;

/**
 * Builds the ledger query behind one figure: the period's creation dates, the filter, and for a
 * viewer with a unit scope `leadScope=true`, so the ledger counts the same matters the cockpit does
 * (matters led by the viewer's units or with the viewer as lead leader, not co-unit ones).
 */
export function linkTo(range: DateRange | null, scope: CockpitScope, filter: LedgerFilter = {}): string {
  const params = new URLSearchParams();
  if (range) {
    params.set('createdFrom', range.from);
    params.set('createdTo', range.to);
  }
  for (const [k, v] of Object.entries(filter)) params.set(k, v);
  if (scope.kind === 'units') params.set('leadScope', 'true');
  return params.toString();
}

export const DONE_FILTER = { status: 'closed,archived' } as const;
export const OPEN_FILTER = { status: 'registered,assigned,in_progress,completion_requested' } as const;

import type { QueueQuery } from './api';

const KEYS = ['level', 'status', 'open', 'unitId', 'cellId', 'categoryId', 'mine', 'q', 'page', 'pageSize'] as const;
const NUMERIC = new Set(['unitId', 'cellId', 'categoryId', 'page', 'pageSize']);

/** The queue's filters as they stand in the address (problemQueueQuerySchema's names), so a link opens the same list. */
export function queueQueryOf(params: URLSearchParams): QueueQuery {
  const q: Record<string, string | number> = {};
  for (const k of KEYS) {
    const v = params.get(k);
    if (v) q[k] = NUMERIC.has(k) ? Number(v) : v;
  }
  // Open problems unless the address says otherwise (open=false: finished only; open=any: both).
  const open = params.get('open') ?? 'true';
  return { ...q, open: open === 'any' ? undefined : open } as QueueQuery;
}

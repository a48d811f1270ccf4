import { COLOUR_ORDER, LEDGER_SORTS, MATTER_SOURCES, MATTER_STATUSES, PRIORITIES, isIsoDate } from '@duban/shared';
import type { LedgerFilters } from '../../api/matters';

export type LedgerState = { filters: LedgerFilters; page: number; pageSize: number };

const PAGE_SIZES = [10, 20, 50, 100, 200];

/** A list parameter: repeated (`status=a&status=b`) or comma-separated, unknown values dropped. */
function list(sp: URLSearchParams, key: string, allowed: readonly string[]): string[] | undefined {
  const values = sp
    .getAll(key)
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => allowed.includes(v));
  return values.length ? [...new Set(values)] : undefined;
}

function id(sp: URLSearchParams, key: string): number | undefined {
  const n = Number(sp.get(key));
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

function date(sp: URLSearchParams, key: string): string | undefined {
  const v = sp.get(key);
  return v && isIsoDate(v) ? v : undefined;
}

/**
 * The ledger's state from the page URL, so a link (from the cockpit, a colleague, a bookmark)
 * opens exactly the same list. Bad values are ignored rather than breaking the page.
 */
export function parseLedgerParams(sp: URLSearchParams): LedgerState {
  const sort = sp.get('sort') ?? undefined;
  const order = sp.get('order');
  const overdue = sp.get('overdue');
  const page = Number(sp.get('page'));
  const pageSize = Number(sp.get('pageSize'));
  const filters: LedgerFilters = {
    status: list(sp, 'status', MATTER_STATUSES),
    colour: list(sp, 'colour', [...COLOUR_ORDER, 'none']),
    source: list(sp, 'source', MATTER_SOURCES),
    priority: list(sp, 'priority', PRIORITIES),
    unitId: id(sp, 'unitId'),
    leaderId: id(sp, 'leaderId'),
    categoryId: id(sp, 'categoryId'),
    deadlineFrom: date(sp, 'deadlineFrom'),
    deadlineTo: date(sp, 'deadlineTo'),
    overdue: overdue === 'true' || overdue === 'false' ? overdue : undefined,
    q: sp.get('q')?.trim().slice(0, 100) || undefined,
    sort: sort && (LEDGER_SORTS as readonly string[]).includes(sort) ? sort : undefined,
    order: order === 'asc' || order === 'desc' ? order : undefined,
  };
  return {
    filters: Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined)),
    page: Number.isInteger(page) && page > 0 ? page : 1,
    pageSize: PAGE_SIZES.includes(pageSize) ? pageSize : 20,
  };
}

/** The URL query for a ledger state (lists comma-joined, defaults left out). */
export function ledgerSearch(state: LedgerState): URLSearchParams {
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(state.filters)) {
    if (v === undefined || v === '' || (Array.isArray(v) && !v.length)) continue;
    sp.set(k, Array.isArray(v) ? v.join(',') : String(v));
  }
  if (state.page > 1) sp.set('page', String(state.page));
  if (state.pageSize !== 20) sp.set('pageSize', String(state.pageSize));
  return sp;
}

export { PAGE_SIZES };

import { COLOUR_ORDER, LEDGER_SORTS, LEDGER_TODOS, MATTER_SOURCES, MATTER_STATUSES, PRIORITIES, isIsoDate, type WorkbenchSectionKey } from '@duban/shared';
import i18n from 'i18next';
import type { LedgerFilters } from '../../api/matters';
import { labelOf } from '../../i18n/enumLabels';

export type LedgerState = { filters: LedgerFilters; page: number; pageSize: number };

export const PAGE_SIZES = [10, 20, 50, 100, 200];

const LISTS = { status: MATTER_STATUSES, colour: [...COLOUR_ORDER, 'none'], source: MATTER_SOURCES, priority: PRIORITIES } as const;
const IDS = ['unitId', 'leaderId', 'categoryId', 'leadUnitId', 'parentId'] as const;
const DATES = ['deadlineFrom', 'deadlineTo', 'createdFrom', 'createdTo', 'closedFrom', 'closedTo', 'warnedFrom', 'warnedTo'] as const;
const FLAGS = ['overdue', 'closedOnTime', 'leadScope', 'topLevel'] as const;

/** A list parameter: repeated (`status=a&status=b`) or comma-separated, unknown values dropped. */
function list(sp: URLSearchParams, key: string, allowed: readonly string[]): string[] | undefined {
  const values = sp
    .getAll(key)
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => allowed.includes(v));
  return values.length ? [...new Set(values)] : undefined;
}

/**
 * The ledger's state from the page URL, so a link (from the cockpit, a colleague, a bookmark)
 * opens exactly the same list; every filter of GET /api/matters is understood. Bad values are
 * ignored rather than breaking the page.
 */
export function parseLedgerParams(sp: URLSearchParams): LedgerState {
  const filters: LedgerFilters = {};
  for (const [key, allowed] of Object.entries(LISTS)) {
    const v = list(sp, key, allowed);
    if (v) Object.assign(filters, { [key]: v });
  }
  for (const key of IDS) {
    const n = Number(sp.get(key));
    if (Number.isInteger(n) && n > 0) filters[key] = n;
  }
  for (const key of DATES) {
    const v = sp.get(key);
    if (v && isIsoDate(v)) filters[key] = v;
  }
  for (const key of FLAGS) {
    const v = sp.get(key);
    if (v === 'true' || v === 'false') filters[key] = v;
  }
  const todo = LEDGER_TODOS.find((x) => x === sp.get('todo'));
  if (todo) filters.todo = todo;
  const q = sp.get('q')?.trim().slice(0, 100);
  if (q) filters.q = q;
  const sort = sp.get('sort');
  if (sort && (LEDGER_SORTS as readonly string[]).includes(sort)) filters.sort = sort;
  const order = sp.get('order');
  if (order === 'asc' || order === 'desc') filters.order = order;
  const page = Number(sp.get('page'));
  const pageSize = Number(sp.get('pageSize'));
  return { filters, page: Number.isInteger(page) && page > 0 ? page : 1, pageSize: PAGE_SIZES.includes(pageSize) ? pageSize : 20 };
}

/**
 * The filters sent to the API: without a sort chosen, the most recently changed matters come first
 * (the server's own default is deadline ascending, which puts old closed matters on top). Kept out
 * of the URL so links, and the counts they show, stay exactly as given.
 */
export function withDefaultSort(filters: LedgerFilters): LedgerFilters {
  return filters.sort ? filters : { ...filters, sort: 'updated_at', order: 'desc' };
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

/** Filters that came with a link and have no control in the filter bar, described for people (in the current language). */
export function linkedFilterLabels(f: LedgerFilters): { keys: (keyof LedgerFilters)[]; label: string }[] {
  const out: { keys: (keyof LedgerFilters)[]; label: string }[] = [];
  const t = (key: string, o?: Record<string, string>) => i18n.t(`matters.filter.linked.${key}`, o);
  const range = (from?: string, to?: string) => t('range', { from: from ?? '…', to: to ?? '…' });
  if (f.createdFrom || f.createdTo) out.push({ keys: ['createdFrom', 'createdTo'], label: t('created', { range: range(f.createdFrom, f.createdTo) }) });
  if (f.closedFrom || f.closedTo) out.push({ keys: ['closedFrom', 'closedTo'], label: t('closed', { range: range(f.closedFrom, f.closedTo) }) });
  if (f.warnedFrom || f.warnedTo) out.push({ keys: ['warnedFrom', 'warnedTo'], label: t('warned', { range: range(f.warnedFrom, f.warnedTo) }) });
  if (f.closedOnTime) out.push({ keys: ['closedOnTime'], label: t(f.closedOnTime === 'true' ? 'closedOnTime' : 'closedLate') });
  if (f.leadScope === 'true') out.push({ keys: ['leadScope'], label: t('leadScope') });
  if (f.topLevel) out.push({ keys: ['topLevel'], label: t(f.topLevel === 'true' ? 'topLevel' : 'children') });
  if (f.leadUnitId) out.push({ keys: ['leadUnitId'], label: t('leadUnit') });
  if (f.parentId) out.push({ keys: ['parentId'], label: t('parent') });
  if (f.todo) out.push({ keys: ['todo'], label: t('todo', { section: labelOf('workbenchSection', f.todo) }) });
  return out;
}

/** The ledger URL listing all of a workbench section (its "view all"): the ledger's filter that selects the same matters. */
export function workbenchSectionHref(key: WorkbenchSectionKey): string {
  if (key === 'overdue') return '/matters?overdue=true';
  if (key === 'to_review_completion') return '/matters?status=completion_requested';
  return `/matters?todo=${key}`;
}

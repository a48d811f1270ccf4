import type { AttachmentView, CategoryView, LedgerTodo, MatterAction, MatterDetail, MatterListItem, Page, PersonView, Workbench } from '@duban/shared';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, get, qs } from './client';

/** The ledger's filters as they travel in the page URL and on to GET /api/matters. */
export type LedgerFilters = {
  status?: string[];
  colour?: string[];
  source?: string[];
  priority?: string[];
  unitId?: number;
  leaderId?: number;
  categoryId?: number;
  deadlineFrom?: string;
  deadlineTo?: string;
  overdue?: 'true' | 'false';
  q?: string;
  sort?: string;
  order?: 'asc' | 'desc';
  // Carried from links (the cockpit's figures) so the ledger counts exactly what the figure counted.
  leadUnitId?: number;
  parentId?: number;
  createdFrom?: string;
  createdTo?: string;
  closedFrom?: string;
  closedTo?: string;
  warnedFrom?: string;
  warnedTo?: string;
  closedOnTime?: 'true' | 'false';
  leadScope?: 'true' | 'false';
  topLevel?: 'true' | 'false';
  // The viewer's own work, from the workbench's "view all".
  todo?: LedgerTodo;
};

/** The ledger query string for the API (page/pageSize become limit/offset); also used by the Excel export. */
export function ledgerQuery(f: LedgerFilters, paging?: { page: number; pageSize: number }): string {
  const flat = Object.fromEntries(Object.entries(f).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : v]));
  return qs({ ...flat, ...(paging ? { limit: paging.pageSize, offset: (paging.page - 1) * paging.pageSize } : {}) });
}

export const MATTERS_KEY = ['matters'] as const;

export function useLedger(f: LedgerFilters, paging: { page: number; pageSize: number }) {
  return useQuery({
    queryKey: [...MATTERS_KEY, 'ledger', f, paging],
    queryFn: () => get<Page<MatterListItem>>(`/api/matters${ledgerQuery(f, paging)}`),
    placeholderData: (prev) => prev,
  });
}

export function useMatter(id: number) {
  return useQuery({ queryKey: [...MATTERS_KEY, 'detail', id], queryFn: () => get<MatterDetail>(`/api/matters/${id}`), enabled: id > 0 });
}

export function useCategories() {
  return useQuery({ queryKey: ['categories'], queryFn: () => get<{ items: CategoryView[] }>('/api/categories'), staleTime: 300_000, select: (d) => d.items });
}

export function useWorkbench() {
  return useQuery({ queryKey: [...MATTERS_KEY, 'workbench'], queryFn: () => get<Workbench>('/api/workbench'), refetchInterval: 60_000 });
}

/** People for pickers: one unit's, or a name search across the tenant. */
export function usePeople(filter: { unitId?: number | null; q?: string }, enabled = true) {
  return useQuery({
    queryKey: ['people', 'picker', filter],
    queryFn: () => get<Page<PersonView>>(`/api/people${qs({ unitId: filter.unitId ?? undefined, q: filter.q, active: 'true', limit: 200 })}`),
    enabled,
    staleTime: 60_000,
    select: (d) => d.items,
  });
}

/** Invalidates every cached matter list and detail (after any change). */
export function useRefreshMatters() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: MATTERS_KEY });
}

/**
 * Where each action is posted. The body is the action's schema in @duban/shared (assignSchema,
 * reportSchema, …); `:eid` is the extension or completion request acted on.
 */
export const ACTION_PATHS: Record<Exclude<MatterAction, 'edit'>, string> = {
  assign: 'assign',
  sign: 'sign',
  delegate: 'delegate',
  report: 'reports',
  request_extension: 'extensions',
  decide_extension: 'extensions/:eid/decision',
  request_completion: 'completion',
  accept_completion: 'completion/accept',
  return: 'return',
  rate: 'rate',
  archive: 'archive',
  cancel: 'cancel',
  urge: 'urges',
  issue_notice: 'notices',
  inspect: 'inspections',
  decompose: 'children',
  settle_unit: 'units/settle',
};

/** Posts one action on a matter. */
export function postAction<T = unknown>(matterId: number, action: Exclude<MatterAction, 'edit'>, body: unknown, eid?: number): Promise<T> {
  const path = ACTION_PATHS[action].replace(':eid', String(eid ?? ''));
  return api<T>('POST', `/api/matters/${matterId}/${path}`, body ?? {});
}

/** Attaches files uploaded by the viewer to the matter itself (登记/修改 附件). */
export function attachToMatter(matterId: number, attachmentIds: number[]): Promise<unknown> {
  return api('POST', `/api/matters/${matterId}/attachments`, { attachmentIds });
}

/** Uploads one file; the returned id goes into an action's attachmentIds. */
export function uploadAttachment(file: File): Promise<AttachmentView> {
  const form = new FormData();
  form.append('file', file);
  return api<AttachmentView>('POST', '/api/attachments', form);
}

import type { GridAction, GridCategoryView, GridCellView, ProblemDetailView, ProblemQueueQuery, ReportProblemInput, ReportResultView, QueueItemView } from '@duban/shared';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, get, post, qs } from '../../api/client';

/** The problem flow's API (issue 16): report, photos, queues, the problem page and its actions. */

export type PhotoUpload = { id: number; url: string; size: number; width: number; height: number };

/** Uploads one site photo (re-encoded by the server, EXIF/GPS stripped). */
export function uploadGridPhoto(file: File): Promise<PhotoUpload> {
  const form = new FormData();
  form.append('file', file);
  return api<PhotoUpload>('POST', '/api/grid/photos', form);
}

/** Sends a report; the same Idempotency-Key on a retry answers with the problem already made. */
export function sendReport(body: ReportProblemInput, idempotencyKey: string): Promise<ReportResultView> {
  return api<ReportResultView>('POST', '/api/grid/problems', body, { headers: { 'idempotency-key': idempotencyKey } });
}

export function useMyCells() {
  return useQuery({ queryKey: ['grid', 'my-cells'], queryFn: () => get<{ items: GridCellView[] }>('/api/grid/cells?mine=true'), staleTime: 60_000, select: (d) => d.items });
}

export function useGridCategories() {
  return useQuery({ queryKey: ['grid', 'categories'], queryFn: () => get<{ items: GridCategoryView[] }>('/api/grid/categories'), staleTime: 300_000, select: (d) => d.items });
}

export type QueueQuery = Partial<Omit<ProblemQueueQuery, 'page' | 'pageSize'>> & { page?: number; pageSize?: number };

export function useProblemQueue(q: QueueQuery, enabled = true) {
  return useQuery({
    queryKey: ['grid', 'problems', q],
    queryFn: () => get<{ items: QueueItemView[]; total: number }>(`/api/grid/problems${qs(q)}`),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useProblem(id: string | undefined) {
  return useQuery({ queryKey: ['grid', 'problem', id], queryFn: () => get<ProblemDetailView>(`/api/grid/problems/${id}`), enabled: !!id, retry: false });
}

/** The path of each action under /api/grid/problems/:id/. */
export const ACTION_PATH: Record<GridAction, string> = {
  accept: 'accept',
  register: 'register',
  reject: 'reject',
  dispatch: 'dispatch',
  sign: 'sign',
  return: 'return',
  handle: 'handle',
  verify: 'verify',
  request_extension: 'extension',
  decide_extension: 'extension/decision',
  escalate: 'escalate',
  park: 'park',
  unpark: 'unpark',
  visit: 'visit',
};

/** Runs one action; the answer is the problem page as it now stands. */
export function useProblemAction(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ action, body }: { action: GridAction; body: Record<string, unknown> }) => post<ProblemDetailView>(`/api/grid/problems/${id}/${ACTION_PATH[action]}`, body),
    onSuccess: (detail) => {
      client.setQueryData(['grid', 'problem', id], detail);
      void client.invalidateQueries({ queryKey: ['grid', 'problems'] });
    },
  });
}

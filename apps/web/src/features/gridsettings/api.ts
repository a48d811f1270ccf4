import type { GridSettingsView, GridSuperviseInput, LimitVersionDetail, LimitVersionInput, LimitVersionView } from '@duban/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { get, post, put } from '../../api/client';

/** 网格设置: the 转入督办 settings and the versions of the time-limit table. */

export function useGridSettings() {
  return useQuery({ queryKey: ['grid', 'settings'], queryFn: () => get<GridSettingsView>('/api/grid/settings') });
}

export function useSaveGridSettings() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: (body: GridSuperviseInput) => put<GridSettingsView>('/api/grid/settings', body), onSuccess: (d) => qc.setQueryData(['grid', 'settings'], d) });
}

export function useLimitVersions() {
  return useQuery({ queryKey: ['grid', 'limit-versions'], queryFn: () => get<{ items: LimitVersionView[] }>('/api/grid/limit-versions'), select: (d) => d.items });
}

export function useLimitVersion(id: number | null) {
  return useQuery({ queryKey: ['grid', 'limit-version', id], queryFn: () => get<LimitVersionDetail>(`/api/grid/limit-versions/${id}`), enabled: id !== null });
}

export function usePublishLimitVersion() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: LimitVersionInput) => post<LimitVersionDetail>('/api/grid/limit-versions', body),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['grid', 'limit-versions'] }),
  });
}

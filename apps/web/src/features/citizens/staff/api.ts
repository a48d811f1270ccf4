import type { CitizenSettings, NearbyProblem, RedactionView } from '@duban/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { get, post, put } from '../../../api/client';

/** The staff's citizens' API (/api/citizens/…): reporters, unmasking, merge, moderation, clusters, settings. */

export type ReporterView = { id: string; kind: 'reporter' | 'follower' | 'merged'; name: string | null; mobile: string | null; hasMobile: boolean; viaAccount: boolean; fromProblemId: string | null; createdAt: string; canUnmask: boolean };
export type ClusterView = { id: string; cell_id: number; cell_name: string; category_id: number; category_name: string; reports: number; first_at: string; last_at: string; status: 'open' | 'supervised' | 'dismissed'; flagged_at: string; matter_id: number | null; matter_number: string | null };

export const useReporters = (problemId: string) =>
  useQuery({ queryKey: ['citizens', 'reporters', problemId], queryFn: () => get<{ items: ReporterView[] }>(`/api/citizens/problems/${problemId}/reporters`), select: (d) => d.items });

export const useRedactions = (problemId: string) =>
  useQuery({ queryKey: ['citizens', 'redactions', problemId], queryFn: () => get<{ items: RedactionView[] }>(`/api/citizens/problems/${problemId}/redactions`), select: (d) => d.items });

export const unmaskReporter = (reporterId: string) => post<{ mobile: string }>(`/api/citizens/reporters/${reporterId}/unmask`);

export const useNearbyForMerge = (q: { categoryId: number; lat: number | null; lon: number | null }, enabled: boolean) =>
  useQuery({
    queryKey: ['citizens', 'nearby', q],
    queryFn: () => get<{ items: NearbyProblem[] }>(`/api/citizens/nearby?categoryId=${q.categoryId}&lat=${q.lat ?? 0}&lon=${q.lon ?? 0}`),
    enabled: enabled && q.lat !== null && q.lon !== null,
    select: (d) => d.items,
  });

/** After a merge or a moderation the problem page, its reporters and its hidden list are read again. */
function useProblemMutation<B, R>(problemId: string, fn: (body: B) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: ['grid'] });
      await qc.invalidateQueries({ queryKey: ['citizens'] });
    },
    meta: { problemId },
  });
}

export const useMerge = (problemId: string) =>
  useProblemMutation(problemId, (body: { intoTicket: string; note?: string }) => post<{ intoTicket: string; reporters: number }>(`/api/citizens/problems/${problemId}/merge`, body));

export type ModerationBody = { kind: 'photo'; photoId: number; reason: string } | { kind: 'text'; text: string; reason: string };
export const useModerate = (problemId: string) => useProblemMutation(problemId, (body: ModerationBody) => post<{ id: string }>(`/api/citizens/problems/${problemId}/moderate`, body));

export const useClusters = () => useQuery({ queryKey: ['citizens', 'clusters'], queryFn: () => get<{ items: ClusterView[]; clusterReports: number; clusterDays: number }>('/api/citizens/clusters') });
export const superviseCluster = (id: string, workdays: number) => post<{ matterId: number; matterNumber: string }>(`/api/citizens/clusters/${id}/supervise`, { workdays });
export const dismissCluster = (id: string) => post<{ id: string }>(`/api/citizens/clusters/${id}/dismiss`);

export const useCitizenSettings = () => useQuery({ queryKey: ['citizens', 'settings'], queryFn: () => get<CitizenSettings>('/api/citizens/settings') });
export const saveCitizenSettings = (body: CitizenSettings) => put<CitizenSettings>('/api/citizens/settings', body);

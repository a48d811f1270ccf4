import type { ArchiveList, CadreArchive, LeagueTable, PeriodView, ScoreLineView, ToleranceView, WhatIf } from '@duban/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { get, post, qs } from './client';

export function usePeriods() {
  return useQuery({ queryKey: ['assessment', 'periods'], queryFn: () => get<{ items: PeriodView[] }>('/api/assessment/periods'), select: (d) => d.items });
}

export function useLeague(period: string | undefined) {
  return useQuery({ queryKey: ['assessment', 'units', period], queryFn: () => get<LeagueTable>(`/api/assessment/units${qs({ period })}`), enabled: !!period });
}

export function useLines(period: string | undefined, subjectType: 'unit' | 'person', subjectId: number | undefined) {
  return useQuery({
    queryKey: ['assessment', 'lines', period, subjectType, subjectId],
    queryFn: () => get<{ items: ScoreLineView[] }>(`/api/assessment/lines${qs({ period, subjectType, subjectId })}`),
    enabled: !!period && !!subjectId,
    select: (d) => d.items,
  });
}

export function useArchiveList(period: string | undefined, enabled = true) {
  return useQuery({ queryKey: ['assessment', 'cadres', period], queryFn: () => get<ArchiveList>(`/api/assessment/cadres${qs({ period })}`), enabled: !!period && enabled });
}

export function useCadreArchive(personId: number | undefined, period: string | undefined) {
  return useQuery({ queryKey: ['assessment', 'cadre', personId, period], queryFn: () => get<CadreArchive>(`/api/assessment/cadres/${personId}${qs({ period })}`), enabled: !!personId && !!period });
}

export function useTolerance() {
  return useQuery({ queryKey: ['assessment', 'tolerance'], queryFn: () => get<{ items: ToleranceView[] }>('/api/assessment/tolerance'), select: (d) => d.items });
}

export function useWhatIf(id: number | undefined) {
  return useQuery({ queryKey: ['assessment', 'what-if', id], queryFn: () => get<WhatIf>(`/api/assessment/tolerance/${id}/what-if`), enabled: !!id });
}

/** Recompute, 容错 apply / verify / decide; each refreshes every assessment view. */
export function useAssessmentActions() {
  const qc = useQueryClient();
  const onSuccess = () => void qc.invalidateQueries({ queryKey: ['assessment'] });
  return {
    recompute: useMutation({ mutationFn: (period: string) => post<{ lines: number }>('/api/assessment/recompute', { period }), onSuccess }),
    apply: useMutation({
      mutationFn: (body: { period: string; subjectType: 'unit' | 'person'; subjectId: number; lineKeys: string[]; situation: string; reason: string; evidence: string }) => post<ToleranceView>('/api/assessment/tolerance', body),
      onSuccess,
    }),
    decide: useMutation({ mutationFn: (v: { id: number; stage: 'verify' | 'decide'; approve: boolean; note: string }) => post<ToleranceView>(`/api/assessment/tolerance/${v.id}/${v.stage}`, { approve: v.approve, note: v.note }), onSuccess }),
  };
}

import type { Indicator, IndicatorList, SatisfactionRatingInput, SatisfactionSettings, SatisfactionVoteView, UnitSatisfaction } from '@duban/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { get, post, put, qs } from './client';

/** 能上能下 flags of a quarter with their evidence. */
export function useIndicators(period: string | undefined) {
  return useQuery({ queryKey: ['assessment', 'indicators', period], queryFn: () => get<IndicatorList>(`/api/assessment/indicators${qs({ period })}`), enabled: !!period && period.includes('Q') });
}

export function useIndicatorSettings() {
  return useQuery({ queryKey: ['assessment', 'indicator-settings'], queryFn: () => get<{ indicators: Indicator[]; isDefault: boolean }>('/api/assessment/indicator-settings') });
}

export function useSaveIndicators() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (indicators: Indicator[]) => put<{ indicators: Indicator[] }>('/api/assessment/indicator-settings', { indicators }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['assessment'] }),
  });
}

export type DateRange = { from: string; to: string };

export function useSatisfaction(range: DateRange | null) {
  return useQuery({ queryKey: ['satisfaction', 'list', range], queryFn: () => get<{ items: UnitSatisfaction[] }>(`/api/satisfaction${qs({ ...range })}`), enabled: !!range, select: (d) => d.items });
}

export function useSatisfactionVotes(unitId: number | undefined, range: DateRange | null) {
  return useQuery({
    queryKey: ['satisfaction', 'votes', unitId, range],
    queryFn: () => get<{ items: SatisfactionVoteView[] }>(`/api/satisfaction/votes${qs({ unitId, ...range })}`),
    enabled: !!unitId && !!range,
    select: (d) => d.items,
  });
}

export function useSatisfactionSettings() {
  return useQuery({ queryKey: ['satisfaction', 'settings'], queryFn: () => get<SatisfactionSettings>('/api/satisfaction/settings') });
}

export function useRecordVote() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: (v: SatisfactionRatingInput) => post<{ ok: true }>('/api/satisfaction/ratings', v), onSuccess: () => void qc.invalidateQueries({ queryKey: ['satisfaction'] }) });
}

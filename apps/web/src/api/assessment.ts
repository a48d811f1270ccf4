import { ARCHIVE_LINES_PAGE, type AppealView, type ArchiveList, type CadreArchive, type ItemInput, type ItemView, type LeagueTable, type PeriodView, type ScoreLineView, type ToleranceView, type WhatIf } from '@duban/shared';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
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

/** One cadre's archive with one page of its lines (`offset`, `limit`); the page before stays on screen while the next loads. */
export function useCadreArchive(personId: number | undefined, period: string | undefined, page: { offset: number; limit: number } = { offset: 0, limit: ARCHIVE_LINES_PAGE }) {
  return useQuery({
    queryKey: ['assessment', 'cadre', personId, period, page.offset, page.limit],
    queryFn: () => get<CadreArchive>(`/api/assessment/cadres/${personId}${qs({ period, offset: page.offset, limit: page.limit })}`),
    enabled: !!personId && !!period,
    placeholderData: keepPreviousData,
  });
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

/** 加分/扣分 items dated in a period (what the caller may see). */
export function useItems(period: string | undefined) {
  return useQuery({ queryKey: ['assessment', 'items', period], queryFn: () => get<{ items: ItemView[] }>(`/api/assessment/items${qs({ period })}`), enabled: !!period, select: (d) => d.items });
}

/** 复核 / 申诉 with their clocks. */
export function useAppeals() {
  return useQuery({ queryKey: ['assessment', 'appeals'], queryFn: () => get<{ items: AppealView[] }>('/api/assessment/appeals'), select: (d) => d.items });
}

/** Record / withdraw an item, apply for and decide 复核 / 申诉; each refreshes every assessment view (scores are recomputed). */
export function useItemAppealActions() {
  const qc = useQueryClient();
  const onSuccess = () => void qc.invalidateQueries({ queryKey: ['assessment'] });
  return {
    addItem: useMutation({ mutationFn: (body: ItemInput) => post<ItemView>('/api/assessment/items', body), onSuccess }),
    attachItemFiles: useMutation({ mutationFn: (v: { id: number; attachmentIds: number[] }) => post<ItemView>(`/api/assessment/items/${v.id}/files`, { attachmentIds: v.attachmentIds }), onSuccess }),
    removeItem: useMutation({ mutationFn: (v: { id: number; reason: string }) => post<ItemView>(`/api/assessment/items/${v.id}/remove`, { reason: v.reason }), onSuccess }),
    applyAppeal: useMutation({
      mutationFn: (body: { kind: 'review' | 'appeal'; period: string; subjectType: 'unit' | 'person'; subjectId: number; reason: string; evidence: string }) => post<AppealView>('/api/assessment/appeals', body),
      onSuccess,
    }),
    decideAppeal: useMutation({ mutationFn: (v: { id: number; outcome: 'upheld' | 'changed'; delta: number; note: string }) => post<AppealView>(`/api/assessment/appeals/${v.id}/decide`, { outcome: v.outcome, delta: v.delta, note: v.note }), onSuccess }),
    extendAppeal: useMutation({ mutationFn: (v: { id: number; days: number; note: string }) => post<AppealView>(`/api/assessment/appeals/${v.id}/extend`, { days: v.days, note: v.note }), onSuccess }),
  };
}

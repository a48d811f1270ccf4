import type { DimensionScores, EvaluationAssignment, EvaluationResult, EvaluationRoundView, LaggingRule, RaterWeights } from '@duban/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { get, post } from './client';

export function useEvaluationRounds(enabled = true) {
  return useQuery({ queryKey: ['evaluation', 'rounds'], queryFn: () => get<{ items: EvaluationRoundView[] }>('/api/evaluation/rounds'), select: (d) => d.items, enabled });
}

export function useEvaluationResult(id: number | undefined) {
  return useQuery({ queryKey: ['evaluation', 'result', id], queryFn: () => get<EvaluationResult>(`/api/evaluation/rounds/${id}`), enabled: !!id });
}

/** The signed-in rater's divisions in open rounds. */
export function useMyEvaluations() {
  return useQuery({ queryKey: ['evaluation', 'my'], queryFn: () => get<{ items: EvaluationAssignment[] }>('/api/evaluation/my'), select: (d) => d.items });
}

export function useEvaluationActions() {
  const qc = useQueryClient();
  const refresh = () => void qc.invalidateQueries({ queryKey: ['evaluation'] });
  return {
    create: useMutation({ mutationFn: (body: { year: number; quarter: number; weights?: RaterWeights; rule?: LaggingRule }) => post<EvaluationRoundView>('/api/evaluation/rounds', body), onSuccess: refresh }),
    close: useMutation({ mutationFn: (id: number) => post<EvaluationRoundView>(`/api/evaluation/rounds/${id}/close`), onSuccess: refresh }),
    rate: useMutation({ mutationFn: (v: { roundId: number; divisionId: number; scores: DimensionScores }) => post<{ ok: true }>(`/api/evaluation/rounds/${v.roundId}/ratings`, { divisionId: v.divisionId, scores: v.scores }), onSuccess: refresh }),
    rectify: useMutation({
      mutationFn: (v: { roundId: number; divisionId: number; problems: string; measures: { text: string; deadline: string }[] }) =>
        post<{ matterIds: number[] }>(`/api/evaluation/rounds/${v.roundId}/rectifications`, { divisionId: v.divisionId, problems: v.problems, measures: v.measures }),
      onSuccess: refresh,
    }),
  };
}

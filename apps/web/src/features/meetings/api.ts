import type { DecisionView, MeetingCreateInput, MeetingDetail, MeetingKind, MeetingListItem, MeetingUpdateInput, ReferableProblem } from '@duban/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { get, post, put, qs } from '../../api/client';

export type DecisionFilter = 'open' | 'overdue' | 'done' | undefined;

export function useMeetings(q: { kind?: MeetingKind; page: number; q?: string }) {
  return useQuery({ queryKey: ['meetings', 'list', q], queryFn: () => get<{ items: MeetingListItem[]; total: number }>(`/api/meetings${qs({ ...q, pageSize: 20 })}`) });
}

export function useMeeting(id: number) {
  return useQuery({ queryKey: ['meetings', 'one', id], queryFn: () => get<MeetingDetail>(`/api/meetings/${id}`), enabled: id > 0 });
}

export function useDecisions(q: { status?: DecisionFilter; mine?: boolean; page: number; pageSize?: number }) {
  return useQuery({ queryKey: ['meetings', 'decisions', q], queryFn: () => get<{ items: DecisionView[]; total: number }>(`/api/meeting-decisions${qs({ ...q, pageSize: q.pageSize ?? 20 })}`) });
}

export function useReferableProblems(q: string, enabled: boolean) {
  return useQuery({ queryKey: ['meetings', 'problems', q], queryFn: () => get<{ items: ReferableProblem[] }>(`/api/meeting-problems${qs({ q })}`), enabled, select: (d) => d.items });
}

/** Saving a meeting and acting on decisions; each refreshes every meeting query. */
export function useMeetingActions() {
  const qc = useQueryClient();
  const done = () => void qc.invalidateQueries({ queryKey: ['meetings'] });
  return {
    save: useMutation({
      mutationFn: (v: { id?: number; body: MeetingCreateInput | MeetingUpdateInput }) => (v.id ? put<MeetingDetail>(`/api/meetings/${v.id}`, v.body) : post<MeetingDetail>('/api/meetings', v.body)),
      onSuccess: done,
    }),
    complete: useMutation({ mutationFn: (v: { id: number; result: string }) => post<DecisionView>(`/api/meeting-decisions/${v.id}/complete`, { result: v.result }), onSuccess: done }),
    reopen: useMutation({ mutationFn: (v: { id: number; reason: string }) => post<DecisionView>(`/api/meeting-decisions/${v.id}/reopen`, { reason: v.reason }), onSuccess: done }),
  };
}

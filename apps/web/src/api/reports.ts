import type { ReportDetail, ReportKind, ReportSections, ReportView } from '@duban/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { get, post, put, qs } from './client';

export function useReports(kind?: ReportKind) {
  return useQuery({ queryKey: ['reports', kind], queryFn: () => get<{ items: ReportView[]; total: number }>(`/api/reports${qs({ kind, limit: 100 })}`) });
}

export function useReport(id: number) {
  return useQuery({ queryKey: ['reports', 'one', id], queryFn: () => get<ReportDetail>(`/api/reports/${id}`), enabled: id > 0 });
}

/** Inspection campaigns a 《督促检查情况》 report can be made for. */
export function useCampaigns() {
  return useQuery({
    queryKey: ['reports', 'campaigns'],
    queryFn: () => get<{ items: { id: number; name: string; inspections: number }[] }>('/api/reports/campaigns'),
    select: (d) => d.items,
  });
}

/** Create, save, recount and publish; each refreshes the list and the report. */
export function useReportActions() {
  const qc = useQueryClient();
  const done = (r: ReportDetail) => {
    qc.setQueryData(['reports', 'one', r.id], r);
    void qc.invalidateQueries({ queryKey: ['reports'] });
  };
  return {
    create: useMutation({ mutationFn: (body: { kind: ReportKind; from?: string; to?: string; campaignId?: number }) => post<ReportDetail>('/api/reports', body), onSuccess: done }),
    save: useMutation({ mutationFn: (v: { id: number; title: string; sections: ReportSections; version: number }) => put<ReportDetail>(`/api/reports/${v.id}`, v), onSuccess: done }),
    refresh: useMutation({ mutationFn: (v: { id: number; version: number }) => post<ReportDetail>(`/api/reports/${v.id}/refresh`, { version: v.version }), onSuccess: done }),
    publish: useMutation({ mutationFn: (v: { id: number; version: number }) => post<ReportDetail>(`/api/reports/${v.id}/publish`, { version: v.version }), onSuccess: done }),
  };
}

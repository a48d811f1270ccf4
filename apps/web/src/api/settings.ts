import type { CalendarCoverageView, CalendarDayInput, CalendarYearView, WarningSettingsInput, WarningSettingsView, OfficeSettings } from '@duban/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { del, get, post, put } from './client';

export function useWarningSettings() {
  return useQuery({ queryKey: ['settings', 'warning'], queryFn: () => get<WarningSettingsView>('/api/settings/warning') });
}

export function useSaveWarningSettings() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: WarningSettingsInput) => put<WarningSettingsView>('/api/settings/warning', input),
    onSuccess: (data) => qc.setQueryData(['settings', 'warning'], data),
  });
}

export function useCalendarYear(year: number) {
  return useQuery({ queryKey: ['calendar', year], queryFn: () => get<CalendarYearView>(`/api/calendar?year=${year}`) });
}

/** Covered and missing years, for the admin banner. */
export function useCalendarCoverage(enabled = true) {
  return useQuery({ queryKey: ['calendar', 'coverage'], queryFn: () => get<CalendarCoverageView>('/api/calendar/coverage'), enabled, staleTime: 60_000 });
}

/** Every calendar edit refreshes the year views and the coverage. */
export function useCalendarMutations() {
  const qc = useQueryClient();
  const onSuccess = () => qc.invalidateQueries({ queryKey: ['calendar'] });
  return {
    setDay: useMutation({ mutationFn: ({ date, ...input }: CalendarDayInput & { date: string }) => put(`/api/calendar/days/${date}`, input), onSuccess }),
    deleteDay: useMutation({ mutationFn: (date: string) => del(`/api/calendar/days/${date}`), onSuccess }),
    setYear: useMutation({ mutationFn: ({ year, covered, source }: { year: number; covered: boolean; source?: string | null }) => put(`/api/calendar/years/${year}`, { covered, source }), onSuccess }),
    importFile: useMutation({ mutationFn: (input: { text: string; fileName: string }) => post<{ days: number; years: number[] }>('/api/calendar/import', input), onSuccess }),
  };
}

/** The one name the supervision office goes by on its documents (通知单, 周报, 督查通报). */
export function useOfficeSettings() {
  return useQuery({ queryKey: ['settings', 'office'], queryFn: () => get<OfficeSettings>('/api/settings/office') });
}

export function useSaveOfficeSettings() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: OfficeSettings) => put<OfficeSettings>('/api/settings/office', input),
    onSuccess: (data) => qc.setQueryData(['settings', 'office'], data),
  });
}

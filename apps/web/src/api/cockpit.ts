import type { CockpitFeedItem, CockpitPeriod, CockpitView } from '@duban/shared';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { get, qs } from './client';

export type PeriodChoice = { period: CockpitPeriod; from?: string; to?: string };

/** Every cockpit figure for the period (refetched every minute, or when the big screen hears news). */
export function useCockpit(p: PeriodChoice, refetchMs = 60_000) {
  return useQuery({
    queryKey: ['cockpit', p],
    queryFn: () => get<CockpitView>(`/api/cockpit${qs({ period: p.period, from: p.period === 'custom' ? p.from : undefined, to: p.period === 'custom' ? p.to : undefined })}`),
    placeholderData: keepPreviousData,
    refetchInterval: refetchMs,
  });
}

/** The latest progress reports and colour changes. */
export function useCockpitFeed() {
  return useQuery({ queryKey: ['cockpit', 'feed'], queryFn: () => get<{ items: CockpitFeedItem[] }>('/api/cockpit/feed'), select: (d) => d.items, refetchInterval: 60_000 });
}

/** The ledger page listing exactly the matters behind a figure. */
export function ledgerHref(link: string): string {
  return `/matters?${link}`;
}

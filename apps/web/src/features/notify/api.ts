import type { DeliveryView, InboxItem, MatterRecipientView, NotifyPreferences, NotifySettings } from '@duban/shared';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { get, qs } from '../../api/client';
import { useLiveEvents } from './useLiveEvents';

export type InboxPage = { items: InboxItem[]; total: number; unread: number };

/** The unread count, kept current by live events (and refetched after a `sync`). */
export function useUnreadCount(): number {
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ['inbox', 'unread'], queryFn: () => get<{ unread: number }>('/api/inbox/unread-count'), staleTime: 60_000 });
  useLiveEvents(
    (m) => {
      if (typeof m.data.unread === 'number') qc.setQueryData(['inbox', 'unread'], { unread: m.data.unread });
      if (m.type === 'inbox.new' || m.type === 'sync') void qc.invalidateQueries({ queryKey: ['inbox', 'list'] });
      if (m.type === 'sync') void qc.invalidateQueries({ queryKey: ['inbox', 'unread'] });
    },
    ['inbox.new', 'inbox.unread', 'inbox.count'],
  );
  return q.data?.unread ?? 0;
}

export function useInbox(f: { unread: boolean; page: number; pageSize: number }) {
  return useQuery({
    queryKey: ['inbox', 'list', f],
    queryFn: () => get<InboxPage>(`/api/inbox${qs({ unread: f.unread || undefined, limit: f.pageSize, offset: (f.page - 1) * f.pageSize })}`),
  });
}

export const useNotifySettings = () => useQuery({ queryKey: ['notify', 'settings'], queryFn: () => get<NotifySettings>('/api/settings/channels') });
export const usePreferences = () => useQuery({ queryKey: ['notify', 'prefs'], queryFn: () => get<NotifyPreferences>('/api/me/notify-preferences'), retry: false });

export type DeliveryFilter = { status?: string; channel?: string; matterId?: number; personId?: number; from?: string; to?: string; page: number; pageSize: number };

export function useDeliveries(f: DeliveryFilter) {
  return useQuery({
    queryKey: ['deliveries', f],
    queryFn: () =>
      get<{ items: DeliveryView[]; total: number }>(
        `/api/deliveries${qs({ status: f.status, channel: f.channel, matterId: f.matterId, personId: f.personId, from: f.from, to: f.to, limit: f.pageSize, offset: (f.page - 1) * f.pageSize })}`,
      ),
  });
}

export const useMatterDeliveries = (matterId: number) =>
  useQuery({ queryKey: ['matter-deliveries', matterId], queryFn: () => get<{ items: MatterRecipientView[] }>(`/api/matters/${matterId}/deliveries`) });

import type { TraceEntryView } from '@duban/shared';
import { useQuery } from '@tanstack/react-query';
import { Empty, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { get, qs } from '../../api/client';
import { formatTime } from '../../components/format';
import { TraceDiff } from './TraceDiff';

/** 痕迹: who did what to one record, and when, newest first. */
export function TraceTimeline({ entityType, entityId }: { entityType: string; entityId: string | number }) {
  const { t } = useTranslation();
  const { data, isLoading, error } = useQuery({
    queryKey: ['trace', entityType, String(entityId)],
    queryFn: () => get<{ items: TraceEntryView[] }>(`/api/trace${qs({ entityType, entityId: String(entityId), limit: 200 })}`),
  });
  if (error) return <Typography.Text type="secondary">{error.message}</Typography.Text>;
  if (!isLoading && !data?.items.length) return <Empty description={t('trace.none')} />;
  return (
    <Timeline
      pending={isLoading ? t('common.loading') : undefined}
      items={(data?.items ?? []).map((e) => ({
        children: (
          <div>
            <Typography.Text strong>{e.actionLabel}</Typography.Text>
            <Typography.Text type="secondary" style={{ marginLeft: 8 }}>
              {e.actorName} · {formatTime(e.at)}
            </Typography.Text>
            <TraceDiff before={e.before} after={e.after} />
          </div>
        ),
      }))}
    />
  );
}

import type { TraceEntryView, TraceNames } from '@duban/shared';
import { useQuery } from '@tanstack/react-query';
import { Empty, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { get, qs } from '../../api/client';
import { formatTime } from '../../components/format';
import { labelOf } from '../../i18n/enumLabels';
import { TraceDiff } from './TraceDiff';

/** 痕迹: who did what to one record, and when, newest first; a matter's includes its notices, inspections and sub-matters. */
export function TraceTimeline({ entityType, entityId }: { entityType: string; entityId: string | number }) {
  const { t } = useTranslation();
  const { data, isLoading, error } = useQuery({
    queryKey: ['trace', entityType, String(entityId)],
    queryFn: () =>
      get<{ items: TraceEntryView[]; names?: TraceNames }>(`/api/trace${qs({ entityType, entityId: String(entityId), limit: 200, related: entityType === 'matter' ? 'true' : undefined })}`),
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
            {(e.entityType !== entityType || e.entityId !== String(entityId)) && (
              <Typography.Text style={{ marginLeft: 8 }}>
                {labelOf('traceEntity', e.entityType)} {e.entityLabel ?? `#${e.entityId}`}
              </Typography.Text>
            )}
            <Typography.Text type="secondary" style={{ marginLeft: 8 }}>
              {e.actorName} · {formatTime(e.at)}
            </Typography.Text>
            <TraceDiff before={e.before} after={e.after} entityType={e.entityType} names={data?.names} />
          </div>
        ),
      }))}
    />
  );
}

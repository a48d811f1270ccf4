import type { TraceVerifyView } from '@duban/shared';
import { Descriptions, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatTime } from '../../components/format';

/** "完整（intact）" or the first broken entry with its reason. */
export function VerifyResult({ result, compact }: { result: TraceVerifyView; compact?: boolean }) {
  const { t } = useTranslation();
  const tenant = result.tenants[0];
  if (result.status === 'intact') {
    return (
      <Result
        status="success"
        title={t('trace.intact')}
        subTitle={t('trace.intactSub', { rows: result.rows, anchor: tenant?.anchorSeq ? t('trace.anchor', { seq: tenant.anchorSeq }) : '', at: formatTime(result.checkedAt) })}
        style={compact ? { padding: 8 } : undefined}
        data-testid="verify-intact"
      />
    );
  }
  const b = result.firstBroken;
  return (
    <Result status="error" title={t('trace.broken')} subTitle={b?.message} style={compact ? { padding: 8 } : undefined} data-testid="verify-broken">
      {b && !compact && (
        <Descriptions size="small" column={1} bordered>
          <Descriptions.Item label={t('trace.firstBroken')}>
            {t('trace.brokenSeq', { seq: b.seq })}
            {b.id ? t('trace.brokenId', { id: b.id }) : ''}
          </Descriptions.Item>
          <Descriptions.Item label={t('trace.reason')}>{b.reason}</Descriptions.Item>
          {b.at && <Descriptions.Item label={t('trace.brokenAt')}>{formatTime(b.at)}</Descriptions.Item>}
          {b.action && <Descriptions.Item label={t('trace.action')}>{b.action}</Descriptions.Item>}
        </Descriptions>
      )}
    </Result>
  );
}

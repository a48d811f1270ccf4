import type { TraceVerifyView } from '@duban/shared';
import { useQuery } from '@tanstack/react-query';
import { Card } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { get } from '../../api/client';
import { VerifyResult } from '../trace/VerifyResult';

/** 审计管理员: whether the trace is intact, checked on arrival. */
export function AuditWidget() {
  const { t } = useTranslation();
  const { data, isLoading } = useQuery({ queryKey: ['trace', 'verify'], queryFn: () => get<TraceVerifyView>('/api/trace/verify') });
  return (
    <Card title={t('workbench.traceIntegrity')} extra={<Link to="/audit">{t('menu.audit')}</Link>} loading={isLoading}>
      {data && <VerifyResult result={data} compact />}
    </Card>
  );
}

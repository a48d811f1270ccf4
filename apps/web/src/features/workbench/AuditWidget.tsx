import type { TraceVerifyView } from '@duban/shared';
import { useQuery } from '@tanstack/react-query';
import { Card } from 'antd';
import { Link } from 'react-router';
import { get } from '../../api/client';
import { VerifyResult } from '../trace/VerifyResult';

/** 审计管理员: whether the trace is intact, checked on arrival. */
export function AuditWidget() {
  const { data, isLoading } = useQuery({ queryKey: ['trace', 'verify'], queryFn: () => get<TraceVerifyView>('/api/trace/verify') });
  return (
    <Card title="痕迹完整性" extra={<Link to="/audit">痕迹审计</Link>} loading={isLoading}>
      {data && <VerifyResult result={data} compact />}
    </Card>
  );
}

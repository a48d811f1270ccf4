import type { TraceVerifyView } from '@duban/shared';
import { Descriptions, Result } from 'antd';
import { formatTime } from '../../components/format';

/** "完整（intact）" or the first broken entry with its reason. */
export function VerifyResult({ result, compact }: { result: TraceVerifyView; compact?: boolean }) {
  const t = result.tenants[0];
  if (result.status === 'intact') {
    return (
      <Result
        status="success"
        title="痕迹完整（intact）"
        subTitle={`共 ${result.rows} 条记录，哈希链逐条校验通过${t?.anchorSeq ? `，与外部锚点（第 ${t.anchorSeq} 条）一致` : ''}。校验时间 ${formatTime(result.checkedAt)}`}
        style={compact ? { padding: 8 } : undefined}
        data-testid="verify-intact"
      />
    );
  }
  const b = result.firstBroken;
  return (
    <Result status="error" title="痕迹已被篡改（broken）" subTitle={b?.message} style={compact ? { padding: 8 } : undefined} data-testid="verify-broken">
      {b && !compact && (
        <Descriptions size="small" column={1} bordered>
          <Descriptions.Item label="首个异常记录">第 {b.seq} 条{b.id ? `（ID ${b.id}）` : ''}</Descriptions.Item>
          <Descriptions.Item label="原因">{b.reason}</Descriptions.Item>
          {b.at && <Descriptions.Item label="记录时间">{formatTime(b.at)}</Descriptions.Item>}
          {b.action && <Descriptions.Item label="操作">{b.action}</Descriptions.Item>}
        </Descriptions>
      )}
    </Result>
  );
}

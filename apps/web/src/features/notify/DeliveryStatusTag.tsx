import { DELIVERY_STATUS_LABELS, type DeliveryStatus } from '@duban/shared';
import { Tag } from 'antd';

const COLOURS: Record<DeliveryStatus, string> = { pending: 'default', sending: 'processing', sent: 'success', retrying: 'warning', failed: 'error', dead: 'magenta' };

/** A delivery's status as a coloured tag. */
export function DeliveryStatusTag({ status }: { status: DeliveryStatus }) {
  return <Tag color={COLOURS[status]}>{DELIVERY_STATUS_LABELS[status]}</Tag>;
}

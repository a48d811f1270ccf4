import type { DeliveryStatus } from '@duban/shared';
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { labelOf } from '../../i18n/enumLabels';

const COLOURS: Record<DeliveryStatus, string> = { pending: 'default', sending: 'processing', sent: 'success', retrying: 'warning', failed: 'error', dead: 'magenta' };

/** A delivery's status as a coloured tag. */
export function DeliveryStatusTag({ status }: { status: DeliveryStatus }) {
  useTranslation(); // re-render when the language changes
  return <Tag color={COLOURS[status]}>{labelOf('deliveryStatus', status)}</Tag>;
}

import { BellOutlined } from '@ant-design/icons';
import { Badge, Button, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useUnreadCount } from './api';

/** The header bell: unread count, kept live through /api/events; opens the inbox. */
export function InboxBell() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const unread = useUnreadCount();
  return (
    <Tooltip title={t('notify.inbox')}>
      <Badge count={unread} size="small" overflowCount={99} data-testid="inbox-badge">
        <Button type="text" shape="circle" aria-label={t('notify.inbox')} icon={<BellOutlined style={{ fontSize: 17 }} />} onClick={() => navigate('/inbox')} data-testid="inbox-bell" />
      </Badge>
    </Tooltip>
  );
}

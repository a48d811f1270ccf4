import type { MatterAction, MatterDetail } from '@duban/shared';
import { Button, Divider, Space, Typography } from 'antd';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { labelOf } from '../../i18n/enumLabels';
import { errorMessage } from '../../i18n/errorMessages';

// The step that moves the matter forward is the primary button; destructive ones are red.
const PRIMARY: MatterAction[] = ['assign', 'sign', 'report', 'accept_completion', 'decide_extension', 'archive'];
const DANGER: MatterAction[] = ['cancel', 'return'];
const ORDER: MatterAction[] = [
  'assign',
  'sign',
  'report',
  'request_completion',
  'accept_completion',
  'return',
  'decide_extension',
  'request_extension',
  'delegate',
  'rate',
  'archive',
  'urge',
  'issue_notice',
  'inspect',
  'decompose',
  'settle_unit',
  'edit',
  'cancel',
];

/**
 * Exactly the actions the server says this viewer can take now (detail.allowedActions), and, for those the
 * state machine allows but the matter's parts stand in the way of, the reason (detail.blockedActions).
 */
export function ActionBar({ matter, onAction }: { matter: MatterDetail; onAction: (a: MatterAction) => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const allowed = ORDER.filter((a) => matter.allowedActions.includes(a));
  if (!allowed.length && !matter.blockedActions.length) return null;
  return (
    <>
      <Divider style={{ margin: '12px 0' }} />
      <Space wrap data-testid="matter-actions">
        <Typography.Text type="secondary">{t('matters.actions.available')}</Typography.Text>
        {allowed.map((a) => (
          <Button
            key={a}
            type={PRIMARY.includes(a) ? 'primary' : 'default'}
            danger={DANGER.includes(a)}
            data-action={a}
            onClick={() => (a === 'report' ? navigate(`/matters/${matter.id}/report`) : onAction(a))}
          >
            {labelOf('action', a)}
          </Button>
        ))}
      </Space>
      {matter.blockedActions.map((b) => (
        <Typography.Paragraph key={b.action} type="secondary" style={{ margin: '8px 0 0' }} data-testid="blocked-action" data-blocked={b.action}>
          {t('matters.actions.blocked', { action: labelOf('action', b.action), reason: errorMessage(b.code, b.message, 409) })}
        </Typography.Paragraph>
      ))}
    </>
  );
}

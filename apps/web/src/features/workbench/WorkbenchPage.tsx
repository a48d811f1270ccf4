import { Card, Col, Empty, Row, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, Navigate } from 'react-router';
import { useMe } from '../../api/auth';
import { menuFor } from '../../app/menu';
import { landsOnCockpit, landsOnGridPhone } from './landing';
import { WORKBENCH_PERMISSIONS, WORKBENCH_WIDGETS } from './widgets';
import { labelOf } from '../../i18n/enumLabels';

/** 工作台: what waits for me, fitted to my roles; a leader with nothing here but the cockpit lands on the cockpit. */
export function WorkbenchPage() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  if (!me) return null;
  if (landsOnCockpit(me.permissions, WORKBENCH_PERMISSIONS)) return <Navigate to="/cockpit" replace />;
  if (landsOnGridPhone(me.roles, me.permissions, WORKBENCH_PERMISSIONS)) return <Navigate to="/grid/phone" replace />;
  const widgets = WORKBENCH_WIDGETS.filter((w) => w.anyOf.some((p) => me.permissions.includes(p)));
  const shortcuts = menuFor(me).filter((m) => m.path !== '/');
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="workbench">
      <Card>
        <Typography.Title level={4} style={{ marginTop: 0 }}>
          {t('workbench.hello', { name: me.name })}
        </Typography.Title>
        <Typography.Text type="secondary">
          {t('workbench.roleLine', { tenant: me.tenant.name, roles: me.roles.map((r) => labelOf('role', r)).join(t('common.listSep')) || '—' })}
          {me.unitName ? ` · ${me.unitName}` : ''}
        </Typography.Text>
        {shortcuts.length > 0 && (
          <div style={{ marginTop: 16, display: 'flex', flexWrap: 'wrap', gap: 12 }}>
            {shortcuts.map((m) => (
              <Link key={m.key} to={m.path} className="shortcut">
                <span className="shortcut-icon">{m.icon}</span>
                {t(m.labelKey)}
              </Link>
            ))}
          </div>
        )}
      </Card>
      {widgets.length ? (
        <Row gutter={[16, 16]}>
          {widgets.map((w) => (
            <Col key={w.key} xs={24} xl={w.span === 2 ? 24 : 12}>
              <w.Component />
            </Col>
          ))}
        </Row>
      ) : (
        <Card title={t('workbench.todo')}>
          <Empty description={t('workbench.noTodo')} />
        </Card>
      )}
    </Space>
  );
}

import type { Page, PersonView, UnitView } from '@duban/shared';
import { useQuery } from '@tanstack/react-query';
import { Card, Col, Row, Statistic } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { get } from '../../api/client';

/** 系统管理员: the size of the organisation at a glance. */
export function OrgWidget() {
  const { t } = useTranslation();
  const units = useQuery({ queryKey: ['units'], queryFn: () => get<{ items: UnitView[] }>('/api/units') });
  const people = useQuery({ queryKey: ['people', 'count'], queryFn: () => get<Page<PersonView>>('/api/people?limit=1') });
  const list = units.data?.items ?? [];
  return (
    <Card title={t('menu.org')} extra={<Link to="/org/units">{t('workbench.manage')}</Link>}>
      <Row gutter={16}>
        <Col span={8}>
          <Statistic title={t('workbench.units')} value={list.filter((u) => u.kind !== 'division').length} loading={units.isLoading} />
        </Col>
        <Col span={8}>
          <Statistic title={t('workbench.divisions')} value={list.filter((u) => u.kind === 'division').length} loading={units.isLoading} />
        </Col>
        <Col span={8}>
          <Statistic title={t('workbench.people')} value={people.data?.total ?? 0} loading={people.isLoading} />
        </Col>
      </Row>
    </Card>
  );
}

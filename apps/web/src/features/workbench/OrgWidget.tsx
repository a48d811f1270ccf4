import type { Page, PersonView, UnitView } from '@duban/shared';
import { useQuery } from '@tanstack/react-query';
import { Card, Col, Row, Statistic } from 'antd';
import { Link } from 'react-router';
import { get } from '../../api/client';

/** 系统管理员: the size of the organisation at a glance. */
export function OrgWidget() {
  const units = useQuery({ queryKey: ['units'], queryFn: () => get<{ items: UnitView[] }>('/api/units') });
  const people = useQuery({ queryKey: ['people', 'count'], queryFn: () => get<Page<PersonView>>('/api/people?limit=1') });
  const list = units.data?.items ?? [];
  return (
    <Card title="组织机构" extra={<Link to="/org/units">管理</Link>}>
      <Row gutter={16}>
        <Col span={8}>
          <Statistic title="单位" value={list.filter((u) => u.kind !== 'division').length} loading={units.isLoading} />
        </Col>
        <Col span={8}>
          <Statistic title="处室/科室" value={list.filter((u) => u.kind === 'division').length} loading={units.isLoading} />
        </Col>
        <Col span={8}>
          <Statistic title="人员" value={people.data?.total ?? 0} loading={people.isLoading} />
        </Col>
      </Row>
    </Card>
  );
}

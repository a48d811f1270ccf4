import type { GridOverview, GridStatsRow } from '@duban/shared';
import { Alert, Card, Col, Row, Spin, Statistic, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useGridOverview } from '../../api/gridCells';
import { defaultPeriod, RankAndTrend, rateColumns } from './GridStatsPage';

const pct = (v: number | null) => (v === null ? '—' : v.toFixed(1));

/** The cockpit's 网格 tab: this year's grid figures, streets, 红黑榜 and trend; a street opens the statistics page. */
export function GridOverviewTab() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const period = defaultPeriod();
  const { data, error, isLoading } = useGridOverview(period);
  if (error) return <Alert type="info" showIcon title={error.message} />;
  if (!data) return isLoading ? <Spin /> : null;
  return (
    <div data-testid="cockpit-grid">
      <Kpis o={data} />
      <Card size="small" title={t('gridCells.stats.byStreet')} style={{ margin: '12px 0' }}>
        <Table<GridStatsRow>
          size="small"
          rowKey="key"
          dataSource={data.streets}
          pagination={false}
          scroll={{ x: 1000, y: 360 }}
          onRow={(r) => ({ onClick: () => r.cellId && navigate(`/grid/stats?dim=community&parent=${r.cellId}&from=${period.from}&to=${period.to}`), style: { cursor: 'pointer' } })}
          columns={[{ title: t('gridCells.stats.name'), dataIndex: 'name', width: 130, fixed: 'left' }, ...rateColumns(t, { score: true })]}
        />
      </Card>
      <RankAndTrend overview={data} />
    </div>
  );
}

function Kpis({ o }: { o: GridOverview }) {
  const { t } = useTranslation();
  const items: [string, string | number, string?, string?][] = [
    [t('gridCells.map.open'), o.open, undefined, '#1677ff'],
    [t('gridCells.stats.overdue'), o.overdue, undefined, '#cf1322'],
    [t('gridCells.stats.closed'), o.total.closed],
    [t('gridCells.stats.lowLevel'), pct(o.total.lowLevelRate), '%', '#389e0d'],
    [t('gridCells.stats.onTime'), pct(o.total.onTimeRate), '%'],
    [t('gridCells.stats.satisfaction'), pct(o.total.satisfactionRate), '%'],
    [t('gridCells.stats.cells'), o.cells],
    [t('gridCells.stats.staff'), o.staff],
  ];
  return (
    <Row gutter={[12, 12]}>
      {items.map(([title, value, suffix, color]) => (
        <Col key={title} xs={12} md={6} xl={3}>
          <Card size="small">
            <Statistic title={title} value={value} suffix={suffix} valueStyle={{ color, fontWeight: 600 }} />
          </Card>
        </Col>
      ))}
    </Row>
  );
}

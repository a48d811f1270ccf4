import { ArrowRightOutlined, BarChartOutlined } from '@ant-design/icons';
import type { GridMapFeature } from '@duban/shared';
import { Alert, Breadcrumb, Button, Card, Col, Descriptions, Drawer, Empty, List, Row, Space, Spin, Switch, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useGridCell, useGridCellProblems, useGridMap } from '../../api/gridCells';
import { EChart } from '../../charts/EChart';
import { gridMapOption } from './gridMapOption';

/**
 * 网格地图: one level of the grid drawn from the imported polygons (ECharts, no tiles), coloured by open problems in
 * each branch; click a street to see its communities, a community to see its cells, a cell to see its problems and
 * staff. A list of the same cells stands beside the map. The level shown is in the address (?parent=, ?cell=).
 */
export function GridMapPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const parentId = params.get('parent') ? Number(params.get('parent')) : null;
  const cellId = params.get('cell') ? Number(params.get('cell')) : null;
  const { data: map, isLoading, error } = useGridMap(parentId);
  const go = (next: { parent?: number | null; cell?: number | null }) => {
    const p = new URLSearchParams();
    const parent = next.parent === undefined ? parentId : next.parent;
    const cell = next.cell === undefined ? null : next.cell;
    if (parent !== null) p.set('parent', String(parent));
    if (cell !== null) p.set('cell', String(cell));
    setParams(p);
  };
  const open = (f: GridMapFeature) => (f.children > 0 ? go({ parent: f.id }) : go({ cell: f.id }));

  const option = useMemo(
    () => (map ? gridMapOption(`grid-${parentId ?? 'root'}`, map.features, { openLabel: t('gridCells.map.open'), leaderLabel: t('gridCells.map.leader'), low: t('gridCells.map.legendLow'), high: t('gridCells.map.legendHigh') }) : null),
    [map, parentId, t],
  );
  const hasPolygons = !!map?.features.some((f) => f.polygon);

  return (
    <Card
      title={t('gridCells.map.title')}
      data-testid="grid-map-page"
      extra={
        <Link to="/grid/stats">
          <BarChartOutlined /> {t('gridCells.stats.openStats')}
        </Link>
      }
    >
      {error ? (
        <Alert type="warning" showIcon title={error.message} />
      ) : !map ? (
        isLoading ? <Spin /> : <Empty />
      ) : (
        <Space direction="vertical" size={12} style={{ width: '100%' }}>
          {map.scopeNote ? <Alert type="info" showIcon title={map.scopeNote} data-testid="grid-scope-note" /> : null}
          <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
            <Breadcrumb
              data-testid="grid-map-path"
              items={[{ title: <a onClick={() => go({ parent: null })}>{t('gridCells.map.all')}</a> }, ...map.path.map((p, i) => ({ title: i === map.path.length - 1 ? p.name : <a onClick={() => go({ parent: p.id })}>{p.name}</a> }))]}
            />
            <Space>
              <Tag color="blue" data-testid="grid-map-open">
                {t('gridCells.map.open')} {map.open}
              </Tag>
              {map.unassigned > 0 && <Typography.Text type="secondary">{t('gridCells.map.unassigned', { n: map.unassigned })}</Typography.Text>}
            </Space>
          </Space>
          <Row gutter={[16, 16]}>
            <Col xs={24} xl={15}>
              {hasPolygons && option ? (
                <EChart
                  testId="grid-map"
                  option={option}
                  style={{ height: 600, border: '1px solid #f0f0f0', borderRadius: 6 }}
                  onClick={(e) => {
                    const f = map.features.find((x) => x.code === e.name);
                    if (f) open(f);
                  }}
                />
              ) : (
                <Empty description={t('gridCells.map.noMap')} />
              )}
            </Col>
            <Col xs={24} xl={9}>
              <Table<GridMapFeature>
                data-testid="grid-map-list"
                size="small"
                rowKey="id"
                dataSource={map.features}
                // A feature's `children` is a count, not sub-rows.
                expandable={{ childrenColumnName: 'subRows' }}
                pagination={{ pageSize: 15, hideOnSinglePage: true, showSizeChanger: false }}
                title={() => t('gridCells.map.listTitle', { level: map.levelName })}
                onRow={(f) => ({ onClick: () => open(f), style: { cursor: 'pointer' } })}
                columns={[
                  { title: t('gridCells.stats.name'), dataIndex: 'name', render: (v: string, f) => (f.polygon ? v : `${v}${t('gridCells.map.noPolygon')}`) },
                  { title: t('gridCells.map.open'), dataIndex: 'open', width: 90, align: 'right', sorter: (a, b) => a.open - b.open, defaultSortOrder: 'descend' },
                  { title: t('gridCells.map.overdue'), dataIndex: 'overdue', width: 64, align: 'right', render: (v: number) => (v ? <Typography.Text type="danger">{v}</Typography.Text> : 0) },
                  { title: t('gridCells.map.leader'), dataIndex: 'leaderName', width: 90, render: (v: string | null) => v ?? '—' },
                  {
                    key: 'go',
                    width: 40,
                    render: (_: unknown, f) => (
                      <Button
                        size="small"
                        type="text"
                        aria-label={t('gridCells.map.problems')}
                        icon={<ArrowRightOutlined />}
                        onClick={(ev) => {
                          ev.stopPropagation();
                          go({ cell: f.id });
                        }}
                      />
                    ),
                  },
                ]}
              />
            </Col>
          </Row>
        </Space>
      )}
      <CellDrawer cellId={cellId} onClose={() => go({ cell: null })} />
    </Card>
  );
}

const COLOUR_TAG: Record<string, string> = { red: 'red', yellow: 'gold', blue: 'blue', green: 'green' };

/** A cell (and its branch): its 网格长 and members, and its problems newest first, each linking to the problem page. */
function CellDrawer({ cellId, onClose }: { cellId: number | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { data: cell } = useGridCell(cellId);
  const [params, setParams] = useSearchParams();
  const openOnly = params.get('all') !== '1';
  const { data: problems, isLoading } = useGridCellProblems(cellId, openOnly);
  const setOpenOnly = (v: boolean) => {
    const p = new URLSearchParams(params);
    if (v) p.delete('all');
    else p.set('all', '1');
    setParams(p);
  };
  return (
    <Drawer open={cellId !== null} onClose={onClose} width={560} title={cell ? cell.path.map((p) => p.name).join(' › ') : ''} destroyOnHidden data-testid="grid-cell-drawer">
      {cell && (
        <Space direction="vertical" size={16} style={{ width: '100%' }}>
          <Descriptions size="small" column={2} bordered>
            <Descriptions.Item label={t('gridCells.cells.code')}>{cell.code}</Descriptions.Item>
            <Descriptions.Item label={t('gridCells.cells.area')}>{cell.areaM2 ? t('gridCells.cells.km2', { n: (cell.areaM2 / 1e6).toFixed(2) }) : '—'}</Descriptions.Item>
          </Descriptions>
          <Card size="small" title={t('gridCells.map.staff')}>
            <List
              size="small"
              dataSource={cell.staff.filter((s) => s.validTo === null)}
              locale={{ emptyText: '—' }}
              renderItem={(s) => (
                <List.Item>
                  <Space>
                    <Tag color={s.duty === 'leader' ? 'red' : s.duty === 'supervisor' ? 'purple' : 'blue'}>{s.dutyLabel}</Tag>
                    <span>{s.name}</span>
                    <Typography.Text type="secondary">{[s.unitName, s.title].filter(Boolean).join(' · ')}</Typography.Text>
                  </Space>
                </List.Item>
              )}
            />
          </Card>
          <Card
            size="small"
            title={t('gridCells.map.problems')}
            extra={
              <Space>
                {t('gridCells.map.openOnly')}
                <Switch size="small" checked={openOnly} onChange={setOpenOnly} />
              </Space>
            }
          >
            <Table
              size="small"
              rowKey="id"
              loading={isLoading}
              dataSource={problems ?? []}
              pagination={{ pageSize: 10, hideOnSinglePage: true }}
              locale={{ emptyText: t('gridCells.map.noProblems') }}
              data-testid="grid-cell-problems"
              columns={[
                { title: t('gridCells.map.titleCol'), dataIndex: 'title', render: (v: string, p) => <Link to={`/grid/problems/${p.id}`}>{v}</Link> },
                { title: t('gridCells.map.status'), dataIndex: 'status', width: 90, render: (v: string, p) => <Tag color={p.colour ? COLOUR_TAG[p.colour] : undefined}>{t(`enum.gridProblemStatus.${v}`, { defaultValue: v })}</Tag> },
                { title: t('gridCells.map.reportedAt'), dataIndex: 'reportedAt', width: 110, render: (v: string) => dayjs(v).format('MM-DD HH:mm') },
              ]}
            />
          </Card>
        </Space>
      )}
    </Drawer>
  );
}

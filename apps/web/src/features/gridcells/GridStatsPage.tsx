import { GlobalOutlined } from '@ant-design/icons';
import { GRID_HOLD_LEVELS, GRID_HOLD_LEVEL_LABELS, type GridOverview, type GridStatsDim, type GridStatsRow } from '@duban/shared';
import { Alert, Breadcrumb, Card, Col, DatePicker, Empty, Row, Segmented, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useGridOverview, useGridStats } from '../../api/gridCells';
import { EChart, type EChartsOption } from '../../charts/EChart';

const pct = (v: number | null) => (v === null ? '—' : `${v.toFixed(1)}%`);
const hours = (m: number | null) => (m === null ? '—' : (m / 60).toFixed(1));

/** The default period: this year up to this month. */
export function defaultPeriod(): { from: string; to: string } {
  const now = dayjs();
  return { from: now.format('YYYY-01'), to: now.format('YYYY-MM') };
}

/** Columns of a statistics table (rates as the 数字城管 assessment names them). */
export function rateColumns(t: (k: string) => string, opts: { score: boolean }): ColumnsType<GridStatsRow> {
  const rate = (key: keyof GridStatsRow['rates'], title: string, danger = false) => ({
    title,
    key,
    width: 96,
    align: 'right' as const,
    sorter: (a: GridStatsRow, b: GridStatsRow) => Number(a.rates[key] ?? -1) - Number(b.rates[key] ?? -1),
    render: (_: unknown, r: GridStatsRow) => {
      const v = r.rates[key] as number | null;
      return danger && v !== null && v > 1 ? <Typography.Text type="danger">{pct(v)}</Typography.Text> : pct(v);
    },
  });
  return [
    { title: t('gridCells.stats.closed'), key: 'closed', width: 80, align: 'right', sorter: (a, b) => a.rates.closed - b.rates.closed, render: (_, r) => r.rates.closed },
    { title: t('gridCells.stats.open'), dataIndex: 'open', width: 80, align: 'right', sorter: (a, b) => (a.open ?? 0) - (b.open ?? 0) },
    rate('lowLevelRate', t('gridCells.stats.lowLevel')),
    rate('onTimeRate', t('gridCells.stats.onTime')),
    rate('reworkRate', t('gridCells.stats.rework'), true),
    rate('extensionRate', t('gridCells.stats.extension'), true),
    rate('satisfactionRate', t('gridCells.stats.satisfaction')),
    {
      title: <Tooltip title={t('gridCells.stats.meanTime')}>{t('gridCells.stats.meanTime').replace(/（.*）|\(.*\)/, '')}</Tooltip>,
      key: 'mean',
      width: 150,
      render: (_, r) => (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {GRID_HOLD_LEVELS.filter((l) => r.rates.meanMinutes[l] !== null)
            .map((l) => `${GRID_HOLD_LEVEL_LABELS[l]} ${hours(r.rates.meanMinutes[l])}`)
            .join(' · ') || '—'}
        </Typography.Text>
      ),
    },
    ...(opts.score
      ? [{ title: t('gridCells.stats.score'), dataIndex: 'score', width: 80, align: 'right' as const, sorter: (a: GridStatsRow, b: GridStatsRow) => (a.score ?? -1) - (b.score ?? -1), render: (v: number | null) => v ?? '—' }]
      : []),
  ];
}

const DIMS: GridStatsDim[] = ['street', 'community', 'cell', 'unit', 'category'];
const DIM_LABEL: Record<GridStatsDim, string> = { street: 'byStreet', community: 'byCommunity', cell: 'byCell', unit: 'byUnit', category: 'byCategory' };

/**
 * 网格统计: by street, community, cell (drilling down from a street), department and category over whole months,
 * with the 红黑榜 of streets and departments and the monthly trend. The choice is in the address.
 */
export function GridStatsPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const def = defaultPeriod();
  const from = params.get('from') ?? def.from;
  const to = params.get('to') ?? def.to;
  const dim = (DIMS.includes(params.get('dim') as GridStatsDim) ? params.get('dim') : 'street') as GridStatsDim;
  const parentId = params.get('parent') ? Number(params.get('parent')) : null;
  const set = (next: Partial<{ from: string; to: string; dim: GridStatsDim; parent: number | null }>) => {
    const p = new URLSearchParams(params);
    for (const [k, v] of Object.entries(next)) {
      if (v === null || v === undefined) p.delete(k);
      else p.set(k, String(v));
    }
    setParams(p);
  };
  const { data: stats, error, isFetching } = useGridStats({ from, to, dim, parentId: dim === 'street' || dim === 'unit' || dim === 'category' ? null : parentId });
  const { data: overview } = useGridOverview({ from, to });

  const drill = (r: GridStatsRow) => {
    if (r.cellId === null) return;
    if (dim === 'street') set({ dim: 'community', parent: r.cellId });
    else if (dim === 'community') set({ dim: 'cell', parent: r.cellId });
  };
  const columns: ColumnsType<GridStatsRow> = [
    {
      title: t('gridCells.stats.name'),
      dataIndex: 'name',
      fixed: 'left',
      width: 170,
      render: (v: string, r) => ((dim === 'street' || dim === 'community') && r.cellId !== null ? <a onClick={() => drill(r)}>{v}</a> : v),
    },
    ...rateColumns(t, { score: dim === 'street' || dim === 'unit' }),
  ];

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="grid-stats-page">
      <Card
        title={t('gridCells.stats.title')}
        extra={
          <Link to="/grid/map">
            <GlobalOutlined /> {t('gridCells.stats.openMap')}
          </Link>
        }
      >
        <Space direction="vertical" size={12} style={{ width: '100%' }}>
          {stats?.scopeNote ? <Alert type="info" showIcon title={stats.scopeNote} data-testid="grid-scope-note" /> : null}
          <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
            <Segmented<GridStatsDim>
              value={dim}
              data-testid="grid-stats-dim"
              options={DIMS.map((d) => ({ value: d, label: t(`gridCells.stats.${DIM_LABEL[d]}`), disabled: d === 'cell' && !(dim === 'community' || dim === 'cell') }))}
              onChange={(d) => set({ dim: d, parent: d === 'community' || d === 'cell' ? parentId : null })}
            />
            <Space>
              {t('gridCells.stats.period')}
              <DatePicker.RangePicker
                picker="month"
                allowClear={false}
                value={[dayjs(`${from}-01`), dayjs(`${to}-01`)]}
                onChange={(v) => v?.[0] && v[1] && set({ from: v[0].format('YYYY-MM'), to: v[1].format('YYYY-MM') })}
              />
            </Space>
          </Space>
          {(dim === 'community' || dim === 'cell') && stats?.parent && (
            <Breadcrumb items={[{ title: <a onClick={() => set({ dim: 'street', parent: null })}>{t('gridCells.map.all')}</a> }, { title: stats.parent.name }]} />
          )}
          {error ? (
            <Alert type="warning" showIcon title={error.message} />
          ) : (
            <Table<GridStatsRow>
              data-testid="grid-stats-table"
              size="small"
              rowKey="key"
              loading={isFetching && !stats}
              dataSource={stats?.rows ?? []}
              columns={columns}
              scroll={{ x: 1100 }}
              pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
              summary={() =>
                stats ? (
                  <Table.Summary fixed>
                    <Table.Summary.Row>
                      <Table.Summary.Cell index={0}>
                        <b>{stats.parent ? stats.parent.name : t('gridCells.stats.total')}</b>
                      </Table.Summary.Cell>
                      <Table.Summary.Cell index={1} align="right">
                        <b>{stats.total.closed}</b>
                      </Table.Summary.Cell>
                      <Table.Summary.Cell index={2} align="right">
                        <b>{stats.open}</b>
                      </Table.Summary.Cell>
                      {(['lowLevelRate', 'onTimeRate', 'reworkRate', 'extensionRate', 'satisfactionRate'] as const).map((k, i) => (
                        <Table.Summary.Cell key={k} index={3 + i} align="right">
                          <b>{pct(stats.total[k])}</b>
                        </Table.Summary.Cell>
                      ))}
                      <Table.Summary.Cell index={8} colSpan={2} />
                    </Table.Summary.Row>
                  </Table.Summary>
                ) : null
              }
            />
          )}
          <Typography.Text type="secondary">{t('gridCells.stats.pickParent')}</Typography.Text>
        </Space>
      </Card>
      {overview && <RankAndTrend overview={overview} />}
    </Space>
  );
}

/** 红黑榜 of streets and departments, and the monthly trend; shared with the cockpit's 网格 tab. */
export function RankAndTrend({ overview }: { overview: GridOverview }) {
  const { t } = useTranslation();
  const trend = useMemo(() => monthlyOption(overview, t), [overview, t]);
  const board = (title: string, list: GridOverview['redBlack']['streets'], testId: string) => (
    <Card size="small" title={title} data-testid={testId}>
      {list.red.length + list.black.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('gridCells.stats.noRank')} />
      ) : (
        <Row gutter={12}>
          {(['red', 'black'] as const).map((side) => (
            <Col span={12} key={side}>
              <Tag color={side === 'red' ? 'red' : '#262626'} style={{ marginBottom: 8 }}>
                {t(side === 'red' ? 'gridCells.stats.redList' : 'gridCells.stats.blackList')}
              </Tag>
              {list[side].map((r, i) => (
                <div key={r.key} style={{ display: 'flex', justifyContent: 'space-between', padding: '2px 0' }}>
                  <span>
                    {i + 1}. {r.name}
                  </span>
                  <Tooltip title={`${t('gridCells.stats.onTime')} ${pct(r.rates.onTimeRate)} · ${t('gridCells.stats.satisfaction')} ${pct(r.rates.satisfactionRate)} · ${t('gridCells.stats.rework')} ${pct(r.rates.reworkRate)}`}>
                    <b style={{ color: side === 'red' ? '#cf1322' : '#595959' }}>{r.score.toFixed(1)}</b>
                  </Tooltip>
                </div>
              ))}
            </Col>
          ))}
        </Row>
      )}
    </Card>
  );
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={8}>
        {board(`${t('gridCells.stats.streets')} ${t('gridCells.stats.redList')} / ${t('gridCells.stats.blackList')}`, overview.redBlack.streets, 'grid-redblack-streets')}
      </Col>
      <Col xs={24} xl={8}>
        {board(`${t('gridCells.stats.units')} ${t('gridCells.stats.redList')} / ${t('gridCells.stats.blackList')}`, overview.redBlack.units, 'grid-redblack-units')}
      </Col>
      <Col xs={24} xl={8}>
        <Card size="small" title={t('gridCells.stats.monthly')}>
          <EChart option={trend} style={{ height: 220 }} />
        </Card>
      </Col>
    </Row>
  );
}

export function monthlyOption(o: GridOverview, t: (k: string) => string, dark = false): EChartsOption {
  const text = dark ? '#cfe2ff' : '#595959';
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0, textStyle: { color: text } },
    grid: { left: 40, right: 40, top: 30, bottom: 24 },
    xAxis: { type: 'category', data: o.monthly.map((m) => m.month.slice(2)), axisLabel: { color: text } },
    yAxis: [
      { type: 'value', axisLabel: { color: text }, splitLine: { lineStyle: { color: dark ? '#1f3b66' : '#f0f0f0' } } },
      { type: 'value', min: 0, max: 100, axisLabel: { color: text, formatter: '{value}%' }, splitLine: { show: false } },
    ],
    series: [
      { name: t('gridCells.stats.closed'), type: 'bar', data: o.monthly.map((m) => m.closed), itemStyle: { color: '#4096ff' } },
      { name: t('gridCells.stats.onTime'), type: 'line', yAxisIndex: 1, data: o.monthly.map((m) => m.onTimeRate), itemStyle: { color: '#52c41a' } },
      { name: t('gridCells.stats.lowLevel'), type: 'line', yAxisIndex: 1, data: o.monthly.map((m) => m.lowLevelRate), itemStyle: { color: '#faad14' } },
    ],
  };
}

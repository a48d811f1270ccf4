import { DesktopOutlined } from '@ant-design/icons';
import { COCKPIT_PERIODS, type CockpitPeriod, type CockpitView, type LinkedCount } from '@duban/shared';
import { Button, Card, Col, DatePicker, Empty, Progress, Row, Segmented, Space, Spin, Table, Tabs, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ledgerHref, useCockpit, type PeriodChoice } from '../../api/cockpit';
import { EChart } from '../../charts/EChart';
import { categoryOption, COLOUR_HEX, colourName, colourOption, sourceOption, statusOption, trendOption } from './cockpitCharts';
import { scopeText } from './scopeText';
import { useMe } from '../../api/auth';
import { GridOverviewTab } from '../gridcells/GridOverviewTab';
import { AssessmentCockpitTab } from '../assessment/AssessmentCockpitTab';

/** A number that opens the ledger filtered to exactly the matters it counts. */
export function CountLink({ count, testId, children }: { count: LinkedCount; testId?: string; children?: React.ReactNode }) {
  const navigate = useNavigate();
  if (!count.link) return <span data-testid={testId}>{children ?? count.n}</span>;
  return (
    <a data-testid={testId} onClick={() => navigate(ledgerHref(count.link))}>
      {children ?? count.n}
    </a>
  );
}

function Kpi({ title, count, value, suffix, testId, color }: { title: string; count: LinkedCount; value?: string; suffix?: string; testId: string; color?: string }) {
  const navigate = useNavigate();
  return (
    <Card hoverable size="small" onClick={() => navigate(ledgerHref(count.link))} data-testid={testId} styles={{ body: { padding: '14px 18px' } }}>
      <Typography.Text type="secondary">{title}</Typography.Text>
      <div style={{ fontSize: 30, fontWeight: 600, color, lineHeight: 1.3 }}>
        <span data-testid={`${testId}-value`}>{value ?? count.n}</span>
        {suffix && <span style={{ fontSize: 14, marginLeft: 4, color: '#888' }}>{suffix}</span>}
      </div>
    </Card>
  );
}

/** 领导驾驶舱: the viewer's matters by colour, state, unit, category, source and week; every figure opens the ledger. */
export function CockpitPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [choice, setChoice] = useState<PeriodChoice>({ period: 'year' });
  const { data: view, isLoading } = useCockpit(choice);
  const go = (c: LinkedCount | undefined) => c?.link && navigate(ledgerHref(c.link));
  const { data: me } = useMe();
  const gridViewer = !!me?.permissions.includes('grid.read');
  const assessViewer = !!me?.permissions.includes('assess.read');

  const options = useMemo(
    () =>
      view && {
        colour: colourOption(view, { t }),
        status: statusOption(view, { t }),
        trend: trendOption(view, { t }),
        category: categoryOption(view, { t }),
        source: sourceOption(view, { t }),
      },
    [view, t],
  );

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="cockpit">
      <Card size="small">
        <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
          <Space wrap>
            <Typography.Title level={4} style={{ margin: 0 }}>
              {t('menu.cockpit')}
            </Typography.Title>
            {view && <Tag color="red">{scopeText(view.scope, t)}</Tag>}
            {view && (
              <Typography.Text type="secondary">
                {view.from} ～ {view.to}
              </Typography.Text>
            )}
          </Space>
          <Space wrap>
            <Segmented<CockpitPeriod>
              value={choice.period}
              options={COCKPIT_PERIODS.map((p) => ({ value: p, label: t(`cockpit.period.${p}`) }))}
              onChange={(period) => setChoice(period === 'custom' ? { period, from: view?.from, to: view?.to } : { period })}
              data-testid="period"
            />
            {choice.period === 'custom' && (
              <DatePicker.RangePicker
                allowClear={false}
                value={[dayjs(choice.from ?? view?.from), dayjs(choice.to ?? view?.to)]}
                onChange={(v) => v?.[0] && v[1] && setChoice({ period: 'custom', from: v[0].format('YYYY-MM-DD'), to: v[1].format('YYYY-MM-DD') })}
              />
            )}
            <Button icon={<DesktopOutlined />} href="/screen" target="_blank">
              {t('menu.bigscreen')}
            </Button>
          </Space>
        </Space>
      </Card>
      {(() => {
        const matters = !view || !options ? <Card>{isLoading ? <Spin /> : <Empty />}</Card> : <Figures view={view} options={options} go={go} />;
        // The grid's figures, in the viewer's grid data scope (a unit head sees their street's; modules/grid/grid-scope.ts).
        if (!gridViewer && !assessViewer) return matters;
        return (
          <Tabs
            data-testid="cockpit-tabs"
            items={[
              { key: 'matters', label: t('gridCells.cockpitTab.matters'), children: <Space direction="vertical" size={16} style={{ width: '100%' }}>{matters}</Space> },
              ...(gridViewer ? [{ key: 'grid', label: t('gridCells.cockpitTab.grid'), children: <GridOverviewTab /> }] : []),
              // 考核 (issue 13): league tables, 问责 and 容错 for those who read every unit's score (督查办, leaders).
              ...(assessViewer ? [{ key: 'assessment', label: t('assessInsight.cockpitTab'), children: <AssessmentCockpitTab /> }] : []),
            ]}
          />
        );
      })()}
    </Space>
  );
}

type Options = Record<'colour' | 'status' | 'trend' | 'category' | 'source', ReturnType<typeof colourOption>>;

function Figures({ view, options, go }: { view: CockpitView; options: Options; go: (c: LinkedCount | undefined) => void }) {
  const { t } = useTranslation();
  const k = view.totals;
  return (
    <>
      <Row gutter={[12, 12]}>
        <Col xs={12} md={6} xl={3}>
          <Kpi title={t('cockpit.all')} count={k.all} testId="kpi-all" />
        </Col>
        <Col xs={12} md={6} xl={3}>
          <Kpi title={t('cockpit.open')} count={k.open} testId="kpi-open" color="#1677ff" />
        </Col>
        <Col xs={12} md={6} xl={3}>
          <Kpi title={t('cockpit.done')} count={k.done} testId="kpi-done" color="#389e0d" />
        </Col>
        <Col xs={12} md={6} xl={3}>
          <Kpi title={t('cockpit.completionRate')} count={k.done} value={k.completionRate.toFixed(1)} suffix="%" testId="kpi-rate" color="#389e0d" />
        </Col>
        <Col xs={12} md={6} xl={3}>
          <Kpi title={t('cockpit.onTimeRate')} count={k.onTime} value={k.onTimeRate.toFixed(1)} suffix="%" testId="kpi-ontime" />
        </Col>
        <Col xs={12} md={6} xl={3}>
          <Kpi title={t('cockpit.overdue')} count={k.overdue} testId="kpi-overdue" color="#cf1322" />
        </Col>
        <Col xs={12} md={6} xl={3}>
          <Kpi title={t('cockpit.late')} count={k.late} testId="kpi-late" color="#d46b08" />
        </Col>
        <Col xs={12} md={6} xl={3}>
          <Kpi title={t('cockpit.avgDays')} count={k.done} value={k.avgDays === null ? '—' : String(k.avgDays)} suffix={t('cockpit.days')} testId="kpi-days" />
        </Col>
      </Row>
      <Row gutter={[12, 12]}>
        <Col xs={24} xl={8}>
          <Card size="small" title={t('cockpit.byColour')}>
            <EChart testId="chart-colour" option={options.colour} onClick={(e) => go(view.byColour.find((c) => colourName(c.colour) === e.name))} />
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Card size="small" title={t('cockpit.byStatus')}>
            <EChart option={options.status} onClick={(e) => go(view.byStatus[e.dataIndex])} />
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Card size="small" title={t('cockpit.trend')}>
            <EChart option={options.trend} onClick={(e) => go([view.trend[e.dataIndex]?.new, view.trend[e.dataIndex]?.closed, view.trend[e.dataIndex]?.warned][e.seriesIndex])} />
          </Card>
        </Col>
      </Row>
      <Row gutter={[12, 12]}>
        <Col xs={24} xl={14}>
          <Card size="small" title={t('cockpit.league')}>
            <Table
              size="small"
              rowKey="unitId"
              pagination={{ pageSize: 10, hideOnSinglePage: true }}
              dataSource={view.units}
              data-testid="league"
              columns={[
                { title: '#', width: 44, render: (_v, _r, i) => i + 1 },
                { title: t('cockpit.unit'), dataIndex: 'unitName' },
                { title: t('cockpit.all'), render: (_v, u) => <CountLink count={u.all} />, align: 'right' },
                { title: t('cockpit.done'), render: (_v, u) => <CountLink count={u.done} />, align: 'right' },
                { title: t('cockpit.onTime'), render: (_v, u) => <CountLink count={u.onTime} />, align: 'right' },
                { title: t('cockpit.overdue'), render: (_v, u) => <CountLink count={u.overdue}>{u.overdue.n ? <Typography.Text type="danger">{u.overdue.n}</Typography.Text> : 0}</CountLink>, align: 'right' },
                { title: t('cockpit.completionRate'), render: (_v, u) => <Progress percent={u.completionRate} size="small" style={{ width: 110, margin: 0 }} />, width: 140 },
                { title: t('cockpit.avgDays'), dataIndex: 'avgDays', render: (v: number | null) => v ?? '—', align: 'right' },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card size="small" title={t('cockpit.overdueList')} extra={<CountLink count={k.overdue}>{t('cockpit.all')} {k.overdue.n}</CountLink>}>
            <Table
              size="small"
              rowKey="id"
              pagination={false}
              scroll={{ y: 330 }}
              dataSource={view.overdueList}
              locale={{ emptyText: t('cockpit.noOverdue') }}
              columns={[
                { title: t('cockpit.matter'), dataIndex: 'title', render: (v: string, m) => <a href={`/matters/${m.id}`}>{v}</a>, ellipsis: true },
                { title: t('cockpit.unit'), dataIndex: 'unitName', ellipsis: true, width: 120 },
                { title: t('cockpit.leader'), dataIndex: 'leaderName', width: 80, render: (v: string | null) => v ?? '—' },
                { title: t('cockpit.daysOverdue'), dataIndex: 'daysOverdue', width: 80, align: 'right', render: (v: number) => <Typography.Text type="danger">{v}</Typography.Text> },
              ]}
            />
          </Card>
        </Col>
      </Row>
      <Row gutter={[12, 12]}>
        <Col xs={24} xl={12}>
          <Card size="small" title={t('cockpit.byCategory')}>
            <EChart option={options.category} style={{ height: 300 }} onClick={(e) => go(view.byCategory[view.byCategory.length - 1 - e.dataIndex])} />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card size="small" title={t('cockpit.bySource')}>
            <EChart option={options.source} style={{ height: 300 }} onClick={(e) => go(view.bySource[e.dataIndex])} />
          </Card>
        </Col>
      </Row>
      <MajorProjects view={view} />
    </>
  );
}

function MajorProjects({ view }: { view: CockpitView }) {
  const { t } = useTranslation();
  const m = view.majorProjects;
  const pct = m.investmentPlan > 0 ? Math.round((m.investmentDone / m.investmentPlan) * 1000) / 10 : 0;
  return (
    <Card
      size="small"
      title={t('cockpit.major')}
      extra={
        <Space>
          <CountLink count={m.all}>{t('cockpit.majorCount', { n: m.all.n })}</CountLink>
          <span>{t('cockpit.investment', { done: m.investmentDone.toLocaleString(), plan: m.investmentPlan.toLocaleString() })}</span>
          <Progress type="circle" percent={pct} size={36} />
        </Space>
      }
    >
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={m.items}
        locale={{ emptyText: t('cockpit.noMajor') }}
        columns={[
          { title: t('cockpit.matter'), dataIndex: 'title', render: (v: string, r) => <a href={`/matters/${r.id}`}>{v}</a> },
          { title: t('cockpit.unit'), dataIndex: 'unitName', width: 160 },
          { title: t('cockpit.colour'), dataIndex: 'colour', width: 80, render: (c: string | null) => (c ? <Tag color={COLOUR_HEX[c]}>{colourName(c)}</Tag> : '—') },
          { title: t('cockpit.progress'), dataIndex: 'progress', width: 160, render: (p: number) => <Progress percent={p} size="small" /> },
          {
            title: t('cockpit.investmentCol'),
            width: 260,
            render: (_v, r) =>
              r.investmentPlan ? <Progress percent={Math.min(100, Math.round(((r.investmentDone ?? 0) / r.investmentPlan) * 100))} size="small" format={() => `${(r.investmentDone ?? 0).toLocaleString()} / ${r.investmentPlan?.toLocaleString()}`} /> : '—',
          },
        ]}
      />
    </Card>
  );
}

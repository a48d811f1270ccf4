import { ArrowLeftOutlined, ReloadOutlined } from '@ant-design/icons';
import { isUnfinishedMatter, type MatterAction } from '@duban/shared';
import { Alert, Badge, Button, Card, Col, Descriptions, Empty, Result, Row, Space, Spin, Tabs, Tag, Tooltip, Typography } from 'antd';
import { lazy, Suspense, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { useMatter } from '../../api/matters';
import { ColourBadge } from '../../components/ColourBadge';
import { formatDate } from '../../components/format';
import { TraceTimeline } from '../trace/TraceTimeline';
import { ActionBar } from './ActionBar';
import { ActionModal } from './ActionModal';
import { Deadline, PriorityTag, ProgressBar, StatusTag } from './bits';
import { AttachmentList, ChildrenTable, CompletionList, ExtensionList, MilestoneList, ReportList, UnitsTable, UrgeList } from './MatterSections';
import { InspectionList, NoticeList } from './NoticeInspectionSections';
import { MatterFormDrawer } from './MatterFormDrawer';
import { MatterDeliveries } from '../notify/MatterDeliveries';
import { labelOf } from '../../i18n/enumLabels';

// ECharts is large: load it only when a matter page is opened.
const ProgressChart = lazy(() => import('../../charts/ProgressChart').then((m) => ({ default: m.ProgressChart })));

/** 事项详情: the matter, its units, progress against plan, every record and the full trace; the viewer's actions on top. */
export function MatterPage() {
  const { t } = useTranslation();
  const id = Number(useParams().id);
  const navigate = useNavigate();
  const { data: m, error, isLoading, refetch, isFetching } = useMatter(id);
  const [action, setAction] = useState<MatterAction | null>(null);

  if (isLoading) return <Spin size="large" style={{ display: 'block', margin: '80px auto' }} />;
  if (error || !m) {
    const notFound = error instanceof ApiError && (error.status === 404 || error.status === 403);
    return <Result status={notFound ? '404' : 'error'} title={notFound ? t('matters.page.notFound') : t('matters.page.loadFailed')} subTitle={error?.message} extra={<Link to="/matters">{t('matters.page.backToLedger')}</Link>} />;
  }

  const open = isUnfinishedMatter(m.status);
  const pendingExt = m.extensions.filter((e) => e.status === 'pending').length;
  const pendingDone = m.completions.filter((c) => c.status === 'pending').length;
  const count = (n: number) => (n ? <Badge count={n} color="#bfbfbf" size="small" style={{ marginInlineStart: 4 }} /> : null);

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="matter-page">
      <Card>
        <Space style={{ marginBottom: 8 }} wrap>
          <Button type="text" size="small" icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)}>
            {t('matters.page.back')}
          </Button>
          {m.parent && (
            <Typography.Text type="secondary">
              {t('matters.page.parent')}<Link to={`/matters/${m.parent.id}`}>{m.parent.number} {m.parent.title}</Link>
            </Typography.Text>
          )}
        </Space>
        <Row gutter={[16, 8]} align="top">
          <Col flex="auto">
            <Typography.Text type="secondary" data-testid="matter-number">
              {m.number}
            </Typography.Text>
            <Typography.Title level={3} style={{ margin: '2px 0 8px' }}>
              {m.title}
            </Typography.Title>
            <Space wrap size={[8, 4]}>
              <StatusTag status={m.status} />
              <ColourBadge colour={m.live.colour} reasons={m.live.reasons} provisional={m.live.provisional} withMeaning />
              <PriorityTag priority={m.priority} />
              <Button type="text" size="small" icon={<ReloadOutlined spin={isFetching} />} onClick={() => void refetch()} aria-label={t('common.refresh')} />
            </Space>
          </Col>
          <Col xs={24} md={8}>
            <Typography.Text type="secondary">{open ? t('matters.page.progressPlanned', { n: Math.round(m.live.plannedProgress) }) : t('matters.page.progress')}</Typography.Text>
            <ProgressBar value={m.progress} planned={open ? m.live.plannedProgress : undefined} />
            {m.progressParts && (
              <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="progress-parts">
                {m.progressParts.own === null
                  ? t('matters.page.progressChildrenOnly', { children: m.progressParts.children ?? 0 })
                  : t('matters.page.progressParts', { own: m.progressParts.own, children: m.progressParts.children ?? 0 })}
              </Typography.Text>
            )}
          </Col>
        </Row>
        {m.live.reasons.length > 0 && (
          <Alert
            style={{ marginTop: 12 }}
            type={m.live.colour === 'red' ? 'error' : m.live.colour === 'green' ? 'success' : 'warning'}
            showIcon
            title={m.live.reasons.map((r) => r.text).join('；')}
            data-testid="colour-reasons"
          />
        )}
        <ActionBar matter={m} onAction={setAction} />
      </Card>

      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Card title={t('matters.page.basic')} size="small">
            <Descriptions column={{ xs: 1, sm: 2 }} size="small">
              <Descriptions.Item label={t('matters.page.source')}>{labelOf('source', m.source)}</Descriptions.Item>
              <Descriptions.Item label={t('matters.page.sourceDoc')}>{m.sourceDoc || '—'}</Descriptions.Item>
              {m.origin && (
                <Descriptions.Item label={t('matters.page.origin')}>
                  <Link to={m.origin.link} data-testid="matter-origin">
                    {m.origin.ticket} {m.origin.title}
                  </Link>
                </Descriptions.Item>
              )}
              <Descriptions.Item label={t('matters.page.category')}>{m.categoryName ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('matters.page.leader')}>{m.leadLeaderName ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('matters.page.startDate')}>{formatDate(m.startDate)}</Descriptions.Item>
              <Descriptions.Item label={t('matters.page.deadline')}>
                <Deadline deadline={m.deadline} originalDeadline={m.originalDeadline} provisional={m.deadlineProvisional} />
                {m.deadlineWorkdays ? <Typography.Text type="secondary">{t('matters.page.workdays', { n: m.deadlineWorkdays })}</Typography.Text> : null}
                {m.deadlineOnHoliday ? (
                  <Tooltip title={t('matters.page.deadlineOnHolidayWhy')}>
                    <Tag color="orange" style={{ marginLeft: 6 }} data-testid="deadline-on-holiday">
                      {t('matters.page.deadlineOnHoliday')}
                    </Tag>
                  </Tooltip>
                ) : null}
              </Descriptions.Item>
              <Descriptions.Item label={t('matters.page.cadence')}>{labelOf('cadence', m.reportCadence)}</Descriptions.Item>
              <Descriptions.Item label={t('matters.page.weights')}>
                {m.difficulty} / {m.workload} / {m.weight}
              </Descriptions.Item>
              {m.investmentPlan !== null && (
                <Descriptions.Item label={t('matters.page.investment')}>
                  {m.investmentDone ?? 0} / {m.investmentPlan}
                </Descriptions.Item>
              )}
              {m.rating !== null && <Descriptions.Item label={t('matters.page.rating')}>{'★'.repeat(m.rating)} {m.ratingComment}</Descriptions.Item>}
              {m.cancelReason && <Descriptions.Item label={t('matters.page.cancelReason')}>{m.cancelReason}</Descriptions.Item>}
            </Descriptions>
            {m.content && (
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginTop: 8, marginBottom: 0 }} ellipsis={{ rows: 6, expandable: true, symbol: t('matters.page.expand') }}>
                {m.content}
              </Typography.Paragraph>
            )}
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card title={t('matters.page.chart')} size="small">
            <Suspense fallback={<Spin style={{ display: 'block', margin: '100px auto' }} />}>
              <ProgressChart points={m.progressSeries} deadline={m.deadline} milestones={m.milestones} />
            </Suspense>
          </Card>
        </Col>
      </Row>

      <Card title={t('matters.page.units')} size="small" styles={{ body: { padding: 0 } }}>
        <UnitsTable matter={m} />
      </Card>

      <Card size="small">
        <Tabs
          items={[
            { key: 'reports', label: <>{t('matters.page.tabReports')}{count(m.reports.length)}</>, children: <ReportList reports={m.reports} /> },
            { key: 'milestones', label: <>{t('matters.page.tabMilestones')}{count(m.milestones.length)}</>, children: <MilestoneList matter={m} /> },
            {
              key: 'requests',
              label: <>{t('matters.page.tabRequests')}{count(pendingExt + pendingDone)}</>,
              children: (
                <Space direction="vertical" style={{ width: '100%' }} size={16}>
                  <ExtensionList items={m.extensions} />
                  <CompletionList items={m.completions} />
                </Space>
              ),
            },
            { key: 'urges', label: <>{t('matters.page.tabUrges')}{count(m.urges.length)}</>, children: <UrgeList items={m.urges} /> },
            { key: 'children', label: <>{t('matters.page.tabChildren')}{count(m.children.length)}</>, children: m.children.length ? <ChildrenTable items={m.children} /> : <Empty description={t('matters.page.noChildren')} /> },
            { key: 'notices', label: <>{t('matters.page.tabNotices')}{count(m.notices.length)}</>, children: <NoticeList matter={m} /> },
            { key: 'inspections', label: <>{t('matters.page.tabInspections')}{count(m.inspections.length)}</>, children: <InspectionList items={m.inspections} /> },
            { key: 'attachments', label: <>{t('matters.page.tabAttachments')}{count(m.attachments.length)}</>, children: <AttachmentList items={m.attachments} /> },
            { key: 'deliveries', label: t('matters.page.tabDeliveries'), children: <MatterDeliveries matterId={m.id} /> },
            { key: 'trace', label: t('matters.page.tabTrace'), children: <TraceTimeline entityType="matter" entityId={m.id} /> },
          ]}
        />
      </Card>

      <ActionModal matter={m} action={action && action !== 'edit' && action !== 'decompose' && action !== 'report' ? action : null} onClose={() => setAction(null)} />
      <MatterFormDrawer open={action === 'edit'} matter={m} onClose={() => setAction(null)} onSaved={() => void refetch()} />
      <MatterFormDrawer open={action === 'decompose'} parent={m} onClose={() => setAction(null)} onSaved={(c) => navigate(`/matters/${c.id}`)} />
    </Space>
  );
}

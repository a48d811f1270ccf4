import { ArrowLeftOutlined, EnvironmentOutlined } from '@ant-design/icons';
import { GRID_ACTIONS, type CellGeometry, type GridAction, type ProblemDetailView } from '@duban/shared';
import { Alert, Button, Card, Col, Descriptions, Empty, Grid, Image, Result, Row, Space, Spin, Table, Tag, Timeline, Tooltip, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { useGridCell } from '../../api/gridCells';
import { CitizenStaffCard } from '../citizens/staff/CitizenStaffCard';
import { labelOf } from '../../i18n/enumLabels';
import { errorMessage } from '../../i18n/errorMessages';
import { useProblem } from './api';
import { ClockTag, eventLabel, StatusTag, UrgencyTag, workingTime } from './bits';
import { PointMap } from './PointMap';
import { ProblemActionModal } from './ProblemActionModal';
import './i18n';

// The step that moves the problem forward is the primary button; refusals are red.
const PRIMARY: GridAction[] = ['accept', 'register', 'dispatch', 'sign', 'handle', 'verify', 'visit', 'decide_extension', 'unpark'];
const DANGER: GridAction[] = ['reject', 'return'];
const fmt = (v: string | null | undefined) => (v ? dayjs(v).format('YYYY-MM-DD HH:mm') : '—');

/**
 * 问题详情: what was reported and where, the clock, the photos before and after, the timeline, how long each level
 * held it (who held the clock), and the actions this viewer can take now as buttons opening their forms; actions
 * the flow allows but something blocks are shown disabled with the reason.
 */
export function GridProblemPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const navigate = useNavigate();
  const { data: p, isLoading, error } = useProblem(id);
  const [action, setAction] = useState<GridAction | null>(null);
  // Below lg the menu folds into a trigger at the top left of the content: keep the first line clear of it.
  const narrow = !Grid.useBreakpoint().lg;

  if (isLoading) return <Spin />;
  if (error || !p) return <Result status="404" title={t('gridProblems.page.notFound')} extra={<Link to="/grid/problems">{t('gridProblems.queue.title')}</Link>} />;

  const available = GRID_ACTIONS.filter((a) => p.actions.available.includes(a));
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }} data-testid="grid-problem">
      <Card size="small">
        <Space direction="vertical" size={6} style={{ width: '100%' }}>
          <Space wrap style={{ paddingInlineStart: narrow ? 28 : 0 }}>
            <Button type="text" size="small" icon={<ArrowLeftOutlined />} onClick={() => void navigate(-1)} aria-label={t('gridProblems.page.back')} />
            <Typography.Text type="secondary" copyable data-testid="grid-problem-ticket">
              {p.ticket}
            </Typography.Text>
            <StatusTag status={p.status} />
            <UrgencyTag urgency={p.urgency} />
            {p.minutesLeft !== null && <ClockTag minutesLeft={p.minutesLeft} colour={p.colour} deadline={p.stageDeadline} />}
            {p.matter && (
              <Link to={`/matters/${p.matter.id}`}>
                <Tag color="red">
                  {t('gridProblems.page.matter')} {p.matter.number ?? ''}
                </Tag>
              </Link>
            )}
          </Space>
          <Typography.Title level={4} style={{ margin: 0 }} data-testid="grid-problem-title">
            {p.title}
          </Typography.Title>
          {p.description && p.description !== p.title && <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{p.description}</Typography.Paragraph>}
          <ActionButtons p={p} available={available} onAction={setAction} />
        </Space>
      </Card>
      {p.extensionRequest && p.extensionRequest.reason && (
        <Alert type="info" showIcon title={t('gridProblems.page.extensionPending', { by: p.extensionRequest.byName ?? '', hours: Math.round((p.extensionRequest.minutes ?? 0) / 6) / 10, reason: p.extensionRequest.reason })} />
      )}
      {p.status === 'parked' && <Alert type="warning" showIcon title={t('gridProblems.page.parked', { reason: p.parkReason ?? '', date: p.parkedUntil ?? '—' })} />}
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={15}>
          <Space direction="vertical" size={12} style={{ width: '100%' }}>
            <Basics p={p} />
            <Photos p={p} />
            <CitizenStaffCard p={p} />
            <Holds p={p} />
          </Space>
        </Col>
        <Col xs={24} lg={9}>
          <Space direction="vertical" size={12} style={{ width: '100%' }}>
            {p.lon !== null && p.lat !== null && <MapCard p={p} />}
            <Card size="small" title={t('gridProblems.page.timeline')}>
              <Timeline
                data-testid="grid-problem-timeline"
                items={p.events.map((e) => ({
                  key: e.id,
                  color: e.action === 'escalate' || e.action === 'reject' || e.action === 'return' ? 'red' : e.to === 'closed' || e.to === 'visited' ? 'green' : '#1677ff',
                  children: (
                    <div>
                      <Typography.Text strong>{eventLabel(t, e.action)}</Typography.Text>
                      {e.to && e.to !== e.from && <Typography.Text type="secondary"> → {labelOf('gridProblemStatus', e.to)}</Typography.Text>}
                      <div style={{ fontSize: 12, color: '#888' }}>
                        {fmt(e.at)} · {[e.actorName, e.unitName, e.holdLevel ? labelOf('gridHoldLevel', e.holdLevel) : null].filter(Boolean).join(' · ')}
                      </div>
                      {e.note && <div style={{ whiteSpace: 'pre-wrap' }}>{e.note}</div>}
                    </div>
                  ),
                }))}
              />
            </Card>
          </Space>
        </Col>
      </Row>
      {action && <ProblemActionModal problem={p} action={action} onClose={() => setAction(null)} />}
    </Space>
  );
}

function ActionButtons({ p, available, onAction }: { p: ProblemDetailView; available: GridAction[]; onAction: (a: GridAction) => void }) {
  const { t } = useTranslation();
  if (!available.length && !p.actions.blocked.length) {
    return <Typography.Text type="secondary">{t('gridProblems.page.noActions')}</Typography.Text>;
  }
  return (
    <Space direction="vertical" size={4} style={{ width: '100%' }}>
      <Space wrap data-testid="grid-problem-actions">
        {available.map((a) => (
          <Button key={a} type={PRIMARY.includes(a) ? 'primary' : 'default'} danger={DANGER.includes(a)} data-action={a} onClick={() => onAction(a)}>
            {labelOf('gridAction', a)}
          </Button>
        ))}
        {p.actions.blocked.map((b) => (
          <Tooltip key={b.action} title={errorMessage(b.code, b.message, 409)}>
            <Button disabled data-action={b.action} data-blocked>
              {labelOf('gridAction', b.action)}
            </Button>
          </Tooltip>
        ))}
      </Space>
      {p.actions.blocked.map((b) => (
        <Typography.Text key={b.action} type="secondary" style={{ fontSize: 12 }} data-testid="grid-blocked-reason">
          {labelOf('gridAction', b.action)}：{errorMessage(b.code, b.message, 409)}
        </Typography.Text>
      ))}
    </Space>
  );
}

function Basics({ p }: { p: ProblemDetailView }) {
  const { t } = useTranslation();
  return (
    <Card size="small" title={t('gridProblems.page.basics')}>
      <Descriptions size="small" column={{ xs: 1, sm: 2 }} data-testid="grid-problem-basics">
        <Descriptions.Item label={t('gridProblems.page.category')}>{p.categoryName}</Descriptions.Item>
        <Descriptions.Item label={t('gridProblems.page.source')}>
          {labelOf('gridSource', p.source)}
          {p.sourceRef ? `（${p.sourceRef}）` : ''}
        </Descriptions.Item>
        <Descriptions.Item label={t('gridProblems.page.reportedAt')}>{fmt(p.reportedAt)}</Descriptions.Item>
        <Descriptions.Item label={t('gridProblems.page.reporter')}>{[p.reporterName, p.reporterMobile].filter(Boolean).join(' ') || '—'}</Descriptions.Item>
        <Descriptions.Item label={t('gridProblems.page.cell')}>{p.cell ? `${p.cell.parent ? `${p.cell.parent} › ` : ''}${p.cell.name ?? ''}（${p.cell.code ?? ''}）` : '—'}</Descriptions.Item>
        <Descriptions.Item label={t('gridProblems.page.address')}>{p.address ?? '—'}</Descriptions.Item>
        {p.cellNote && (
          <Descriptions.Item label={t('gridProblems.page.cellNote')} span={2}>
            {p.cellNote}
          </Descriptions.Item>
        )}
        <Descriptions.Item label={t('gridProblems.page.holding')}>
          {labelOf('gridHoldLevel', p.holdLevel)}
          {p.holdName ? ` · ${p.holdName}` : ''}
        </Descriptions.Item>
        <Descriptions.Item label={t('gridProblems.page.holdDeadline')}>{fmt(p.holdDeadline)}</Descriptions.Item>
        <Descriptions.Item label={t('gridProblems.page.stageDeadline')}>{fmt(p.stageDeadline)}</Descriptions.Item>
        <Descriptions.Item label={t('gridProblems.page.dueAt')}>{fmt(p.dueAt)}</Descriptions.Item>
        <Descriptions.Item label={t('gridProblems.page.unit')}>{p.unitName ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('gridProblems.page.handler')}>{p.handlerName ?? '—'}</Descriptions.Item>
        {p.rating && (
          <Descriptions.Item label={t('gridProblems.page.rating')}>
            {labelOf('gridRating', p.rating)}
            {p.ratingComment ? `：${p.ratingComment}` : ''}
          </Descriptions.Item>
        )}
      </Descriptions>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('gridProblems.page.counts', { rework: p.reworkCount, ext: p.extensionCount, reopen: p.reopenCount })}
      </Typography.Text>
    </Card>
  );
}

const PHASES = ['report', 'before', 'after', 'verify'] as const;

function Photos({ p }: { p: ProblemDetailView }) {
  const { t } = useTranslation();
  return (
    <Card size="small" title={t('gridProblems.page.photos')} data-testid="grid-problem-photos">
      {p.photos.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('gridProblems.page.noPhotos')} />
      ) : (
        <Image.PreviewGroup>
          <Space direction="vertical" size={8} style={{ width: '100%' }}>
            {PHASES.filter((ph) => p.photos.some((x) => x.phase === ph)).map((ph) => (
              <div key={ph} data-phase={ph}>
                <Typography.Text type="secondary">{t(`gridProblems.page.phase.${ph}`)}</Typography.Text>
                <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap', marginTop: 4 }}>
                  {p.photos
                    .filter((x) => x.phase === ph)
                    .map((x) => (
                      <Image key={x.id} src={x.url} width={104} height={104} style={{ objectFit: 'cover', borderRadius: 6 }} />
                    ))}
                </div>
              </div>
            ))}
          </Space>
        </Image.PreviewGroup>
      )}
    </Card>
  );
}

function Holds({ p }: { p: ProblemDetailView }) {
  const { t } = useTranslation();
  return (
    <Card size="small" title={t('gridProblems.page.holds')}>
      <Table
        size="small"
        rowKey={(h) => `${h.level}-${h.startedAt}`}
        dataSource={p.holds}
        pagination={false}
        scroll={{ x: 760 }}
        data-testid="grid-problem-holds"
        columns={[
          { title: t('gridProblems.page.holdLevel'), dataIndex: 'level', width: 70, render: (v: string) => labelOf('gridHoldLevel', v) },
          { title: t('gridProblems.page.holdUnit'), key: 'who', width: 180, render: (_: unknown, h) => h.unitName ?? h.cellName ?? '—' },
          { title: t('gridProblems.page.holdFrom'), dataIndex: 'startedAt', width: 120, render: (v: string) => dayjs(v).format('MM-DD HH:mm') },
          { title: t('gridProblems.page.holdTo'), dataIndex: 'endedAt', width: 120, render: (v: string | null) => (v ? dayjs(v).format('MM-DD HH:mm') : <Tag color="processing">{t('gridProblems.page.holdCurrent')}</Tag>) },
          { title: t('gridProblems.page.holdMinutes'), dataIndex: 'workingMinutes', width: 130, render: (v: number) => workingTime(t, v) },
          { title: t('gridProblems.page.holdLeftBy'), dataIndex: 'leftBy', width: 110, render: (v: string | null) => (v ? t(`gridProblems.page.leftBy.${v}`, { defaultValue: v }) : '—') },
        ]}
      />
    </Card>
  );
}

function MapCard({ p }: { p: ProblemDetailView }) {
  const { t } = useTranslation();
  const { data: cell } = useGridCell(p.cell?.id ?? null);
  if (p.lon === null || p.lat === null) return null;
  return (
    <Card
      size="small"
      title={
        <span>
          <EnvironmentOutlined /> {t('gridProblems.page.map')}
        </span>
      }
      extra={
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {p.lon.toFixed(5)}, {p.lat.toFixed(5)}
        </Typography.Text>
      }
    >
      <PointMap polygon={(cell?.polygon as CellGeometry | undefined) ?? null} lon={p.lon} lat={p.lat} />
    </Card>
  );
}

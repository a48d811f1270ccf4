import { RightOutlined, UnorderedListOutlined } from '@ant-design/icons';
import type { QueueItemView } from '@duban/shared';
import { Badge, Card, Empty, Grid, List, Segmented, Space, Spin, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useMe } from '../../api/auth';
import { useMyCells, useProblemQueue, type QueueQuery } from './api';
import { ClockTag, StatusTag, UrgencyTag } from './bits';
import { ReportForm } from './ReportForm';
import './i18n';

type Tab = 'report' | 'mine' | 'verify' | 'handle';
const TABS: Tab[] = ['report', 'mine', 'verify', 'handle'];
const QUERY: Record<Exclude<Tab, 'report'>, QueueQuery> = {
  mine: { mine: 'reported', open: 'true', pageSize: 50 },
  verify: { mine: 'verify', pageSize: 50 },
  handle: { mine: 'level', open: 'true', pageSize: 50 },
};

/**
 * 网格长工作台, made for a phone (375 px and up): my cells, 上报问题 (with 即办), my open problems, my 核查 tasks
 * and what waits at my level. A 网格长 lands here after signing in. The tab is in the address (?tab=).
 */
export function GridPhonePage() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const [params, setParams] = useSearchParams();
  const tab = (TABS as string[]).includes(params.get('tab') ?? '') ? (params.get('tab') as Tab) : 'report';
  const { data: cells = [], isLoading: cellsLoading } = useMyCells();
  const mine = useProblemQueue(QUERY.mine);
  const verify = useProblemQueue(QUERY.verify);
  const handle = useProblemQueue(QUERY.handle);
  const counts: Record<Tab, number> = { report: 0, mine: mine.data?.total ?? 0, verify: verify.data?.total ?? 0, handle: handle.data?.total ?? 0 };
  const lists = { mine, verify, handle };
  // Below lg the menu folds into a trigger at the top left of the content: keep the greeting clear of it.
  const narrow = !Grid.useBreakpoint().lg;

  return (
    <div style={{ maxWidth: 560, margin: '0 auto' }} data-testid="grid-phone">
      <Space direction="vertical" size={12} style={{ width: '100%' }}>
        <Card size="small" styles={{ body: { padding: 12 } }}>
          <Space style={{ width: '100%', justifyContent: 'space-between' }} align="start">
            <Typography.Title level={5} style={{ margin: 0, paddingInlineStart: narrow ? 28 : 0 }}>
              {t('gridProblems.phone.hello', { name: me?.name ?? '' })}
            </Typography.Title>
            <Link to="/grid/problems">
              <UnorderedListOutlined /> {t('gridProblems.phone.queueLink')}
            </Link>
          </Space>
          <div style={{ marginTop: 8 }} data-testid="grid-phone-cells">
            <Typography.Text type="secondary">{t('gridProblems.phone.myCells')}：</Typography.Text>
            {cellsLoading ? (
              <Spin size="small" />
            ) : cells.length ? (
              cells.map((c) => (
                <Tag key={c.id} color="blue" style={{ marginTop: 4 }}>
                  {c.name}
                </Tag>
              ))
            ) : (
              <Typography.Text type="secondary">{t('gridProblems.phone.noCells')}</Typography.Text>
            )}
          </div>
        </Card>
        <Segmented<Tab>
          block
          value={tab}
          onChange={(v) => setParams(v === 'report' ? {} : { tab: v }, { replace: true })}
          data-testid="grid-phone-tabs"
          options={TABS.map((k) => ({
            value: k,
            label: (
              <span>
                {t(`gridProblems.phone.tabs.${k}`)}
                {counts[k] > 0 && <Badge count={counts[k]} size="small" style={{ marginInlineStart: 4 }} color={k === 'verify' ? '#fa541c' : undefined} />}
              </span>
            ),
          }))}
        />
        {tab === 'report' ? (
          <Card size="small" styles={{ body: { padding: 12 } }}>
            {cellsLoading ? <Spin /> : <ReportForm accountId={me?.accountId ?? null} cells={cells} />}
          </Card>
        ) : (
          <ProblemList items={lists[tab].data?.items} loading={lists[tab].isLoading} testId={`grid-phone-${tab}`} />
        )}
      </Space>
    </div>
  );
}

/** Problems as a phone list: ticket, title, status, time left; a tap opens the problem page. */
function ProblemList({ items, loading, testId }: { items: QueueItemView[] | undefined; loading: boolean; testId: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  if (loading) return <Spin />;
  if (!items?.length) return <Empty description={t('gridProblems.phone.empty')} />;
  return (
    <List
      data-testid={testId}
      itemLayout="vertical"
      dataSource={items}
      style={{ background: '#fff', borderRadius: 8 }}
      renderItem={(p) => (
        <List.Item key={p.id} onClick={() => void navigate(`/grid/problems/${p.id}`)} style={{ cursor: 'pointer', padding: '10px 12px' }} extra={<RightOutlined style={{ color: '#bbb', marginTop: 16 }} />}>
          <Space direction="vertical" size={4} style={{ width: '100%' }}>
            <Typography.Text strong ellipsis>
              {p.title}
            </Typography.Text>
            <Space size={4} wrap>
              <StatusTag status={p.status} />
              {p.urgency !== 'normal' && <UrgencyTag urgency={p.urgency} />}
              <ClockTag minutesLeft={p.minutesLeft} colour={p.colour} deadline={p.stageDeadline} />
            </Space>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {p.ticket} · {p.cellName ?? '—'} · {dayjs(p.reportedAt).format('MM-DD HH:mm')}
            </Typography.Text>
          </Space>
        </List.Item>
      )}
    />
  );
}

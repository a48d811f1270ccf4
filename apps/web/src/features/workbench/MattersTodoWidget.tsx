import type { MatterListItem, WorkbenchView } from '@duban/shared';
import { Badge, Card, Empty, List, Tabs, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { useWorkbench } from '../../api/matters';
import { ColourBadge } from '../../components/ColourBadge';
import { formatDate } from '../../components/format';

type ListKey = Exclude<keyof WorkbenchView, 'toAcknowledge'>;
const LISTS: { key: ListKey; label: string; empty: string; link: (m: MatterListItem) => string }[] = [
  { key: 'toSign', label: '待签收', empty: '没有待签收的事项', link: (m) => `/matters/${m.id}` },
  { key: 'toReport', label: '待汇报', empty: '没有需要汇报的事项', link: (m) => `/matters/${m.id}/report` },
  { key: 'toReview', label: '待审核办结', empty: '没有待审核的办结申请', link: (m) => `/matters/${m.id}` },
  { key: 'toApprove', label: '待审批延期', empty: '没有待审批的延期申请', link: (m) => `/matters/${m.id}` },
  { key: 'overdue', label: '已逾期', empty: '没有逾期事项', link: (m) => `/matters/${m.id}` },
];

function MatterRows({ items, link, empty }: { items: MatterListItem[]; link: (m: MatterListItem) => string; empty: string }) {
  if (!items.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={empty} />;
  return (
    <List
      size="small"
      dataSource={items.slice(0, 8)}
      renderItem={(m) => (
        <List.Item extra={<ColourBadge colour={m.colour} reasons={m.colourReasons} />}>
          <List.Item.Meta
            title={<Link to={link(m)}>{m.title}</Link>}
            description={`${m.number} · ${m.leadUnitName} · 时限 ${formatDate(m.deadline)} · 进度 ${Math.round(m.progress)}%`}
          />
        </List.Item>
      )}
    />
  );
}

/** 待我处理: the matters waiting for the viewer, one tab per kind of work, with counts. */
export function MattersTodoWidget() {
  const { data, isLoading, error } = useWorkbench();
  const count = (n: number) => <Badge count={n} size="small" offset={[6, -2]} color={n ? '#c0392b' : '#d9d9d9'} showZero />;
  const tabs: { key: string; label: ReactNode; children: ReactNode }[] = LISTS.filter((l) => !data || data[l.key].length > 0 || l.key === 'toSign' || l.key === 'toReport').map((l) => ({
    key: l.key,
    label: (
      <span data-testid={`todo-${l.key}`}>
        {l.label} {count(data?.[l.key].length ?? 0)}
      </span>
    ),
    children: <MatterRows items={data?.[l.key] ?? []} link={l.link} empty={l.empty} />,
  }));
  const notices = data?.toAcknowledge ?? [];
  if (notices.length) {
    tabs.push({
      key: 'toAcknowledge',
      label: (
        <span data-testid="todo-toAcknowledge">
          待签收通知单 {count(notices.length)}
        </span>
      ),
      children: (
        <List
          size="small"
          dataSource={notices}
          renderItem={(n) => (
            <List.Item>
              <List.Item.Meta
                title={<Link to={`/matters/${n.matterId}`}>{n.number} {n.title}</Link>}
                description={`${n.matterNumber} ${n.matterTitle}${n.replyBy ? ` · ${formatDate(n.replyBy)} 前回复` : ''}`}
              />
            </List.Item>
          )}
        />
      ),
    });
  }
  return (
    <Card title="待我处理" extra={<Link to="/matters">督办台账</Link>} loading={isLoading} data-testid="matters-todo">
      {error ? <Typography.Text type="secondary">{error.message}</Typography.Text> : <Tabs size="small" items={tabs} />}
    </Card>
  );
}

import { FileOutlined } from '@ant-design/icons';
import { UNIT_ROLE_LABELS, type AttachmentView, type MatterDetail, type MatterListItem } from '@duban/shared';
import { Empty, Image, List, Space, Table, Tag, Timeline, Typography } from 'antd';
import { Link } from 'react-router';
import { ColourBadge } from '../../components/ColourBadge';
import { formatDate, formatTime } from '../../components/format';
import { Deadline, formatSize, ProgressBar, StatusTag, UnitStatusTag } from './bits';

type Detail = MatterDetail;
const REQUEST_TAGS: Record<string, { color: string; label: string }> = {
  pending: { color: 'gold', label: '待审批' },
  approved: { color: 'success', label: '已同意' },
  rejected: { color: 'error', label: '未同意' },
  accepted: { color: 'success', label: '已通过' },
  returned: { color: 'error', label: '已退回' },
  superseded: { color: 'default', label: '已被替代' },
};
const RequestTag = ({ status }: { status: string }) => <Tag color={REQUEST_TAGS[status]?.color}>{REQUEST_TAGS[status]?.label ?? status}</Tag>;

/** Photos as thumbnails (click to enlarge), other files as download links. */
export function Attachments({ items }: { items: AttachmentView[] }) {
  if (!items.length) return null;
  const images = items.filter((a) => a.mime.startsWith('image/'));
  const files = items.filter((a) => !a.mime.startsWith('image/'));
  return (
    <div style={{ marginTop: 8 }}>
      {images.length > 0 && (
        <Image.PreviewGroup>
          <Space wrap>
            {images.map((a) => (
              <Image key={a.id} src={a.url} alt={a.fileName} width={88} height={88} style={{ objectFit: 'cover', borderRadius: 6 }} />
            ))}
          </Space>
        </Image.PreviewGroup>
      )}
      {files.map((a) => (
        <div key={a.id}>
          <a href={a.url} download={a.fileName}>
            <FileOutlined /> {a.fileName}
          </a>
          <Typography.Text type="secondary" style={{ marginInlineStart: 6, fontSize: 12 }}>
            {formatSize(a.size)}
          </Typography.Text>
        </div>
      ))}
    </div>
  );
}

/** 同步受理: each unit's part, sub-status, progress and handlers. */
export function UnitsTable({ matter }: { matter: Detail }) {
  return (
    <Table
      rowKey="unitId"
      size="small"
      pagination={false}
      dataSource={matter.units}
      scroll={{ x: 760 }}
      data-testid="matter-units"
      columns={[
        { title: '单位', width: 220, render: (_, u) => <Space>{u.unitName}{u.unitId === matter.viewerUnitId && <Tag color="red">本单位</Tag>}</Space> },
        { title: '角色', width: 90, render: (_, u) => <Tag color={u.role === 'lead' ? 'volcano' : 'default'}>{UNIT_ROLE_LABELS[u.role]}</Tag> },
        { title: '状态', width: 110, render: (_, u) => <UnitStatusTag status={u.status} /> },
        { title: '进度', width: 160, render: (_, u) => <ProgressBar value={u.progress} /> },
        { title: '承办人', render: (_, u) => (u.handlers.length ? u.handlers.map((h) => h.name).join('、') : <Typography.Text type="secondary">未指定</Typography.Text>) },
        { title: '签收', width: 140, render: (_, u) => formatTime(u.signedAt) },
        { title: '最近汇报', width: 140, render: (_, u) => formatTime(u.lastReportAt) },
      ]}
    />
  );
}

export function ReportList({ reports }: { reports: Detail['reports'] }) {
  if (!reports.length) return <Empty description="尚未汇报进度" />;
  return (
    <Timeline
      data-testid="report-list"
      items={[...reports]
        .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
        .map((r) => ({
          color: r.disputed ? 'red' : 'blue',
          content: (
            <div>
              <Space wrap>
                <Typography.Text strong>{r.progress}%</Typography.Text>
                <Typography.Text>{r.unitName}</Typography.Text>
                <Typography.Text type="secondary">
                  {r.reporterName} · {formatTime(r.createdAt)}
                </Typography.Text>
                {r.disputed && <Tag color="red">现场督查不属实</Tag>}
                {r.investmentDone !== null && <Tag>完成投资 {r.investmentDone} 万元</Tag>}
              </Space>
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: '4px 0 0' }}>{r.text}</Typography.Paragraph>
              <Attachments items={r.attachments} />
            </div>
          ),
        }))}
    />
  );
}

export function MilestoneList({ matter }: { matter: Detail }) {
  if (!matter.milestones.length) return <Empty description="未设节点（按开始日期到时限均匀推进）" />;
  return (
    <Table
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={matter.milestones}
      columns={[
        { title: '节点日期', dataIndex: 'date', width: 120, render: formatDate },
        { title: '计划进度', dataIndex: 'plannedProgress', width: 100, render: (v: number) => `${v}%` },
        { title: '内容', dataIndex: 'description' },
        { title: '', width: 100, render: (_, x) => (x.reached ? <Tag color="success">已达到</Tag> : x.date < new Date().toISOString().slice(0, 10) ? <Tag color="warning">未达到</Tag> : <Tag>未到期</Tag>) },
      ]}
    />
  );
}

export function ExtensionList({ items }: { items: Detail['extensions'] }) {
  return (
    <List
      header={<Typography.Text strong>延期申请</Typography.Text>}
      dataSource={items}
      locale={{ emptyText: '无延期申请' }}
      data-testid="extension-list"
      renderItem={(e) => (
        <List.Item>
          <List.Item.Meta
            title={
              <Space wrap>
                <RequestTag status={e.status} />
                <span>
                  {e.previousDeadline} → {e.requestedDeadline}
                </span>
                <Typography.Text type="secondary">
                  {e.unitName} {e.requestedBy} · {formatTime(e.createdAt)}
                </Typography.Text>
              </Space>
            }
            description={
              <>
                <div>理由：{e.reason}</div>
                {e.decidedAt && (
                  <div>
                    审批：{e.decidedBy} · {formatTime(e.decidedAt)}
                    {e.decisionNote ? `：${e.decisionNote}` : ''}
                  </div>
                )}
              </>
            }
          />
        </List.Item>
      )}
    />
  );
}

export function CompletionList({ items }: { items: Detail['completions'] }) {
  return (
    <List
      header={<Typography.Text strong>办结申请</Typography.Text>}
      dataSource={items}
      locale={{ emptyText: '无办结申请' }}
      data-testid="completion-list"
      renderItem={(c) => (
        <List.Item>
          <List.Item.Meta
            title={
              <Space wrap>
                <RequestTag status={c.status} />
                <Typography.Text type="secondary">
                  {c.unitName} {c.requestedBy} · {formatTime(c.createdAt)}
                </Typography.Text>
              </Space>
            }
            description={
              <>
                <div style={{ whiteSpace: 'pre-wrap' }}>{c.evidence}</div>
                <Attachments items={c.attachments} />
                {c.decidedAt && (
                  <div>
                    审核：{c.decidedBy} · {formatTime(c.decidedAt)}
                    {c.decisionNote ? `：${c.decisionNote}` : ''}
                  </div>
                )}
              </>
            }
          />
        </List.Item>
      )}
    />
  );
}

export function UrgeList({ items }: { items: Detail['urges'] }) {
  if (!items.length) return <Empty description="未催办" />;
  return (
    <List
      dataSource={items}
      renderItem={(u) => (
        <List.Item>
          <List.Item.Meta title={u.message || '催办'} description={`${u.urgedBy ?? '系统'} · ${formatTime(u.createdAt)}`} />
        </List.Item>
      )}
    />
  );
}

export function ChildrenTable({ items }: { items: MatterListItem[] }) {
  return (
    <Table
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={items}
      columns={[
        { title: '编号', dataIndex: 'number', width: 150 },
        { title: '子事项', render: (_, c) => <Link to={`/matters/${c.id}`}>{c.title}</Link> },
        { title: '预警', width: 90, render: (_, c) => <ColourBadge colour={c.colour} reasons={c.colourReasons} /> },
        { title: '牵头单位', dataIndex: 'leadUnitName', width: 160 },
        { title: '牵头领导', dataIndex: 'leadLeaderName', width: 100 },
        { title: '时限', width: 130, render: (_, c) => <Deadline deadline={c.deadline} originalDeadline={c.originalDeadline} provisional={c.deadlineProvisional} /> },
        { title: '进度', width: 150, render: (_, c) => <ProgressBar value={c.progress} /> },
        { title: '状态', width: 90, render: (_, c) => <StatusTag status={c.status} /> },
      ]}
    />
  );
}

export function AttachmentList({ items }: { items: AttachmentView[] }) {
  if (!items.length) return <Empty description="暂无附件" />;
  return (
    <List
      dataSource={items}
      renderItem={(a) => (
        <List.Item actions={[<a key="d" href={a.url} download={a.fileName}>下载</a>]}>
          <List.Item.Meta
            avatar={a.mime.startsWith('image/') ? <Image src={a.url} width={40} height={40} style={{ objectFit: 'cover' }} /> : <FileOutlined style={{ fontSize: 24 }} />}
            title={a.fileName}
            description={`${formatSize(a.size)} · ${formatTime(a.createdAt)}`}
          />
        </List.Item>
      )}
    />
  );
}

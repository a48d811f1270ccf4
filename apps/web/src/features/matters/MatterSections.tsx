import { FileOutlined } from '@ant-design/icons';
import type { AttachmentView, MatterDetail, MatterListItem } from '@duban/shared';
import { Empty, Image, List, Space, Table, Tag, Timeline, Typography } from 'antd';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ColourBadge } from '../../components/ColourBadge';
import { formatDate, formatTime } from '../../components/format';
import { Deadline, formatSize, ProgressBar, StatusTag, UnitStatusTag } from './bits';
import { labelOf } from '../../i18n/enumLabels';

type Detail = MatterDetail;
const REQUEST_TAGS: Record<string, { color: string; label: string }> = {
  pending: { color: 'gold', label: 'matters.sec.pending' },
  approved: { color: 'success', label: 'matters.sec.approved' },
  rejected: { color: 'error', label: 'matters.sec.rejected' },
  accepted: { color: 'success', label: 'matters.sec.accepted' },
  returned: { color: 'error', label: 'matters.sec.returned' },
  superseded: { color: 'default', label: 'matters.sec.superseded' },
};
function RequestTag({ status }: { status: string }) {
  const { t } = useTranslation();
  const tag = REQUEST_TAGS[status];
  return <Tag color={tag?.color}>{tag ? t(tag.label) : status}</Tag>;
}

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
  const { t } = useTranslation();
  return (
    <Table
      rowKey="unitId"
      size="small"
      pagination={false}
      dataSource={matter.units}
      scroll={{ x: 760 }}
      data-testid="matter-units"
      columns={[
        { title: t('matters.sec.unit'), width: 220, render: (_, u) => <Space>{u.unitName}{u.unitId === matter.viewerUnitId && <Tag color="red">{t('matters.sec.ownUnit')}</Tag>}</Space> },
        { title: t('matters.sec.role'), width: 90, render: (_, u) => <Tag color={u.role === 'lead' ? 'volcano' : 'default'}>{labelOf('unitRole', u.role)}</Tag> },
        { title: t('matters.sec.status'), width: 110, render: (_, u) => <UnitStatusTag status={u.status} /> },
        { title: t('matters.sec.progress'), width: 160, render: (_, u) => <ProgressBar value={u.progress} /> },
        { title: t('matters.sec.handlers'), render: (_, u) => (u.handlers.length ? u.handlers.map((h) => h.name).join(t('common.listSep')) : <Typography.Text type="secondary">{t('matters.sec.noHandlers')}</Typography.Text>) },
        { title: t('matters.sec.signedAt'), width: 140, render: (_, u) => formatTime(u.signedAt) },
        { title: t('matters.sec.lastReport'), width: 140, render: (_, u) => formatTime(u.lastReportAt) },
      ]}
    />
  );
}

export function ReportList({ reports }: { reports: Detail['reports'] }) {
  const { t } = useTranslation();
  if (!reports.length) return <Empty description={t('matters.sec.noReports')} />;
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
                {r.disputed && <Tag color="red">{t('matters.sec.disputed')}</Tag>}
                {r.investmentDone !== null && <Tag>{t('matters.sec.investmentDone', { n: r.investmentDone })}</Tag>}
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
  const { t } = useTranslation();
  if (!matter.milestones.length) return <Empty description={t('matters.sec.noMilestones')} />;
  return (
    <Table
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={matter.milestones}
      columns={[
        { title: t('matters.sec.milestoneDate'), dataIndex: 'date', width: 120, render: formatDate },
        { title: t('matters.sec.plannedProgress'), dataIndex: 'plannedProgress', width: 100, render: (v: number) => `${v}%` },
        { title: t('matters.sec.description'), dataIndex: 'description' },
        { title: '', width: 100, render: (_, x) => (x.reached ? <Tag color="success">{t('matters.sec.reached')}</Tag> : x.date < new Date().toISOString().slice(0, 10) ? <Tag color="warning">{t('matters.sec.missed')}</Tag> : <Tag>{t('matters.sec.notDue')}</Tag>) },
      ]}
    />
  );
}

export function ExtensionList({ items }: { items: Detail['extensions'] }) {
  const { t } = useTranslation();
  return (
    <List
      header={<Typography.Text strong>{t('matters.sec.extensions')}</Typography.Text>}
      dataSource={items}
      locale={{ emptyText: t('matters.sec.noExtensions') }}
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
                <div>{t('matters.sec.reason', { reason: e.reason })}</div>
                {e.decidedAt && (
                  <div>
                    {t('matters.sec.decidedBy', { name: e.decidedBy })} · {formatTime(e.decidedAt)}
                    {e.decisionNote ? t('matters.sec.note', { note: e.decisionNote }) : ''}
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
  const { t } = useTranslation();
  return (
    <List
      header={<Typography.Text strong>{t('matters.sec.completions')}</Typography.Text>}
      dataSource={items}
      locale={{ emptyText: t('matters.sec.noCompletions') }}
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
                    {t('matters.sec.reviewedBy', { name: c.decidedBy })} · {formatTime(c.decidedAt)}
                    {c.decisionNote ? t('matters.sec.note', { note: c.decisionNote }) : ''}
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
  const { t } = useTranslation();
  if (!items.length) return <Empty description={t('matters.sec.noUrges')} />;
  return (
    <List
      dataSource={items}
      renderItem={(u) => (
        <List.Item>
          <List.Item.Meta title={u.message || t('matters.sec.urge')} description={`${u.urgedBy ?? t('matters.sec.system')} · ${formatTime(u.createdAt)}`} />
        </List.Item>
      )}
    />
  );
}

export function ChildrenTable({ items }: { items: MatterListItem[] }) {
  const { t } = useTranslation();
  return (
    <Table
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={items}
      columns={[
        { title: t('matters.sec.number'), dataIndex: 'number', width: 150 },
        { title: t('matters.sec.child'), render: (_, c) => <Link to={`/matters/${c.id}`}>{c.title}</Link> },
        { title: t('matters.sec.colour'), width: 90, render: (_, c) => <ColourBadge colour={c.colour} reasons={c.colourReasons} /> },
        { title: t('matters.sec.leadUnit'), dataIndex: 'leadUnitName', width: 160 },
        { title: t('matters.sec.leader'), dataIndex: 'leadLeaderName', width: 100 },
        { title: t('matters.sec.deadline'), width: 130, render: (_, c) => <Deadline deadline={c.deadline} originalDeadline={c.originalDeadline} provisional={c.deadlineProvisional} /> },
        { title: t('matters.sec.progress'), width: 150, render: (_, c) => <ProgressBar value={c.progress} /> },
        { title: t('matters.sec.status'), width: 90, render: (_, c) => <StatusTag status={c.status} /> },
      ]}
    />
  );
}

export function AttachmentList({ items }: { items: AttachmentView[] }) {
  const { t } = useTranslation();
  if (!items.length) return <Empty description={t('matters.sec.noAttachments')} />;
  return (
    <List
      dataSource={items}
      renderItem={(a) => (
        <List.Item actions={[<a key="d" href={a.url} download={a.fileName}>{t('common.download')}</a>]}>
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

import { FileWordOutlined, PlusOutlined } from '@ant-design/icons';
import { REPORT_KINDS, type ReportKind, type ReportView } from '@duban/shared';
import { App, Button, Card, DatePicker, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useMe } from '../../api/auth';
import { useCampaigns, useReportActions, useReports } from '../../api/reports';
import { formatTime } from '../../components/format';
import { enumOptions, labelOf } from '../../i18n/enumLabels';

/** The last full week (Monday–Sunday), the default range of a new issue. */
function lastWeek(): [Dayjs, Dayjs] {
  const monday = dayjs().subtract((dayjs().day() + 6) % 7, 'day').subtract(7, 'day');
  return [monday, monday.add(6, 'day')];
}

/** 督查周报 and 《督促检查情况》: the issues so far; the office generates new drafts here. */
export function ReportsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const { data: me } = useMe();
  const canManage = !!me?.permissions.includes('report.manage');
  const [kind, setKind] = useState<ReportKind | undefined>();
  const [range, setRange] = useState<[Dayjs, Dayjs]>(lastWeek);
  const [campaignId, setCampaignId] = useState<number | undefined>();
  const list = useReports(kind);
  const campaigns = useCampaigns();
  const { create } = useReportActions();

  const make = (body: Parameters<typeof create.mutate>[0]) =>
    create.mutate(body, {
      onSuccess: (r) => navigate(`/reports/${r.id}`),
      onError: (e) => void message.error(e.message),
    });

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="reports">
      {canManage && (
        <Card size="small">
          <Space wrap size={24}>
            <Space>
              <Typography.Text>{t('reports.range')}</Typography.Text>
              <DatePicker.RangePicker allowClear={false} value={range} onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])} />
              <Button type="primary" icon={<PlusOutlined />} loading={create.isPending} data-testid="generate-weekly" onClick={() => make({ kind: 'weekly', from: range[0].format('YYYY-MM-DD'), to: range[1].format('YYYY-MM-DD') })}>
                {t('reports.generate')}
              </Button>
            </Space>
            <Space>
              <Select
                style={{ width: 260 }}
                placeholder={t('reports.campaign')}
                value={campaignId}
                onChange={setCampaignId}
                options={(campaigns.data ?? []).map((c) => ({ value: c.id, label: `${c.name}（${c.inspections}）` }))}
              />
              <Button icon={<PlusOutlined />} disabled={!campaignId} onClick={() => campaignId && make({ kind: 'inspection', campaignId })}>
                {t('reports.generateInspection')}
              </Button>
            </Space>
          </Space>
        </Card>
      )}
      <Card
        size="small"
        title={t('reports.title')}
        extra={
          <Select
            allowClear
            style={{ width: 160 }}
            placeholder={t('reports.allKinds')}
            value={kind}
            onChange={setKind}
            options={enumOptions('reportKind', REPORT_KINDS)}
          />
        }
      >
        <Table<ReportView>
          rowKey="id"
          size="middle"
          loading={list.isLoading}
          dataSource={list.data?.items}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          columns={[
            { title: t('reports.issue'), width: 160, render: (_v, r) => t('reports.issueOf', { year: r.year, seq: r.seq }) },
            { title: t('reports.reportTitle'), dataIndex: 'title', render: (v: string, r) => <Link to={`/reports/${r.id}`}>{v}</Link> },
            { title: t('reports.kind'), dataIndex: 'kind', width: 130, render: (k: ReportKind) => labelOf('reportKind', k) },
            { title: t('reports.period'), width: 220, render: (_v, r) => `${r.from} ～ ${r.to}` },
            {
              title: t('common.status'),
              width: 150,
              render: (_v, r) => (
                <Space size={4}>
                  {r.status === 'published' ? <Tag color="green">{t('reports.published')}</Tag> : <Tag color="orange">{t('reports.draft')}</Tag>}
                  {r.auto && <Tag>{t('reports.auto')}</Tag>}
                </Space>
              ),
            },
            { title: t('reports.publishedAt'), dataIndex: 'publishedAt', width: 160, render: (v: string | null) => formatTime(v) },
            {
              title: t('common.download'),
              width: 100,
              render: (_v, r) => (
                <a href={`/api/reports/${r.id}/docx`} title={t('reports.docx')}>
                  <FileWordOutlined /> Word
                </a>
              ),
            },
          ]}
        />
      </Card>
    </Space>
  );
}

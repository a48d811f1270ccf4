import { ArrowLeftOutlined, FileExcelOutlined, FileWordOutlined, ReloadOutlined, SendOutlined } from '@ant-design/icons';
import { hasMeetingSection, type ReportDetail, type ReportSections } from '@duban/shared';
import { App, Button, Card, Col, Descriptions, Form, Input, Popconfirm, Row, Space, Spin, Statistic, Table, Tag, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useMe } from '../../api/auth';
import { useReport, useReportActions } from '../../api/reports';
import { formatTime } from '../../components/format';
import { labelOf } from '../../i18n/enumLabels';
import { ReportMeetings } from '../meetings/ReportMeetings';
import { ReportDocument } from './ReportDocument';
import { reportTagKey } from './reportTags';

type FormValues = { title: string } & ReportSections;
const SECTIONS: (keyof ReportSections)[] = ['summary', 'praise', 'criticism', 'nextSteps'];

/** One issue: its frozen figures, the sections the office writes, publishing and downloads. */
export function ReportEditorPage() {
  const { t } = useTranslation();
  const id = Number(useParams().id);
  const { data: report, isLoading } = useReport(id);
  const { data: me } = useMe();
  if (isLoading || !report) return <Spin />;
  // Only the office edits, and only drafts: everyone else reads the issue as a document.
  const editable = report.status === 'draft' && !!me?.permissions.includes('report.manage');
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="report-editor">
      <Link to="/reports">
        <ArrowLeftOutlined /> {t('reports.back')}
      </Link>
      <Header report={report} />
      <Row gutter={16}>
        <Col xs={24} xl={15}>
          {editable ? <Sections report={report} /> : <ReportDocument report={report} />}
        </Col>
        <Col xs={24} xl={9}>
          <Space direction="vertical" size={16} style={{ width: '100%' }}>
            <Figures report={report} />
            {hasMeetingSection(report.figures.meetings) && <ReportMeetings meetings={report.figures.meetings} />}
          </Space>
        </Col>
      </Row>
    </Space>
  );
}

function Header({ report }: { report: ReportDetail }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { data: me } = useMe();
  const { publish, refresh } = useReportActions();
  const draft = report.status === 'draft' && !!me?.permissions.includes('report.manage');
  return (
    <Card size="small">
      <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
        <Space wrap>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {labelOf('reportKind', report.kind)} {t('reports.issueOf', { year: report.year, seq: report.seq })}
          </Typography.Title>
          {report.status === 'published' ? <Tag color="green">{t('reports.published')} {formatTime(report.publishedAt)}</Tag> : <Tag color="orange">{t('reports.draft')}</Tag>}
          <Typography.Text type="secondary">
            {report.from} ～ {report.to}
          </Typography.Text>
        </Space>
        <Space wrap>
          {draft && (
            <Button icon={<ReloadOutlined />} loading={refresh.isPending} onClick={() => refresh.mutate({ id: report.id, version: report.version }, { onError: (e) => void message.error(e.message) })}>
              {t('reports.refresh')}
            </Button>
          )}
          <Button icon={<FileWordOutlined />} href={`/api/reports/${report.id}/docx`}>
            {t('reports.docx')}
          </Button>
          <Button icon={<FileExcelOutlined />} href={`/api/reports/${report.id}/xlsx`}>
            {t('reports.xlsx')}
          </Button>
          {draft && (
            <Popconfirm
              title={t('reports.publishConfirm')}
              onConfirm={() =>
                publish.mutate({ id: report.id, version: report.version }, { onSuccess: () => void message.success(t('reports.publishedOk')), onError: (e) => void message.error(e.message) })
              }
            >
              <Button type="primary" icon={<SendOutlined />} loading={publish.isPending} data-testid="publish">
                {t('reports.publish')}
              </Button>
            </Popconfirm>
          )}
        </Space>
      </Space>
    </Card>
  );
}

function Sections({ report }: { report: ReportDetail }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { save } = useReportActions();
  const [form] = Form.useForm<FormValues>();
  useEffect(() => form.setFieldsValue({ title: report.title, ...report.sections }), [form, report]);
  return (
    <Card size="small" title={t('reports.reportTitle')}>
      <Form<FormValues>
        form={form}
        layout="vertical"
        onFinish={(v) =>
          save.mutate(
            { id: report.id, title: v.title, sections: { summary: v.summary, praise: v.praise, criticism: v.criticism, nextSteps: v.nextSteps }, version: report.version },
            { onSuccess: () => void message.success(t('common.saved')), onError: (e) => void message.error(e.message) },
          )
        }
      >
        <Form.Item name="title" rules={[{ required: true, message: t('reports.titleRequired') }]}>
          <Input size="large" />
        </Form.Item>
        {SECTIONS.map((s) => (
          <Form.Item key={s} name={s} label={t(`reports.${s}`)}>
            <Input.TextArea autoSize={{ minRows: s === 'summary' ? 4 : 3, maxRows: 14 }} data-testid={`section-${s}`} />
          </Form.Item>
        ))}
        <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="save-report">
          {t('common.save')}
        </Button>
      </Form>
    </Card>
  );
}

function Figures({ report }: { report: ReportDetail }) {
  const { t } = useTranslation();
  const tagLabel = (tag: string) => {
    const key = reportTagKey(tag);
    return key ? t(key) : tag;
  };
  const f = report.figures;
  const i = f.inspections;
  return (
    <Card size="small" title={t('reports.figures')} extra={t('reports.cited', { n: f.mattersTotal ?? f.matters.length })}>
      {i ? (
        <Descriptions size="small" column={2} bordered>
          <Descriptions.Item label={t('reports.campaign')} span={2}>
            {i.campaignName}
          </Descriptions.Item>
          <Descriptions.Item label={t('reports.inspections')}>{i.total}</Descriptions.Item>
          <Descriptions.Item label={t('matters.inspection.unannounced')}>{i.unannounced}</Descriptions.Item>
          <Descriptions.Item label={t('reports.confirms')}>{i.confirms}</Descriptions.Item>
          <Descriptions.Item label={t('reports.disputes')}>{i.disputes}</Descriptions.Item>
          <Descriptions.Item label={t('reports.problems')}>{i.problem}</Descriptions.Item>
        </Descriptions>
      ) : (
        <Row gutter={[8, 16]}>
          <Col span={8}>
            <Statistic title={t('reports.newCount')} value={f.newCount} />
          </Col>
          <Col span={8}>
            <Statistic title={t('reports.closedCount')} value={f.closedCount} />
          </Col>
          <Col span={8}>
            <Statistic title={t('reports.yearRate')} value={f.yearCompletionRate} suffix="%" precision={1} />
          </Col>
          <Col span={8}>
            <Statistic title={t('reports.warnedByColour')} value={`${f.warnings.yellow}/${f.warnings.blue}/${f.warnings.red}`} />
          </Col>
          {f.warningsAtEnd && (
            <Col span={8}>
              <Statistic title={t('reports.inWarningByColour')} value={`${f.warningsAtEnd.yellow}/${f.warningsAtEnd.blue}/${f.warningsAtEnd.red}`} data-testid="in-warning" />
            </Col>
          )}
          <Col span={8}>
            <Statistic title={t('reports.overdueCount')} value={f.overdueCount} valueStyle={{ color: '#cf1322' }} />
          </Col>
        </Row>
      )}
      <Table
        style={{ marginTop: 16 }}
        size="small"
        rowKey="id"
        dataSource={f.matters}
        pagination={{ pageSize: 8, size: 'small', hideOnSinglePage: true }}
        columns={[
          { title: t('reports.matter'), dataIndex: 'title', ellipsis: true, render: (v: string, m) => <a href={`/matters/${m.id}`}>{v}</a> },
          { title: t('reports.leadUnit'), dataIndex: 'unitName', width: 120, ellipsis: true },
          { title: t('reports.tags'), dataIndex: 'tags', width: 110, render: (tags: string[]) => tags.map((x) => <Tag key={x}>{tagLabel(x)}</Tag>) },
        ]}
      />
    </Card>
  );
}

import type { ReportMeetings as Figures } from '@duban/shared';
import { Card, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import './i18n';

/** The 督查周报's 会议议定事项 figures beside the issue: the period's meetings and the decisions it cites. */
export function ReportMeetings({ meetings: m }: { meetings: Figures }) {
  const { t } = useTranslation();
  return (
    <Card size="small" title={t('meetings.reportCard')} data-testid="report-meetings">
      <Typography.Paragraph>{t('meetings.reportSummary', m)}</Typography.Paragraph>
      <Table
        size="small"
        rowKey={(d) => `${d.meetingTitle}:${d.content}`}
        dataSource={m.decisions}
        pagination={{ pageSize: 6, size: 'small', hideOnSinglePage: true }}
        columns={[
          { title: t('meetings.content'), dataIndex: 'content', ellipsis: true },
          { title: t('meetings.unit'), dataIndex: 'unitName', width: 110, ellipsis: true },
          { title: t('meetings.deadline'), dataIndex: 'deadline', width: 96 },
          { title: t('meetings.state'), dataIndex: 'tags', width: 110, render: (tags: string[]) => tags.map((x) => <Tag key={x} color={x === '逾期未落实' ? 'red' : undefined}>{t(`meetings.tags.${x}`, { defaultValue: x })}</Tag>) },
        ]}
      />
    </Card>
  );
}

import { Badge, Card, Empty, List, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ColourBadge } from '../../components/ColourBadge';
import { useDecisions } from './api';
import './i18n';

/** 工作台: the open meeting decisions of the viewer's unit (the office: every unit's), nearest deadline first. */
export function MyDecisionsWidget() {
  const { t } = useTranslation();
  const { data, isLoading } = useDecisions({ status: 'open', page: 1, pageSize: 5 });
  const items = data?.items ?? [];
  return (
    <Card
      title={
        <Space>
          {t('meetings.widget')}
          <Badge count={data?.total ?? 0} size="small" color={(data?.total ?? 0) > 0 ? '#c0392b' : '#d9d9d9'} showZero />
        </Space>
      }
      extra={<Link to="/meeting-decisions">{t('meetings.viewAll')}</Link>}
      loading={isLoading}
      data-testid="decisions-widget"
    >
      {items.length ? (
        <List
          size="small"
          dataSource={items}
          renderItem={(d) => (
            <List.Item extra={<ColourBadge colour={d.colour} reasons={[{ text: d.note }]} />}>
              <List.Item.Meta
                title={<Link to={`/meetings/${d.meetingId}`}>{d.content}</Link>}
                description={
                  <Typography.Text type="secondary">
                    {d.unitName} · {t('meetings.deadline')} {d.deadline} · {d.meetingTitle}
                  </Typography.Text>
                }
              />
            </List.Item>
          )}
        />
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('meetings.widgetEmpty')} />
      )}
    </Card>
  );
}

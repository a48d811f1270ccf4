import type { WorkbenchItem, WorkbenchSectionKey } from '@duban/shared';
import { Badge, Card, Empty, List, Space, Tabs, Typography } from 'antd';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useWorkbench } from '../../api/matters';
import { ColourBadge } from '../../components/ColourBadge';
import { formatDate } from '../../components/format';
import { StatusTag } from '../matters/bits';
import { workbenchSectionHref } from '../matters/ledgerParams';
import { labelOf } from '../../i18n/enumLabels';
import { landingSection } from './landing';

// Where each kind of work is done: reports on the phone-sized report page, the rest on the matter page.
const LINK: Partial<Record<WorkbenchSectionKey, (i: WorkbenchItem) => string>> = { to_report: (i) => `/matters/${i.matterId}/report` };
// Sections that stay visible even when empty, so people see that nothing is waiting.
const ALWAYS: WorkbenchSectionKey[] = ['to_sign', 'to_report'];

/** 待我处理: what waits for the viewer, one tab per kind of work, with counts (GET /api/workbench). */
export function MattersTodoWidget() {
  const { t } = useTranslation();
  const { data, isLoading, error } = useWorkbench();
  const sections = (data?.sections ?? []).filter((s) => s.count > 0 || ALWAYS.includes(s.key));
  return (
    <Card title={t('matters.todo.title')} extra={<Link to="/matters">{t('matters.ledger.title')}</Link>} loading={isLoading} data-testid="matters-todo">
      {error ? (
        <Typography.Text type="secondary">{error.message}</Typography.Text>
      ) : sections.length === 0 ? (
        <Empty description={t('matters.todo.empty')} />
      ) : (
        <Tabs
          size="small"
          defaultActiveKey={landingSection(sections)}
          items={sections.map((s) => ({
            key: s.key,
            label: (
              <span data-testid={`todo-${s.key}`}>
                {labelOf('workbenchSection', s.key)} <Badge count={s.count} size="small" showZero color={s.count ? '#c0392b' : '#d9d9d9'} overflowCount={999} />
              </span>
            ),
            children: s.items.length ? (
              <List
                size="small"
                dataSource={s.items}
                footer={
                  <Space size={12} wrap>
                    {s.count > s.items.length && <Typography.Text type="secondary">{t('matters.todo.more', { count: s.count, shown: s.items.length })}</Typography.Text>}
                    <Link to={workbenchSectionHref(s.key)} data-testid={`todo-all-${s.key}`}>
                      {t('matters.todo.viewAll')}
                    </Link>
                  </Space>
                }
                renderItem={(i) => (
                  <List.Item extra={<ColourBadge colour={i.colour} />}>
                    <List.Item.Meta
                      title={<Link to={(LINK[s.key] ?? ((x: WorkbenchItem) => `/matters/${x.matterId}`))(i)}>{i.title}</Link>}
                      description={
                        <span>
                          <StatusTag status={i.status} />
                          {i.number} · {t('matters.todo.deadline', { date: formatDate(i.deadline) })}
                          {i.note ? ` · ${i.note}` : ''}
                        </span>
                      }
                    />
                  </List.Item>
                )}
              />
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('matters.todo.none')} />
            ),
          }))}
        />
      )}
    </Card>
  );
}

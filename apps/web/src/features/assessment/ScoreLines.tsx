import type { ScoreLineView } from '@duban/shared';
import { Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Attachments } from '../matters/MatterSections';

/** Pages read from the server (the archive): the lines shown are one page of `total`. */
export type ServerPaging = { total: number; offset: number; limit: number; onChange: (offset: number, limit: number) => void };

/** Score lines: every point with its matter, rule, arithmetic and clause; an exempted line is struck through with the decision. */
export function ScoreLines({
  lines,
  loading,
  selectable,
  selected,
  onSelect,
  paging,
}: {
  lines: ScoreLineView[] | undefined;
  loading?: boolean;
  selectable?: boolean;
  selected?: string[];
  onSelect?: (keys: string[]) => void;
  paging?: ServerPaging;
}) {
  const { t } = useTranslation();
  return (
    <Table<ScoreLineView>
      rowKey="key"
      size="small"
      loading={loading}
      dataSource={lines}
      pagination={
        paging
          ? { current: Math.floor(paging.offset / paging.limit) + 1, pageSize: paging.limit, total: paging.total, hideOnSinglePage: true, showSizeChanger: false, onChange: (page, size) => paging.onChange((page - 1) * size, size) }
          : { pageSize: 50, hideOnSinglePage: true }
      }
      data-testid="score-lines"
      rowSelection={
        selectable
          ? { selectedRowKeys: selected, preserveSelectedRowKeys: true, onChange: (keys) => onSelect?.(keys.map(String)), getCheckboxProps: (l) => ({ disabled: l.points >= 0 || l.exempt || (l.tolerance !== null && l.tolerance.status !== 'rejected') }) }
          : undefined
      }
      columns={[
        { title: t('assessment.date'), dataIndex: 'on', width: 110 },
        { title: t('assessment.matter'), width: 200, render: (_v, l) => (l.matter ? <Link to={`/matters/${l.matter.id}`}>{l.matter.number}</Link> : '—') },
        { title: t('assessment.rule'), dataIndex: 'rule', width: 100, render: (r: string) => t(`assessment.rules.${r}`, { defaultValue: r }) },
        {
          title: t('assessment.points'),
          dataIndex: 'points',
          width: 80,
          align: 'right',
          render: (p: number, l) => (
            <Typography.Text delete={l.exempt} type={p < 0 ? 'danger' : 'success'}>
              {p > 0 ? `+${p}` : p}
            </Typography.Text>
          ),
        },
        {
          title: t('assessment.explanation'),
          render: (_v, l) => (
            <>
              <Typography.Text delete={l.exempt}>{l.text}</Typography.Text>
              {l.evidence && (
                <div data-testid="line-evidence">
                  <Typography.Text type="secondary">{t('assessment.items.evidence', { doc: l.evidence.docNumber, date: l.evidence.docDate, title: l.evidence.title })}</Typography.Text>
                  <Attachments items={l.evidence.attachments} />
                </div>
              )}
              {l.tolerance && (
                <div>
                  <Tag color={l.tolerance.status === 'approved' ? 'green' : l.tolerance.status === 'rejected' ? 'default' : 'orange'}>{t(`assessment.toleranceStatus.${l.tolerance.status}`)}</Tag>
                  {l.tolerance.reason && <Typography.Text type="secondary">{l.tolerance.reason}</Typography.Text>}
                </div>
              )}
            </>
          ),
        },
      ]}
    />
  );
}

import { DownloadOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import type { MatterListItem } from '@duban/shared';
import { Alert, Button, Card, Space, Table, Tag, Typography } from 'antd';
import type { SorterResult } from 'antd/es/table/interface';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useMe } from '../../api/auth';
import { ledgerQuery, useLedger, useRefreshMatters } from '../../api/matters';
import { ColourBadge } from '../../components/ColourBadge';
import { ImportModal } from '../org/ImportModal';
import { Deadline, PriorityTag, ProgressBar, StatusTag } from './bits';
import { LedgerFilterBar } from './LedgerFilterBar';
import { ledgerSearch, PAGE_SIZES, parseLedgerParams, withDefaultSort, type LedgerState } from './ledgerParams';
import { MatterFormDrawer } from './MatterFormDrawer';
import { labelOf } from '../../i18n/enumLabels';

const SORT_COLUMNS: Record<string, string> = { number: 'number', deadline: 'deadline', progress: 'progress', colour: 'colour' };

/** 督办台账: every matter the viewer may see, filtered through the URL, sortable, exportable. */
export function LedgerPage() {
  const { t } = useTranslation();
  const [sp, setSp] = useSearchParams();
  const navigate = useNavigate();
  const { data: me } = useMe();
  const state = parseLedgerParams(sp);
  const { filters, page, pageSize } = state;
  const queryFilters = withDefaultSort(filters);
  const list = useLedger(queryFilters, { page, pageSize });
  const refresh = useRefreshMatters();
  const [formOpen, setFormOpen] = useState(false);
  const [importOpen, setImportOpen] = useState(false);
  const canCreate = !!me?.permissions.includes('matter.create');

  const update = (next: Partial<LedgerState>) => setSp(ledgerSearch({ ...state, ...next }), { replace: false });
  const sortOrder = (col: string) => (filters.sort === col ? (filters.order === 'desc' ? 'descend' : 'ascend') : null);

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title={t('matters.ledger.title')}
        extra={
          <Space wrap>
            <Button icon={<DownloadOutlined />} href={`/api/matters/export.xlsx${ledgerQuery(queryFilters)}`} data-testid="ledger-export">
              {t('matters.ledger.export')}
            </Button>
            {canCreate && (
              <Button icon={<UploadOutlined />} onClick={() => setImportOpen(true)}>
                {t('matters.ledger.import')}
              </Button>
            )}
            {canCreate && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setFormOpen(true)} data-testid="register-matter">
                {t('matters.ledger.register')}
              </Button>
            )}
          </Space>
        }
      >
        <LedgerFilterBar filters={filters} onChange={(f) => update({ filters: f, page: 1 })} />
      </Card>
      {list.error && <Alert type="error" showIcon title={list.error.message} />}
      <Card styles={{ body: { padding: 0 } }}>
        <Table<MatterListItem>
          rowKey="id"
          size="middle"
          loading={list.isFetching}
          dataSource={list.data?.items ?? []}
          scroll={{ x: 1150 }}
          data-testid="ledger-table"
          onChange={(pagination, _f, sorter) => {
            const s = (Array.isArray(sorter) ? sorter[0] : sorter) as SorterResult<MatterListItem> | undefined;
            const col = s?.order ? SORT_COLUMNS[String(s.columnKey)] : undefined;
            update({
              filters: { ...filters, sort: col, order: col ? (s?.order === 'descend' ? 'desc' : 'asc') : undefined },
              page: col !== filters.sort ? 1 : (pagination.current ?? 1),
              pageSize: pagination.pageSize ?? pageSize,
            });
          }}
          pagination={{
            current: page,
            pageSize,
            total: list.data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: PAGE_SIZES,
            showTotal: (n) => <span data-testid="ledger-total">{t('matters.ledger.total', { n })}</span>,
          }}
          onRow={(r) => ({ onDoubleClick: () => navigate(`/matters/${r.id}`) })}
          columns={[
            { key: 'number', title: t('matters.ledger.number'), dataIndex: 'number', width: 170, fixed: 'left', sorter: true, sortOrder: sortOrder('number'), render: (v: string) => <span style={{ whiteSpace: 'nowrap' }}>{v}</span> },
            {
              key: 'title',
              title: t('matters.ledger.matter'),
              render: (_, r) => (
                <div>
                  <Link to={`/matters/${r.id}`} style={{ fontWeight: 500 }}>
                    {r.title}
                  </Link>
                  <PriorityTag priority={r.priority} />
                  <div>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {labelOf('source', r.source)}
                      {r.categoryName ? ` · ${r.categoryName}` : ''}
                      {r.childCount ? ` · ${t('matters.ledger.children', { n: r.childCount })}` : ''}
                    </Typography.Text>
                  </div>
                </div>
              ),
            },
            {
              key: 'colour',
              title: t('matters.ledger.colour'),
              width: 130,
              sorter: true,
              sortOrder: sortOrder('colour'),
              render: (_, r) => (
                <div>
                  <ColourBadge colour={r.colour} reasons={r.colourReasons} />
                  {r.colourReasons[0] && (
                    <div>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis={{ tooltip: r.colourReasons.map((x) => x.text).join('；') }}>
                        {r.colourReasons[0].text}
                      </Typography.Text>
                    </div>
                  )}
                </div>
              ),
            },
            {
              key: 'units',
              title: t('matters.ledger.units'),
              width: 190,
              render: (_, r) => (
                <div>
                  <div>{r.leadUnitName}</div>
                  {r.coUnitNames.length > 0 && (
                    <Typography.Text type="secondary" style={{ fontSize: 12, maxWidth: 180 }} ellipsis={{ tooltip: r.coUnitNames.join(t('common.listSep')) }}>
                      {t('matters.ledger.coUnits', { names: r.coUnitNames.join(t('common.listSep')) })}
                    </Typography.Text>
                  )}
                </div>
              ),
            },
            { key: 'leader', title: t('matters.ledger.leader'), dataIndex: 'leadLeaderName', width: 90, render: (v: string | null) => v ?? '—' },
            {
              key: 'deadline',
              title: t('matters.ledger.deadline'),
              width: 130,
              sorter: true,
              sortOrder: sortOrder('deadline'),
              render: (_, r) => <Deadline deadline={r.deadline} originalDeadline={r.originalDeadline} provisional={r.deadlineProvisional} stacked />,
            },
            { key: 'progress', title: t('matters.ledger.progress'), width: 120, sorter: true, sortOrder: sortOrder('progress'), render: (_, r) => <ProgressBar value={r.progress} /> },
            { key: 'status', title: t('matters.ledger.status'), width: 90, render: (_, r) => <StatusTag status={r.status} /> },
          ]}
        />
      </Card>
      {filters.q && list.data?.total === 0 && (
        <Typography.Text type="secondary">
          {t('matters.ledger.notFoundBefore')}<Tag>{filters.q}</Tag>{t('matters.ledger.notFoundAfter')}
        </Typography.Text>
      )}
      <MatterFormDrawer open={formOpen} onClose={() => setFormOpen(false)} onSaved={(m) => navigate(`/matters/${m.id}`)} />
      <ImportModal<{ created: number; numbers: string[] }>
        open={importOpen}
        title={t('matters.ledger.importTitle')}
        templateUrl="/api/matters/import-template.xlsx"
        uploadUrl="/api/matters/import"
        onClose={() => setImportOpen(false)}
        onDone={() => {
          setImportOpen(false);
          void refresh();
        }}
        describe={(r) => t('matters.ledger.imported', { n: r.created }) + (r.numbers.length ? t('matters.ledger.importedFrom', { first: r.numbers[0] }) : '')}
      />
    </Space>
  );
}

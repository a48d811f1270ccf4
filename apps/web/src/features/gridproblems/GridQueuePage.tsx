import { GRID_STATUSES, HOLD_LEVELS, type QueueItemView } from '@duban/shared';
import { Button, Card, Input, Select, Space, Table, Tag, TreeSelect, Typography } from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useGridCells } from '../../api/gridCells';
import { enumOptions, labelOf } from '../../i18n/enumLabels';
import { UnitSelect } from '../matters/pickers';
import { useGridCategories, useProblemQueue } from './api';
import { queueQueryOf } from './queueQuery';
import { ClockTag, StatusTag, UrgencyTag } from './bits';
import './i18n';

/**
 * 问题队列: problems by level and department (within the viewer's grid scope), with the time left on each in working
 * hours coloured like matters, filters as the API takes them, and paging.
 */
export function GridQueuePage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const query = queueQueryOf(params);
  const { data, isFetching } = useProblemQueue(query);
  const { data: categories = [] } = useGridCategories();
  const [cellSearch, setCellSearch] = useState('');
  const { data: cells = [] } = useGridCells(null, cellSearch || undefined);
  const categoryTree = useMemo(() => {
    const majors = categories.filter((c) => c.parentId === null);
    return majors.map((m) => ({ value: m.id, title: m.name, children: categories.filter((c) => c.parentId === m.id).map((c) => ({ value: c.id, title: c.name })) }));
  }, [categories]);

  const set = (patch: Record<string, string | number | undefined | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined || v === null || v === '') next.delete(k);
      else next.set(k, String(v));
    }
    if (!('page' in patch)) next.delete('page');
    setParams(next, { replace: true });
  };

  return (
    <Card title={t('gridProblems.queue.title')} data-testid="grid-queue">
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search allowClear placeholder={t('gridProblems.queue.search')} defaultValue={query.q} onSearch={(v) => set({ q: v })} style={{ width: 220 }} />
        <Select allowClear placeholder={t('gridProblems.queue.allLevels')} value={query.level} onChange={(v) => set({ level: v })} options={enumOptions('gridHoldLevel', HOLD_LEVELS)} style={{ width: 120 }} data-testid="grid-queue-level" />
        <Select allowClear placeholder={t('gridProblems.queue.allStatuses')} value={query.status} onChange={(v) => set({ status: v })} options={enumOptions('gridProblemStatus', GRID_STATUSES)} style={{ width: 130 }} />
        <Select
          value={params.get('open') ?? 'true'}
          onChange={(v) => set({ open: v === 'true' ? undefined : v })}
          options={[
            { value: 'true', label: t('gridProblems.queue.openOnly') },
            { value: 'false', label: t('gridProblems.queue.closedOnly') },
            { value: 'any', label: t('gridProblems.queue.anyOpen') },
          ]}
          style={{ width: 120 }}
        />
        <Select
          allowClear
          placeholder={t('gridProblems.queue.mine')}
          value={query.mine}
          onChange={(v) => set({ mine: v })}
          style={{ width: 130 }}
          options={[
            { value: 'reported', label: t('gridProblems.queue.mineReported') },
            { value: 'handling', label: t('gridProblems.queue.mineHandling') },
            { value: 'verify', label: t('gridProblems.queue.mineVerify') },
            { value: 'level', label: t('gridProblems.queue.mineLevel') },
          ]}
        />
        <UnitSelect allowClear placeholder={t('gridProblems.queue.unitFilter')} value={query.unitId ?? null} onChange={(v) => set({ unitId: v })} style={{ width: 200 }} />
        <Select
          allowClear
          showSearch
          filterOption={false}
          onSearch={setCellSearch}
          placeholder={t('gridProblems.queue.cellFilter')}
          value={query.cellId}
          onChange={(v) => set({ cellId: v })}
          options={cells.map((c) => ({ value: c.id, label: c.name }))}
          style={{ width: 180 }}
        />
        <TreeSelect allowClear showSearch treeNodeFilterProp="title" placeholder={t('gridProblems.queue.categoryFilter')} value={query.categoryId} onChange={(v) => set({ categoryId: v })} treeData={categoryTree} style={{ width: 180 }} />
        <Button onClick={() => setParams({}, { replace: true })}>{t('gridProblems.queue.reset')}</Button>
      </Space>
      <Table<QueueItemView>
        rowKey="id"
        size="middle"
        loading={isFetching}
        dataSource={data?.items ?? []}
        scroll={{ x: 1420 }}
        data-testid="grid-queue-table"
        pagination={{
          current: query.page ?? 1,
          pageSize: query.pageSize ?? 20,
          total: data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (n) => t('gridProblems.queue.total', { n }),
          onChange: (page, pageSize) => set({ page, pageSize }),
        }}
        columns={[
          { title: t('gridProblems.queue.ticket'), dataIndex: 'ticket', width: 170, render: (v: string, p) => <Link to={`/grid/problems/${p.id}`}>{v}</Link> },
          {
            title: t('gridProblems.queue.problem'),
            dataIndex: 'title',
            width: 260,
            ellipsis: true,
            render: (v: string, p) => (
              <Space size={4}>
                <Link to={`/grid/problems/${p.id}`}>{v}</Link>
                {p.matterId !== null && <Tag color="red">{t('gridProblems.queue.supervised')}</Tag>}
              </Space>
            ),
          },
          { title: t('gridProblems.queue.category'), dataIndex: 'categoryName', width: 120, ellipsis: true },
          {
            title: t('gridProblems.queue.cell'),
            dataIndex: 'cellName',
            width: 170,
            // The street and community under the name, so two cells of one name are told apart.
            render: (v: string | null, r) =>
              v ? (
                <span title={r.cellParent ? `${r.cellParent} › ${v}` : v}>
                  {v}
                  {r.cellParent ? (
                    <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }} data-testid="grid-queue-cell-parent">
                      {r.cellParent}
                    </Typography.Text>
                  ) : null}
                </span>
              ) : (
                '—'
              ),
          },
          {
            title: t('gridProblems.queue.level'),
            dataIndex: 'holdLevel',
            width: 140,
            render: (v: string, p) => (
              <span>
                {labelOf('gridHoldLevel', v)}
                {p.holdName ? <Typography.Text type="secondary"> · {p.holdName}</Typography.Text> : null}
              </span>
            ),
          },
          { title: t('gridProblems.queue.status'), dataIndex: 'status', width: 96, render: (v: string) => <StatusTag status={v} /> },
          { title: t('gridProblems.queue.urgency'), dataIndex: 'urgency', width: 80, render: (v: QueueItemView['urgency']) => <UrgencyTag urgency={v} /> },
          { title: t('gridProblems.queue.timeLeft'), dataIndex: 'minutesLeft', width: 150, render: (_: unknown, p) => <ClockTag minutesLeft={p.minutesLeft} colour={p.colour} deadline={p.stageDeadline} /> },
          { title: t('gridProblems.queue.unit'), dataIndex: 'unitName', width: 140, ellipsis: true, render: (v: string | null) => v ?? '—' },
          { title: t('gridProblems.queue.reportedAt'), dataIndex: 'reportedAt', width: 110, render: (v: string) => dayjs(v).format('MM-DD HH:mm') },
        ]}
      />
    </Card>
  );
}

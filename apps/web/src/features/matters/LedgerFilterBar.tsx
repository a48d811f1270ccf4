import { COLOUR_LABELS, COLOUR_ORDER, MATTER_SOURCE_LABELS, MATTER_SOURCES, MATTER_STATUS_LABELS, MATTER_STATUSES, PRIORITIES, PRIORITY_LABELS } from '@duban/shared';
import { Button, Col, DatePicker, Input, Row, Select, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import type { LedgerFilters } from '../../api/matters';
import { useUnits } from '../../api/org';
import { linkedFilterLabels } from './ledgerParams';
import { CategorySelect, PersonSelect, UnitSelect } from './pickers';

const STATUS_OPTIONS = MATTER_STATUSES.map((s) => ({ value: s, label: MATTER_STATUS_LABELS[s] }));
const COLOUR_OPTIONS = [...COLOUR_ORDER.map((c) => ({ value: c, label: `${COLOUR_LABELS[c].label} · ${COLOUR_LABELS[c].meaning}` })), { value: 'none', label: '无预警' }];
const SOURCE_OPTIONS = MATTER_SOURCES.map((s) => ({ value: s, label: MATTER_SOURCE_LABELS[s] }));
const PRIORITY_OPTIONS = PRIORITIES.map((p) => ({ value: p, label: PRIORITY_LABELS[p] }));

/** The ledger's filters; each change goes to the URL (and so to the API and the export). */
export function LedgerFilterBar({ filters, onChange }: { filters: LedgerFilters; onChange: (f: LedgerFilters) => void }) {
  const { data: units = [] } = useUnits();
  const [q, setQ] = useState(filters.q ?? '');
  const linked = linkedFilterLabels(filters);
  const unitName = units.find((u) => u.id === filters.leadUnitId)?.name;
  useEffect(() => setQ(filters.q ?? ''), [filters.q]);
  const set = (patch: Partial<LedgerFilters>) => onChange({ ...filters, ...patch });
  const span = { xs: 24, sm: 12, md: 8, xl: 4 };
  return (
    <>
      <Row gutter={[12, 12]} data-testid="ledger-filters">
        <Col {...span}>
          <Input.Search placeholder="编号、标题、内容" allowClear value={q} onChange={(e) => setQ(e.target.value)} onSearch={(v) => set({ q: v.trim() || undefined })} aria-label="搜索" />
        </Col>
        <Col {...span}>
          <Select mode="multiple" allowClear maxTagCount="responsive" placeholder="状态" options={STATUS_OPTIONS} value={filters.status ?? []} onChange={(v) => set({ status: v.length ? v : undefined })} style={{ width: '100%' }} aria-label="状态" />
        </Col>
        <Col {...span}>
          <Select mode="multiple" allowClear maxTagCount="responsive" placeholder="预警颜色" options={COLOUR_OPTIONS} value={filters.colour ?? []} onChange={(v) => set({ colour: v.length ? v : undefined })} style={{ width: '100%' }} aria-label="预警颜色" />
        </Col>
        <Col {...span}>
          <UnitSelect allowClear placeholder="责任单位（牵头或配合）" value={filters.unitId} onChange={(v) => set({ unitId: v })} style={{ width: '100%' }} />
        </Col>
        <Col {...span}>
          <PersonSelect allowClear placeholder="牵头领导" value={filters.leaderId} onChange={(v: number | undefined) => set({ leaderId: v })} style={{ width: '100%' }} leadersFirst />
        </Col>
        <Col {...span}>
          <Select mode="multiple" allowClear maxTagCount="responsive" placeholder="来源" options={SOURCE_OPTIONS} value={filters.source ?? []} onChange={(v) => set({ source: v.length ? v : undefined })} style={{ width: '100%' }} aria-label="来源" />
        </Col>
        <Col {...span}>
          <CategorySelect allowClear placeholder="类别" value={filters.categoryId} onChange={(v) => set({ categoryId: v })} style={{ width: '100%' }} />
        </Col>
        <Col xs={24} sm={12} md={8} xl={8}>
          <DatePicker.RangePicker
            style={{ width: '100%' }}
            placeholder={['时限从', '时限至']}
            value={[filters.deadlineFrom ? dayjs(filters.deadlineFrom) : null, filters.deadlineTo ? dayjs(filters.deadlineTo) : null]}
            allowEmpty={[true, true]}
            onChange={(r) => set({ deadlineFrom: r?.[0]?.format('YYYY-MM-DD'), deadlineTo: r?.[1]?.format('YYYY-MM-DD') })}
          />
        </Col>
        <Col {...span}>
          <Select mode="multiple" allowClear placeholder="优先级" options={PRIORITY_OPTIONS} value={filters.priority ?? []} onChange={(v) => set({ priority: v.length ? v : undefined })} style={{ width: '100%' }} aria-label="优先级" />
        </Col>
        <Col {...span}>
          <Select
            allowClear
            placeholder="是否逾期"
            options={[
              { value: 'true', label: '已逾期' },
              { value: 'false', label: '未逾期' },
            ]}
            value={filters.overdue}
            onChange={(v) => set({ overdue: v })}
            style={{ width: '100%' }}
          />
        </Col>
        <Col {...span}>
          <Button onClick={() => onChange({ sort: filters.sort, order: filters.order })}>重置筛选</Button>
        </Col>
      </Row>
      {linked.length > 0 && (
        <Space wrap style={{ marginTop: 12 }} data-testid="linked-filters">
          <Typography.Text type="secondary">其他条件：</Typography.Text>
          {linked.map((l) => (
            <Tag key={l.label} closable onClose={() => onChange(Object.fromEntries(Object.entries(filters).filter(([k]) => !(l.keys as string[]).includes(k))))}>
              {l.keys[0] === 'leadUnitId' && unitName ? `牵头单位：${unitName}` : l.label}
            </Tag>
          ))}
        </Space>
      )}
    </>
  );
}

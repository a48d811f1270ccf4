import { COLOUR_ORDER, MATTER_SOURCES, MATTER_STATUSES, PRIORITIES } from '@duban/shared';
import { Button, Col, DatePicker, Input, Row, Select, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LedgerFilters } from '../../api/matters';
import { useUnits } from '../../api/org';
import { linkedFilterLabels } from './ledgerParams';
import { CategorySelect, PersonSelect, UnitSelect } from './pickers';
import { labelOf, enumOptions } from '../../i18n/enumLabels';


/** The ledger's filters; each change goes to the URL (and so to the API and the export). */
export function LedgerFilterBar({ filters, onChange }: { filters: LedgerFilters; onChange: (f: LedgerFilters) => void }) {
  const { t } = useTranslation();
  const { data: units = [] } = useUnits();
  const colourOptions = COLOUR_ORDER.map((c) => ({ value: c, label: `${labelOf('colour', c)} · ${labelOf('colourMeaning', c)}` }));
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
          <Input.Search placeholder={t('matters.filter.q')} allowClear value={q} onChange={(e) => setQ(e.target.value)} onSearch={(v) => set({ q: v.trim() || undefined })} aria-label={t('matters.filter.search')} />
        </Col>
        <Col {...span}>
          <Select mode="multiple" allowClear maxTagCount="responsive" placeholder={t('matters.filter.status')} options={enumOptions('status', MATTER_STATUSES)} value={filters.status ?? []} onChange={(v) => set({ status: v.length ? v : undefined })} style={{ width: '100%' }} aria-label={t('matters.filter.status')} />
        </Col>
        <Col {...span}>
          <Select mode="multiple" allowClear maxTagCount="responsive" placeholder={t('matters.filter.colour')} options={[...colourOptions, { value: 'none', label: t('matters.filter.noColour') }]} value={filters.colour ?? []} onChange={(v) => set({ colour: v.length ? v : undefined })} style={{ width: '100%' }} aria-label={t('matters.filter.colour')} />
        </Col>
        <Col {...span}>
          <UnitSelect allowClear placeholder={t('matters.filter.unit')} value={filters.unitId} onChange={(v) => set({ unitId: v })} style={{ width: '100%' }} />
        </Col>
        <Col {...span}>
          <PersonSelect allowClear placeholder={t('matters.filter.leader')} value={filters.leaderId} onChange={(v: number | undefined) => set({ leaderId: v })} style={{ width: '100%' }} leadersFirst />
        </Col>
        <Col {...span}>
          <Select mode="multiple" allowClear maxTagCount="responsive" placeholder={t('matters.filter.source')} options={enumOptions('source', MATTER_SOURCES)} value={filters.source ?? []} onChange={(v) => set({ source: v.length ? v : undefined })} style={{ width: '100%' }} aria-label={t('matters.filter.source')} />
        </Col>
        <Col {...span}>
          <CategorySelect allowClear placeholder={t('matters.filter.category')} value={filters.categoryId} onChange={(v) => set({ categoryId: v })} style={{ width: '100%' }} />
        </Col>
        <Col xs={24} sm={12} md={8} xl={8}>
          <DatePicker.RangePicker
            style={{ width: '100%' }}
            placeholder={[t('matters.filter.deadlineFrom'), t('matters.filter.deadlineTo')]}
            value={[filters.deadlineFrom ? dayjs(filters.deadlineFrom) : null, filters.deadlineTo ? dayjs(filters.deadlineTo) : null]}
            allowEmpty={[true, true]}
            onChange={(r) => set({ deadlineFrom: r?.[0]?.format('YYYY-MM-DD'), deadlineTo: r?.[1]?.format('YYYY-MM-DD') })}
          />
        </Col>
        <Col {...span}>
          <Select mode="multiple" allowClear placeholder={t('matters.filter.priority')} options={enumOptions('priority', PRIORITIES)} value={filters.priority ?? []} onChange={(v) => set({ priority: v.length ? v : undefined })} style={{ width: '100%' }} aria-label={t('matters.filter.priority')} />
        </Col>
        <Col {...span}>
          <Select
            allowClear
            placeholder={t('matters.filter.overdue')}
            options={[
              { value: 'true', label: t('matters.filter.overdueYes') },
              { value: 'false', label: t('matters.filter.overdueNo') },
            ]}
            value={filters.overdue}
            onChange={(v) => set({ overdue: v })}
            style={{ width: '100%' }}
          />
        </Col>
        <Col {...span}>
          <Button onClick={() => onChange({ sort: filters.sort, order: filters.order })}>{t('matters.filter.reset')}</Button>
        </Col>
      </Row>
      {linked.length > 0 && (
        <Space wrap style={{ marginTop: 12 }} data-testid="linked-filters">
          <Typography.Text type="secondary">{t('matters.filter.other')}</Typography.Text>
          {linked.map((l) => (
            <Tag key={l.label} closable onClose={() => onChange(Object.fromEntries(Object.entries(filters).filter(([k]) => !(l.keys as string[]).includes(k))))}>
              {l.keys[0] === 'leadUnitId' && unitName ? t('matters.filter.leadUnit', { name: unitName }) : l.label}
            </Tag>
          ))}
        </Space>
      )}
    </>
  );
}

import { INDICATOR_KIND_LABELS, type Indicator, type IndicatorFlagView } from '@duban/shared';
import { Alert, App, Button, Card, Collapse, InputNumber, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { usePeriods } from '../../api/assessment';
import { useIndicators, useIndicatorSettings, useSaveIndicators } from '../../api/assessmentInsight';
import { useMe } from '../../api/auth';
import { usePeriodParam } from './PeriodPicker';

/** Matters listed per evidence line (the rest are on the cadre's archive, one click away). */
const MATTERS_SHOWN = 4;

/**
 * 能上能下: the cadres the tenant's indicators catch in a quarter, each with its evidence (the quarters, standings
 * and matters), for the organisation department to judge — flags, never decisions. 督查办 edits the indicators.
 */
export function IndicatorsPage() {
  const { t } = useTranslation();
  const [period, setPeriod] = usePeriodParam();
  const periods = usePeriods();
  const list = useIndicators(period);
  const { data: me } = useMe();
  const canManage = !!me?.permissions.includes('assess.manage');
  const d = list.data;
  const quarters = (periods.data ?? []).filter((p) => p.code.includes('Q'));

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="indicators">
      <Card size="small">
        <Space wrap>
          <Typography.Text>{t('assessment.period')}</Typography.Text>
          <Select style={{ width: 140 }} value={period} onChange={setPeriod} options={quarters.map((p) => ({ value: p.code, label: p.code }))} data-testid="indicators-period" />
          {d && <Typography.Text type="secondary">{t('assessInsight.ind.window', { quarters: d.quarters.join('、'), computed: d.computed.join('、') || '—' })}</Typography.Text>}
        </Space>
        <Alert style={{ marginTop: 8 }} type="info" showIcon title={t('assessInsight.ind.notDecision')} />
      </Card>
      {(['down', 'up'] as const).map((dir) => (
        <Card key={dir} size="small" title={t(`assessInsight.ind.${dir}`, { n: d?.flags.filter((f) => f.direction === dir).length ?? 0 })}>
          <Table<IndicatorFlagView>
            rowKey={(f) => `${f.indicatorId}-${f.person.id}`}
            size="small"
            loading={list.isLoading}
            dataSource={d?.flags.filter((f) => f.direction === dir)}
            pagination={{ pageSize: 30, hideOnSinglePage: true }}
            data-testid={`indicators-${dir}`}
            columns={[
              { title: t('assessInsight.ind.indicator'), dataIndex: 'label', width: 190, render: (l: string) => <Tag color={dir === 'down' ? 'volcano' : 'green'}>{l}</Tag> },
              { title: t('assessment.name'), width: 110, render: (_v, f) => <Link to={`/assessment/cadres/${f.person.id}?period=${period ?? ''}`}>{f.person.name}</Link> },
              { title: t('assessment.unit'), width: 170, render: (_v, f) => f.person.unitName },
              { title: t('assessment.title'), width: 120, render: (_v, f) => f.person.title ?? '' },
              {
                title: t('assessInsight.ind.evidence'),
                render: (_v, f) => (
                  <div>
                    {f.evidence.map((e) => (
                      <div key={e.period + e.text}>
                        {e.text}
                        {e.matters.length > 0 && '：'}
                        {e.matters.slice(0, MATTERS_SHOWN).map((m, i) => (
                          <span key={m.id} style={{ whiteSpace: 'nowrap' }}>
                            {i > 0 && '、'}
                            <Link to={`/matters/${m.id}`} title={m.title}>
                              {m.number}
                            </Link>
                          </span>
                        ))}
                        {e.matters.length > MATTERS_SHOWN && <Typography.Text type="secondary">{t('assessInsight.ind.more', { n: e.matters.length })}</Typography.Text>}
                      </div>
                    ))}
                  </div>
                ),
              },
            ]}
          />
        </Card>
      ))}
      <Collapse items={[{ key: 'settings', label: t('assessInsight.ind.settings'), children: <IndicatorSettings canManage={canManage} /> }]} data-testid="indicator-settings" />
    </Space>
  );
}

function IndicatorSettings({ canManage }: { canManage: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const settings = useIndicatorSettings();
  const save = useSaveIndicators();
  const [rows, setRows] = useState<Indicator[]>([]);
  useEffect(() => {
    if (settings.data) setRows(settings.data.indicators);
  }, [settings.data]);
  const edit = (id: string, patch: Partial<Indicator>) => setRows((r) => r.map((x) => (x.id === id ? { ...x, ...patch } : x)));
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {settings.data?.isDefault && <Typography.Text type="secondary">{t('assessInsight.ind.defaults')}</Typography.Text>}
      <Table<Indicator>
        rowKey="id"
        size="small"
        dataSource={rows}
        pagination={false}
        columns={[
          { title: t('assessInsight.ind.enabled'), width: 70, render: (_v, x) => <Switch size="small" checked={x.enabled} disabled={!canManage} onChange={(enabled) => edit(x.id, { enabled })} /> },
          { title: t('assessInsight.ind.indicator'), dataIndex: 'label', width: 240 },
          { title: t('assessInsight.ind.direction'), dataIndex: 'direction', width: 80, render: (v: string) => <Tag color={v === 'down' ? 'volcano' : 'green'}>{t(`assessInsight.ind.dir.${v}`)}</Tag> },
          { title: t('assessInsight.ind.kind'), dataIndex: 'kind', render: (k: Indicator['kind']) => t(`assessInsight.ind.kinds.${k}`, { defaultValue: INDICATOR_KIND_LABELS[k] }) },
          { title: t('assessInsight.ind.threshold'), width: 110, render: (_v, x) => <InputNumber size="small" min={0} max={100} value={x.threshold} disabled={!canManage} onChange={(v) => v !== null && edit(x.id, { threshold: v })} /> },
          { title: t('assessInsight.ind.windowCol'), width: 110, render: (_v, x) => <InputNumber size="small" min={1} max={8} precision={0} value={x.window} disabled={!canManage} onChange={(v) => v !== null && edit(x.id, { window: v })} /> },
        ]}
      />
      {canManage && (
        <Button type="primary" loading={save.isPending} onClick={() => save.mutate(rows, { onSuccess: () => void message.success(t('assessInsight.ind.saved')), onError: (e) => void message.error(e.message) })}>
          {t('assessInsight.ind.save')}
        </Button>
      )}
    </Space>
  );
}

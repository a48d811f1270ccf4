import { PlusOutlined } from '@ant-design/icons';
import { parsePeriod, SATISFACTION_LEVELS, type SatisfactionLevel, type SatisfactionRater, type SatisfactionVoteView, type UnitSatisfaction } from '@duban/shared';
import { App, Button, Card, DatePicker, Drawer, Form, Input, Modal, Radio, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useMe } from '../../api/auth';
import { useRecordVote, useSatisfaction, useSatisfactionSettings, useSatisfactionVotes } from '../../api/assessmentInsight';
import { useUnits } from '../../api/org';

/** The quarters of this year and last, newest first (2026Q4 …). */
function quarterOptions(): string[] {
  const now = dayjs();
  const out: string[] = [];
  for (let y = now.year(); y >= now.year() - 1; y--) for (let q = 4; q >= 1; q--) if (dayjs(`${y}-${String(q * 3 - 2).padStart(2, '0')}-01`) <= now) out.push(`${y}Q${q}`);
  return out;
}

const pct = (v: number | null) => (v === null ? '—' : v.toFixed(1));
const PAGE_SIZE = 50;

/** 满意率: each unit's rate in a quarter, the votes by kind and the weights; the office records votes; a row opens its votes. */
export function SatisfactionPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const quarters = useMemo(quarterOptions, []);
  const period = params.get('period') ?? quarters[0]!;
  const p = parsePeriod(period);
  const range = p ? { from: p.from, to: p.to } : null;
  const list = useSatisfaction(range);
  const settings = useSatisfactionSettings();
  const { data: me } = useMe();
  const canRecord = !!me?.permissions.includes('matter.manage');
  const [unit, setUnit] = useState<UnitSatisfaction | null>(null);
  const [recording, setRecording] = useState(false);
  // The unit a vote was just recorded for: the table turns to the page it sorts onto and marks its row, so a clerk
  // who gives a low mark sees where the unit went (it may drop past the first page). A page picked by hand wins.
  const [focus, setFocus] = useState<number | null>(null);
  const [pickedPage, setPickedPage] = useState<number | null>(null);
  const focusIndex = focus === null ? -1 : (list.data ?? []).findIndex((u) => u.unitId === focus);
  const page = pickedPage ?? (focusIndex >= 0 ? Math.floor(focusIndex / PAGE_SIZE) + 1 : 1);
  const votes = useSatisfactionVotes(unit?.unitId, range);
  const s = settings.data;

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="satisfaction">
      <Card size="small">
        <Space wrap>
          <Typography.Text>{t('assessment.period')}</Typography.Text>
          <Select style={{ width: 140 }} value={period} onChange={(v) => setParams({ period: v })} options={quarters.map((q) => ({ value: q, label: q }))} data-testid="satisfaction-period" />
          {range && (
            <Typography.Text type="secondary">
              {range.from} ～ {range.to}
            </Typography.Text>
          )}
          {canRecord && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setRecording(true)} data-testid="satisfaction-record">
              {t('assessInsight.sat.record')}
            </Button>
          )}
        </Space>
        {s && (
          <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }} data-testid="satisfaction-rule">
            {t('assessInsight.sat.rule', { satisfied: s.points.satisfied, basic: s.points.basic, unsatisfied: s.points.unsatisfied, citizen: s.weights.citizen, unit: s.weights.unit })}
          </Typography.Paragraph>
        )}
      </Card>
      <Card size="small" title={t('assessInsight.sat.title')}>
        <Table<UnitSatisfaction>
          rowKey="unitId"
          size="small"
          loading={list.isLoading}
          dataSource={list.data}
          pagination={{ pageSize: PAGE_SIZE, current: page, onChange: setPickedPage, hideOnSinglePage: true, showSizeChanger: false }}
          data-testid="satisfaction-table"
          rowClassName={(u) => (u.unitId === focus ? 'ant-table-row-selected' : '')}
          onRow={(u) => ({ onClick: () => setUnit(u), style: { cursor: 'pointer' } })}
          columns={[
            { title: t('assessment.rank'), width: 60, render: (_v, u, i) => (u.rate === null ? '—' : (page - 1) * PAGE_SIZE + i + 1) },
            { title: t('assessment.unit'), dataIndex: 'unitName' },
            { title: t('assessInsight.sat.rate'), dataIndex: 'rate', width: 100, align: 'right', render: (v: number | null) => <Typography.Text strong>{pct(v)}</Typography.Text> },
            {
              title: t('assessInsight.sat.citizen', { w: s?.weights.citizen ?? '' }),
              children: [
                { title: t('assessInsight.sat.counted'), width: 90, align: 'right', render: (_v, u) => `${u.citizen.counted}/${u.citizen.votes}` },
                { title: t('assessInsight.sat.partRate'), width: 80, align: 'right', render: (_v, u) => pct(u.citizen.rate) },
              ],
            },
            {
              title: t('assessInsight.sat.unit', { w: s?.weights.unit ?? '' }),
              children: [
                { title: t('assessInsight.sat.counted'), width: 90, align: 'right', render: (_v, u) => `${u.unit.counted}/${u.unit.votes}` },
                { title: t('assessInsight.sat.partRate'), width: 80, align: 'right', render: (_v, u) => pct(u.unit.rate) },
              ],
            },
            { title: t('assessInsight.sat.excluded'), width: 90, align: 'right', render: (_v, u) => u.citizen.excluded + u.unit.excluded },
          ]}
        />
      </Card>
      <Drawer width={860} open={!!unit} onClose={() => setUnit(null)} title={unit ? t('assessInsight.sat.votesOf', { name: unit.unitName, rate: pct(unit.rate), period }) : ''}>
        <Table<SatisfactionVoteView>
          rowKey="id"
          size="small"
          loading={votes.isLoading}
          dataSource={votes.data}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          data-testid="satisfaction-votes"
          columns={[
            { title: t('assessment.date'), dataIndex: 'ratedOn', width: 110 },
            { title: t('assessInsight.sat.rater'), width: 200, render: (_v, v) => (v.rater === 'citizen' ? t('assessInsight.sat.raters.citizen') : `${t('assessInsight.sat.raters.unit')}：${v.raterUnitName ?? '—'}`) },
            { title: t('assessInsight.sat.level'), dataIndex: 'level', width: 100, render: (l: SatisfactionLevel) => <Tag color={l === 'satisfied' ? 'green' : l === 'basic' ? 'blue' : l === 'unsatisfied' ? 'red' : 'default'}>{t(`assessInsight.sat.levels.${l}`)}</Tag> },
            { title: t('assessment.points'), dataIndex: 'points', width: 80, align: 'right', render: (v: number | null) => v ?? t('assessInsight.sat.notCounted') },
            { title: t('assessInsight.sat.channel'), dataIndex: 'channel', width: 110, render: (c: string) => t(`assessInsight.sat.channels.${c}`, { defaultValue: c }) },
            { title: t('assessInsight.sat.comment'), dataIndex: 'comment', render: (c: string | null) => c ?? '' },
            { title: t('assessInsight.sat.recordedBy'), dataIndex: 'recordedBy', width: 110, render: (c: string | null) => c ?? '' },
          ]}
        />
      </Drawer>
      {recording && (
        <RecordVote
          onClose={() => setRecording(false)}
          onRecorded={(unitId) => {
            setFocus(unitId);
            setPickedPage(null);
          }}
        />
      )}
    </Space>
  );
}

type VoteForm = { unitId: number; rater: SatisfactionRater; raterUnitId?: number; level: SatisfactionLevel; ratedOn: dayjs.Dayjs; comment?: string };

/** 督查办 enters a vote: a citizen's (survey, call-back) or a unit's on another unit from that unit's form. */
function RecordVote({ onClose, onRecorded }: { onClose: () => void; onRecorded: (unitId: number) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<VoteForm>();
  const units = useUnits();
  const record = useRecordVote();
  const rater = Form.useWatch('rater', form);
  const options = (units.data ?? []).filter((u) => u.kind !== 'division' && u.name !== '区领导').map((u) => ({ value: u.id, label: u.name }));
  const submit = (v: VoteForm) =>
    record.mutate(
      { unitId: v.unitId, rater: v.rater, raterUnitId: v.rater === 'unit' ? v.raterUnitId : undefined, level: v.level, ratedOn: v.ratedOn.format('YYYY-MM-DD'), comment: v.comment || undefined },
      {
        onSuccess: () => {
          void message.success(t('assessInsight.sat.recorded'));
          onRecorded(v.unitId);
          form.resetFields(['unitId', 'comment']);
        },
        onError: (e) => void message.error(e.message),
      },
    );
  return (
    <Modal open title={t('assessInsight.sat.record')} onCancel={onClose} onOk={() => form.submit()} okText={t('assessInsight.sat.save')} confirmLoading={record.isPending} destroyOnHidden>
      <Form<VoteForm> form={form} layout="vertical" onFinish={submit} initialValues={{ rater: 'citizen', level: 'satisfied', ratedOn: dayjs() }} data-testid="satisfaction-form">
        <Form.Item name="unitId" label={t('assessInsight.sat.ratedUnit')} rules={[{ required: true, message: t('assessInsight.sat.pickUnit') }]}>
          <Select showSearch optionFilterProp="label" options={options} />
        </Form.Item>
        <Form.Item name="rater" label={t('assessInsight.sat.rater')}>
          <Radio.Group options={(['citizen', 'unit'] as const).map((r) => ({ value: r, label: t(`assessInsight.sat.raters.${r}`) }))} />
        </Form.Item>
        {rater === 'unit' && (
          <Form.Item name="raterUnitId" label={t('assessInsight.sat.raterUnit')} rules={[{ required: true, message: t('assessInsight.sat.pickUnit') }]}>
            <Select showSearch optionFilterProp="label" options={options} />
          </Form.Item>
        )}
        <Form.Item name="level" label={t('assessInsight.sat.level')}>
          <Radio.Group options={SATISFACTION_LEVELS.map((l) => ({ value: l, label: t(`assessInsight.sat.levels.${l}`) }))} />
        </Form.Item>
        <Form.Item name="ratedOn" label={t('assessInsight.sat.ratedOn')} rules={[{ required: true }]}>
          <DatePicker disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
        </Form.Item>
        <Form.Item name="comment" label={t('assessInsight.sat.comment')}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

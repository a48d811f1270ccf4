// The default 容错 situations; the server checks the choice against the tenant's rule book.
import { ARCHIVE_LINES_PAGE, DEFAULT_TOLERANCE_SITUATIONS as TOLERANCE_SITUATIONS } from '@duban/shared';
import { Alert, App, Button, Card, Descriptions, Form, Input, Modal, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { useAssessmentActions, useCadreArchive } from '../../api/assessment';
import { useMe } from '../../api/auth';
import { PeriodPicker, usePeriodParam } from './PeriodPicker';
import { ScoreLines } from './ScoreLines';

/** One cadre's 电子政绩档案 (their own at /assessment/me): quarters of the year, the running score, every line; the cadre may apply for 容错 on a deduction. */
export function CadrePage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { id } = useParams();
  const { data: me } = useMe();
  const personId = id ? Number(id) : (me?.personId ?? undefined);
  const [period, setPeriod] = usePeriodParam();
  // The page of lines belongs to one cadre and period; another starts at the first page.
  const [paged, setPaged] = useState({ of: '', offset: 0 });
  const of = `${personId}:${period}`;
  const page = { offset: paged.of === of ? paged.offset : 0, limit: ARCHIVE_LINES_PAGE };
  const archive = useCadreArchive(personId, period, page);
  const [selected, setSelected] = useState<string[]>([]);
  const [applying, setApplying] = useState(false);
  const { apply } = useAssessmentActions();
  const own = !!me && me.personId === personId;
  const a = archive.data;
  if (!personId) return <Alert type="info" message={t('assessment.noPerson')} />;
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="cadre-archive">
      <Card size="small" title={a ? t('assessment.archiveOf', { name: a.name }) : t('assessment.archive')} extra={<PeriodPicker value={period} onChange={setPeriod} />}>
        <Descriptions size="small" column={5}>
          {a?.periods.map((p) => (
            <Descriptions.Item key={p.code} label={p.code}>
              {p.standing ? t('assessment.standing', { total: p.standing.total, rank: p.standing.rank, size: p.standing.groupSize }) : '—'}
            </Descriptions.Item>
          ))}
          <Descriptions.Item label={t('assessment.running')}>
            <Typography.Text strong>{a?.running ?? '—'}</Typography.Text>
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card
        size="small"
        title={
          <Space size={[8, 0]} wrap>
            {t('assessment.lines')}
            {a?.ruleTotals.map((r) => (
              <Typography.Text key={r.rule} type="secondary" style={{ fontWeight: 'normal' }}>
                {t('assessment.ruleTotal', { rule: t(`assessment.rules.${r.rule}`, { defaultValue: r.rule }), lines: r.lines, points: r.points })}
              </Typography.Text>
            ))}
          </Space>
        }
        extra={
          own && (
            <Button disabled={!selected.length} onClick={() => setApplying(true)}>
              {t('assessment.applyTolerance')}
            </Button>
          )
        }
      >
        <ScoreLines
          lines={a?.lines}
          loading={archive.isFetching}
          selectable={own}
          selected={selected}
          onSelect={setSelected}
          paging={a && { total: a.lineCount, offset: page.offset, limit: page.limit, onChange: (offset) => setPaged({ of, offset }) }}
        />
      </Card>
      <Modal open={applying} title={t('assessment.applyTolerance')} onCancel={() => setApplying(false)} footer={null} destroyOnHidden>
        <Form
          layout="vertical"
          onFinish={(v: { situation: string; reason: string; evidence: string }) =>
            period &&
            apply.mutate(
              { period, subjectType: 'person', subjectId: personId, lineKeys: selected, ...v },
              {
                onSuccess: () => {
                  setApplying(false);
                  setSelected([]);
                  void message.success(t('assessment.applied'));
                },
                onError: (e) => void message.error(e.message),
              },
            )
          }
        >
          <Form.Item name="situation" label={t('assessment.situation')} rules={[{ required: true }]}>
            <Select options={TOLERANCE_SITUATIONS.map((s) => ({ value: s, label: s }))} />
          </Form.Item>
          <Form.Item name="reason" label={t('assessment.reason')} rules={[{ required: true, min: 5 }]}>
            <Input.TextArea rows={3} />
          </Form.Item>
          <Form.Item name="evidence" label={t('assessment.evidence')} rules={[{ required: true, min: 2 }]}>
            <Input.TextArea rows={2} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={apply.isPending}>
            {t('common.confirm')}
          </Button>
        </Form>
      </Modal>
    </Space>
  );
}

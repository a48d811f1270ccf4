import { EVALUATION_DIMENSION_LABELS, EVALUATION_DIMENSIONS, RATER_KIND_LABELS, type DimensionScores, type EvaluationAssignment } from '@duban/shared';
import { App, Button, Card, Empty, InputNumber, Slider, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useEvaluationActions, useMyEvaluations } from '../../api/evaluation';
import './i18n';

const START: DimensionScores = { duty: 90, law: 90, service: 90, innovation: 90, integrity: 90 };

/** One division's card: a slider and a number per dimension, sized for a phone. */
function DivisionCard({ item }: { item: EvaluationAssignment }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { rate } = useEvaluationActions();
  const [scores, setScores] = useState<DimensionScores>(item.scores ?? START);
  const set = (d: keyof DimensionScores, v: number | null) => setScores((s) => ({ ...s, [d]: Math.max(0, Math.min(100, v ?? 0)) }));
  return (
    <Card
      size="small"
      data-testid={`rate-${item.divisionId}`}
      title={
        <Space direction="vertical" size={0}>
          <Typography.Text strong>{item.divisionName}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {item.unitName} · {RATER_KIND_LABELS[item.raterKind]}
          </Typography.Text>
        </Space>
      }
      extra={item.scores ? <Tag color="green">{t('evaluation.rated')}</Tag> : <Tag>{t('evaluation.notRated')}</Tag>}
    >
      {EVALUATION_DIMENSIONS.map((d) => (
        <div key={d} style={{ marginBottom: 8 }}>
          <Space style={{ width: '100%', justifyContent: 'space-between' }}>
            <Typography.Text>{EVALUATION_DIMENSION_LABELS[d]}</Typography.Text>
            <InputNumber aria-label={EVALUATION_DIMENSION_LABELS[d]} min={0} max={100} value={scores[d]} onChange={(v) => set(d, v)} style={{ width: 80 }} inputMode="numeric" />
          </Space>
          <Slider min={0} max={100} value={scores[d]} onChange={(v) => set(d, v)} tooltip={{ open: false }} />
        </div>
      ))}
      <Button
        type="primary"
        block
        size="large"
        loading={rate.isPending}
        onClick={() =>
          rate.mutate({ roundId: item.roundId, divisionId: item.divisionId, scores }, { onSuccess: () => void message.success(t('evaluation.saved')), onError: (e) => void message.error(e.message) })
        }
      >
        {t('evaluation.submit')}
      </Button>
    </Card>
  );
}

/** 季评 on a phone: the divisions assigned to the signed-in person, one card each. */
export function RatePage() {
  const { t } = useTranslation();
  const my = useMyEvaluations();
  const items = my.data ?? [];
  return (
    <Space direction="vertical" size={12} style={{ width: '100%', maxWidth: 560, margin: '0 auto', display: 'flex' }} data-testid="evaluation-rate">
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('evaluation.rateTitle')}
      </Typography.Title>
      {items[0] && <Typography.Text type="secondary">{`${items[0].roundTitle}：${t('evaluation.rateHint')}`}</Typography.Text>}
      {!my.isLoading && !items.length && <Empty description={t('evaluation.nothingToRate')} />}
      {items.map((i) => (
        <DivisionCard key={`${i.roundId}-${i.divisionId}`} item={i} />
      ))}
    </Space>
  );
}

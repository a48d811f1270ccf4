import { FileExcelOutlined, FileWordOutlined, PlusOutlined } from '@ant-design/icons';
import { EVALUATION_TABLE_COLUMNS, type EvaluationUnitResult } from '@duban/shared';
import { App, Button, Card, Empty, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useMe } from '../../api/auth';
import { useEvaluationActions, useEvaluationResult, useEvaluationRounds } from '../../api/evaluation';
import { ColourBadge } from '../../components/ColourBadge';
import { RectifyModal } from './RectifyModal';
import './i18n';

type Division = EvaluationUnitResult['divisions'][number];
const lagging = (u: EvaluationUnitResult) => u.divisions.filter((d) => d.standing === 'lagging');

/** 季评: the rounds, and a round's result table with the seed's six columns, 整改 and downloads. */
export function EvaluationPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { data: me } = useMe();
  const canManage = !!me?.permissions.includes('matter.manage');
  const rounds = useEvaluationRounds();
  const [picked, setPicked] = useState<number | undefined>();
  const roundId = picked ?? rounds.data?.[0]?.id;
  const result = useEvaluationResult(roundId);
  const { create, close } = useEvaluationActions();
  const [rectifying, setRectifying] = useState<{ id: number; name: string } | null>(null);
  const round = result.data?.round;
  const now = dayjs();
  const quarter = Math.floor(now.month() / 3) + 1;
  const started = (rounds.data ?? []).some((r) => r.year === now.year() && r.quarter === quarter);

  const problemCell = (u: EvaluationUnitResult) =>
    lagging(u).map((d: Division) => (
      <div key={d.divisionId}>
        {lagging(u).length > 1 && <Typography.Text strong>{d.divisionName}：</Typography.Text>}
        {d.problems ?? (canManage ? <Button size="small" type="link" data-testid={`rectify-${d.divisionId}`} onClick={() => setRectifying({ id: d.divisionId, name: `${u.unitName}${d.divisionName}` })}>{t('evaluation.rectify')}</Button> : <Typography.Text type="secondary">（未登记）</Typography.Text>)}
      </div>
    ));
  const measureCell = (u: EvaluationUnitResult) =>
    lagging(u).flatMap((d) =>
      d.measures.map((m, i) => (
        <div key={`${d.divisionId}-${i}`}>
          {`${i + 1}.${m.text}（${m.deadline}前）`}{' '}
          {m.matterId && (
            <Link to={`/matters/${m.matterId}`}>
              {m.matterNumber} <ColourBadge colour={m.colour} />
            </Link>
          )}
        </div>
      )),
    );

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="evaluation">
      <Card size="small">
        <Space wrap size={16}>
          <Typography.Text>{t('evaluation.round')}</Typography.Text>
          <Select style={{ width: 260 }} value={roundId} onChange={setPicked} options={(rounds.data ?? []).map((r) => ({ value: r.id, label: `${r.title}（${r.status === 'open' ? t('evaluation.open') : t('evaluation.closed')}）` }))} />
          {canManage && !started && (
            <Button
              icon={<PlusOutlined />}
              loading={create.isPending}
              onClick={() => create.mutate({ year: now.year(), quarter }, { onSuccess: (r) => setPicked(r.id), onError: (e) => void message.error(e.message) })}
            >
              {t('evaluation.newRound')}
            </Button>
          )}
          {round && (
            <>
              <Button icon={<FileWordOutlined />} href={`/api/evaluation/rounds/${round.id}/docx`}>{t('evaluation.docx')}</Button>
              <Button icon={<FileExcelOutlined />} href={`/api/evaluation/rounds/${round.id}/xlsx`}>{t('evaluation.xlsx')}</Button>
              {canManage && round.status === 'open' && (
                <Button danger loading={close.isPending} onClick={() => close.mutate(round.id, { onError: (e) => void message.error(e.message) })}>{t('evaluation.close')}</Button>
              )}
            </>
          )}
        </Space>
      </Card>
      {!rounds.isLoading && !rounds.data?.length && <Empty description={t('evaluation.noRound')} />}
      {round && result.data && (
        <Card
          size="small"
          title={`${round.title}排序结果`}
          extra={<Typography.Text type="secondary">{t('evaluation.summary', round)} · {t('evaluation.weights', round.weights)}</Typography.Text>}
        >
          <Table<EvaluationUnitResult>
            rowKey="unitId"
            size="small"
            bordered
            pagination={false}
            dataSource={result.data.units}
            data-testid="evaluation-table"
            columns={[
              { title: EVALUATION_TABLE_COLUMNS[0], width: 56, align: 'center', render: (_v, _u, i) => i + 1 },
              { title: EVALUATION_TABLE_COLUMNS[1], dataIndex: 'unitName', width: 160 },
              { title: EVALUATION_TABLE_COLUMNS[2], width: 90, align: 'center', render: (_v, u) => u.divisions.length },
              {
                title: EVALUATION_TABLE_COLUMNS[3],
                width: 240,
                render: (_v, u) =>
                  u.divisions.map((d) => (
                    <div key={d.divisionId}>
                      {`${d.rank}.${d.divisionName}`} <Typography.Text type="secondary">{d.score ?? '—'}</Typography.Text>{' '}
                      {d.standing === 'advanced' && <Tag color="green">先进</Tag>}
                      {d.standing === 'lagging' && <Tag color="red">后进</Tag>}
                    </div>
                  )),
              },
              { title: EVALUATION_TABLE_COLUMNS[4], render: (_v, u) => problemCell(u) },
              { title: EVALUATION_TABLE_COLUMNS[5], render: (_v, u) => measureCell(u) },
            ]}
          />
        </Card>
      )}
      {round && <RectifyModal roundId={round.id} division={rectifying} onClose={() => setRectifying(null)} />}
    </Space>
  );
}

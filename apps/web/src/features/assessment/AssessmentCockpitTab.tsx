import type { ToleranceView, UnitStanding } from '@duban/shared';
import { Alert, Card, Col, Drawer, Empty, Row, Select, Space, Spin, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useLeague, useLines, usePeriods, useTolerance } from '../../api/assessment';
import { FlaggedMatters, Movement } from './AssessmentPage';
import { ScoreLines } from './ScoreLines';

/** The newest computed quarter (or the newest period when no quarter is computed). */
export function useLatestQuarter(): string | undefined {
  const periods = usePeriods();
  return periods.data?.find((p) => p.code.includes('Q'))?.code ?? periods.data?.[0]?.code;
}

type Subject = { type: 'unit'; id: number; name: string; total: number } | { type: 'tolerance'; item: ToleranceView };

/**
 * The cockpit's 考核 tab: the league tables of each peer group with movement since the period before, the 问责
 * list with its matters, and the latest 容错 decisions. Every score opens its score lines; every line its matter.
 */
export function AssessmentCockpitTab() {
  const { t } = useTranslation();
  const latest = useLatestQuarter();
  const periods = usePeriods();
  const [chosen, setChosen] = useState<string>();
  const period = chosen ?? latest;
  const league = useLeague(period);
  const tolerance = useTolerance();
  const [open, setOpen] = useState<Subject | null>(null);
  const lines = useLines(period, 'unit', open?.type === 'unit' ? open.id : undefined);

  if (league.error) return <Alert type="info" showIcon title={league.error.message} />;
  if (!periods.isLoading && !periods.data?.length) return <Empty description={t('assessInsight.noPeriod')} />;
  if (!league.data) return <Spin />;
  const units = league.data.units;
  const groups = [...new Set(units.map((u) => u.groupLabel))];
  const flagged = units.filter((u) => u.flagged);
  const decided = (tolerance.data ?? [])
    .filter((x) => x.status === 'approved' || x.status === 'rejected')
    .sort((a, b) => (b.decidedAt ?? '').localeCompare(a.decidedAt ?? ''))
    .slice(0, 8);
  const unitLink = (u: UnitStanding) => (
    <a data-testid={`assess-total-${u.unitId}`} onClick={() => setOpen({ type: 'unit', id: u.unitId, name: u.name, total: u.total })}>
      {u.total}
    </a>
  );

  return (
    <div data-testid="cockpit-assessment">
      <Card size="small" style={{ marginBottom: 12 }}>
        <Space wrap>
          <Typography.Text>{t('assessment.period')}</Typography.Text>
          <Select style={{ width: 140 }} value={period} onChange={setChosen} options={(periods.data ?? []).map((p) => ({ value: p.code, label: p.code }))} data-testid="cockpit-assess-period" />
          <Typography.Text type="secondary">
            {league.data.previous ? t('assessInsight.movementSince', { previous: league.data.previous }) : ''} · {t('assessment.ruleBookVersion', { version: league.data.period.ruleBookVersion })} ·{' '}
            {league.data.period.status === 'published' ? t('assessment.published') : t('assessment.draft')}
          </Typography.Text>
          <Link to={`/assessment?period=${period ?? ''}`}>{t('assessInsight.fullLeague')}</Link>
        </Space>
      </Card>
      <Row gutter={[12, 12]}>
        {groups.map((g) => (
          <Col key={g} xs={24} xl={12}>
            <Card size="small" title={t('assessment.leagueOf', { group: g })}>
              <Table<UnitStanding>
                rowKey="unitId"
                size="small"
                dataSource={units.filter((u) => u.groupLabel === g)}
                pagination={false}
                scroll={{ y: 340 }}
                data-testid="cockpit-league"
                columns={[
                  { title: t('assessment.rank'), dataIndex: 'rank', width: 60 },
                  { title: t('assessment.unit'), dataIndex: 'name', ellipsis: true },
                  { title: t('assessment.total'), dataIndex: 'total', width: 80, align: 'right', render: (_v, u) => unitLink(u) },
                  { title: t('assessment.matters'), dataIndex: 'matters', width: 70, align: 'right' },
                  { title: t('assessment.movement'), dataIndex: 'movement', width: 80, render: (m: number | null) => <Movement m={m} /> },
                  { title: t('assessment.accountability'), width: 80, render: (_v, u) => u.flagged && <Tag color="red">{t('assessment.flagged')}</Tag> },
                ]}
              />
            </Card>
          </Col>
        ))}
        <Col xs={24} xl={12}>
          <Card size="small" title={t('assessInsight.accountabilityList', { n: flagged.length })} data-testid="cockpit-accountability">
            <Table<UnitStanding>
              rowKey="unitId"
              size="small"
              dataSource={flagged}
              pagination={false}
              scroll={{ y: 300 }}
              locale={{ emptyText: t('assessInsight.noAccountability') }}
              columns={[
                { title: t('assessment.unit'), dataIndex: 'name', width: 170, ellipsis: true, render: (n: string, u) => <a onClick={() => setOpen({ type: 'unit', id: u.unitId, name: u.name, total: u.total })}>{n}</a> },
                { title: t('assessInsight.lateCount'), width: 80, align: 'right', render: (_v, u) => u.flaggedMatterCount },
                {
                  title: t('assessInsight.evidence'),
                  render: (_v, u) => <FlaggedMatters unit={u} />,
                },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card size="small" title={t('assessInsight.toleranceDecisions')} extra={<Link to="/assessment/tolerance">{t('assessment.tolerance')}</Link>} data-testid="cockpit-tolerance">
            <Table<ToleranceView>
              rowKey="id"
              size="small"
              dataSource={decided}
              pagination={false}
              loading={tolerance.isLoading}
              onRow={(x) => ({ onClick: () => setOpen({ type: 'tolerance', item: x }), style: { cursor: 'pointer' } })}
              columns={[
                { title: t('assessment.applicant'), dataIndex: 'subjectName', width: 150, ellipsis: true },
                { title: t('assessment.situation'), dataIndex: 'situation', ellipsis: true },
                { title: t('assessment.points'), width: 70, align: 'right', render: (_v, x) => Math.round(x.lines.reduce((s, l) => s + l.points, 0) * 100) / 100 },
                { title: t('assessInsight.outcome'), dataIndex: 'status', width: 100, render: (s: string) => <Tag color={s === 'approved' ? 'green' : 'default'}>{t(`assessment.toleranceStatus.${s}`)}</Tag> },
                { title: t('assessInsight.decidedOn'), dataIndex: 'decidedAt', width: 110, render: (d: string | null) => d?.slice(0, 10) ?? '' },
              ]}
            />
          </Card>
        </Col>
      </Row>
      <Drawer
        width={980}
        open={!!open}
        onClose={() => setOpen(null)}
        title={open?.type === 'unit' ? t('assessment.linesOf', { name: open.name, total: open.total }) : open ? `${open.item.subjectName} · ${open.item.situation}` : ''}
      >
        {open?.type === 'tolerance' && (
          <Space direction="vertical" style={{ width: '100%', marginBottom: 12 }}>
            <Typography.Text>
              {t('assessment.reason')}：{open.item.reason}
            </Typography.Text>
            <Typography.Text>
              {t('assessment.evidence')}：{open.item.evidence}
            </Typography.Text>
            {open.item.decisionReason && (
              <Typography.Text>
                {t('assessment.decision')}：{open.item.decisionReason}
              </Typography.Text>
            )}
          </Space>
        )}
        <ScoreLines lines={open?.type === 'tolerance' ? open.item.lines : lines.data} loading={open?.type === 'unit' && lines.isLoading} />
      </Drawer>
    </div>
  );
}

import { FileExcelOutlined, FileWordOutlined, ReloadOutlined } from '@ant-design/icons';
import type { UnitStanding } from '@duban/shared';
import { App, Button, Card, Drawer, Space, Table, Tag, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useAssessmentActions, useLeague, useLines } from '../../api/assessment';
import { useMe } from '../../api/auth';
import { PeriodPicker, usePeriodParam } from './PeriodPicker';
import { ScoreLines } from './ScoreLines';

/**
 * A unit's 问责 evidence: its first late matters as links, then "等 N 件" when the list is longer (league table, after
 * `tag`; cockpit). One Space holds them all: a fragment inside the caller's Space would be one item, unspaced.
 */
export function FlaggedMatters({ unit, tag }: { unit: UnitStanding; tag?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Space size={[8, 0]} wrap>
      {tag}
      {unit.flaggedMatters.map((m) => (
        <Link key={m.id} to={`/matters/${m.id}`} title={m.title} onClick={(e) => e.stopPropagation()}>
          {m.number}
        </Link>
      ))}
      {unit.flaggedMatterCount > unit.flaggedMatters.length && <span>{t('assessment.flaggedMore', { count: unit.flaggedMatterCount })}</span>}
    </Space>
  );
}

export const Movement = ({ m }: { m: number | null }) =>
  m === null || m === 0 ? <Typography.Text type="secondary">—</Typography.Text> : <Typography.Text type={m > 0 ? 'success' : 'danger'}>{m > 0 ? `↑${m}` : `↓${-m}`}</Typography.Text>;

/** 考核: unit league tables in peer groups, 问责 flags with their matters, drill-down to every score line. */
export function AssessmentPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { data: me } = useMe();
  const canManage = !!me?.permissions.includes('assess.manage');
  const [period, setPeriod] = usePeriodParam();
  const league = useLeague(period);
  const { recompute } = useAssessmentActions();
  const [unit, setUnit] = useState<UnitStanding | null>(null);
  const lines = useLines(period, 'unit', unit?.unitId);
  const groups = [...new Set((league.data?.units ?? []).map((u) => u.groupLabel))];

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="assessment">
      <Card size="small">
        <Space wrap>
          <Typography.Text>{t('assessment.period')}</Typography.Text>
          <PeriodPicker value={period} onChange={setPeriod} />
          {league.data && (
            <Typography.Text type="secondary">
              {t('assessment.ruleBookVersion', { version: league.data.period.ruleBookVersion })} · {league.data.period.status === 'published' ? t('assessment.published') : t('assessment.draft')}
            </Typography.Text>
          )}
          {canManage && period && (
            <Button icon={<ReloadOutlined />} loading={recompute.isPending} onClick={() => recompute.mutate(period, { onSuccess: (r) => void message.success(t('assessment.recomputed', { lines: r.lines })), onError: (e) => void message.error(e.message) })}>
              {t('assessment.recompute')}
            </Button>
          )}
          {period && (
            <>
              <Button icon={<FileExcelOutlined />} href={`/api/assessment/export.xlsx?period=${period}`}>Excel</Button>
              <Button icon={<FileWordOutlined />} href={`/api/assessment/export.docx?period=${period}`}>Word</Button>
            </>
          )}
          <Link to={`/assessment/cadres${period ? `?period=${period}` : ''}`}>{t('assessment.archive')}</Link>
          <Link to="/assessment/tolerance">{t('assessment.tolerance')}</Link>
          <Link to="/assessment/satisfaction">{t('assessInsight.sat.title')}</Link>
          <Link to={`/assessment/indicators${period ? `?period=${period}` : ''}`}>{t('assessInsight.ind.title')}</Link>
          <Link to={`/assessment/items${period ? `?period=${period}` : ''}`}>{t('assessment.items.title')}</Link>
          <Link to="/assessment/appeals">{t('assessment.appeals.title')}</Link>
        </Space>
      </Card>
      {groups.map((g) => (
        <Card key={g} size="small" title={t('assessment.leagueOf', { group: g })}>
          <Table<UnitStanding>
            rowKey="unitId"
            size="small"
            loading={league.isLoading}
            dataSource={league.data?.units.filter((u) => u.groupLabel === g)}
            pagination={false}
            data-testid="league-table"
            onRow={(u) => ({ onClick: () => setUnit(u), style: { cursor: 'pointer' } })}
            columns={[
              { title: t('assessment.rank'), dataIndex: 'rank', width: 70 },
              { title: t('assessment.unit'), dataIndex: 'name' },
              { title: t('assessment.total'), dataIndex: 'total', width: 90, align: 'right' },
              { title: t('assessment.raw'), dataIndex: 'raw', width: 100, align: 'right' },
              { title: t('assessment.matters'), dataIndex: 'matters', width: 80, align: 'right' },
              { title: t('assessment.movement'), dataIndex: 'movement', width: 90, render: (m: number | null) => <Movement m={m} /> },
              {
                title: t('assessment.accountability'),
                render: (_v, u) =>
                  u.flagged && <FlaggedMatters unit={u} tag={<Tag color="red">{t('assessment.flagged')}</Tag>} />,
              },
            ]}
          />
        </Card>
      ))}
      <Drawer width={960} open={!!unit} onClose={() => setUnit(null)} title={unit ? t('assessment.linesOf', { name: unit.name, total: unit.total }) : ''}>
        <ScoreLines lines={lines.data} loading={lines.isLoading} />
      </Drawer>
    </Space>
  );
}

import type { CadreStanding } from '@duban/shared';
import { UploadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Button, Card, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useArchiveList } from '../../api/assessment';
import { useMe } from '../../api/auth';
import { ImportModal } from '../org/ImportModal';
import { Movement } from './AssessmentPage';
import { PeriodPicker, usePeriodParam } from './PeriodPicker';

/** 电子政绩档案: every cadre with a rank, ranked in their peer group, with the composite and the proposed grade. */
export function ArchivePage() {
  const { t } = useTranslation();
  const [period, setPeriod] = usePeriodParam();
  const list = useArchiveList(period);
  const d = list.data;
  const { data: me } = useMe();
  const canManage = !!me?.permissions.includes('assess.manage');
  const [importing, setImporting] = useState(false);
  const qc = useQueryClient();
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="archive">
      <Card size="small">
        <Space wrap>
          <Typography.Text>{t('assessment.period')}</Typography.Text>
          <PeriodPicker value={period} onChange={setPeriod} />
          {canManage && period && (
            <Button icon={<UploadOutlined />} onClick={() => setImporting(true)} data-testid="org-part-import">
              {t('assessInsight.orgImport')}
            </Button>
          )}
          <Link to={`/assessment/indicators${period ? `?period=${period}` : ''}`}>{t('assessInsight.ind.title')}</Link>
          {d && <Typography.Text type="secondary">{t('assessment.compositeRule', { weight: Math.round(d.quantifiedWeight * 100), org: Math.round((1 - d.quantifiedWeight) * 100), quota: Math.round(d.excellentQuota * 100) })}</Typography.Text>}
        </Space>
      </Card>
      <Card size="small" title={t('assessment.archive')}>
        <Table<CadreStanding>
          rowKey="personId"
          size="small"
          loading={list.isLoading}
          dataSource={d?.cadres}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          data-testid="archive-table"
          columns={[
            { title: t('assessment.group'), dataIndex: 'groupLabel', width: 170 },
            { title: t('assessment.rank'), width: 80, render: (_v, c) => `${c.rank}/${c.groupSize}` },
            { title: t('assessment.name'), render: (_v, c) => <Link to={`/assessment/cadres/${c.personId}?period=${period ?? ''}`}>{c.name}</Link> },
            { title: t('assessment.unit'), dataIndex: 'unitName' },
            { title: t('assessment.title'), dataIndex: 'title' },
            { title: t('assessment.total'), dataIndex: 'total', width: 90, align: 'right' },
            { title: t('assessment.movement'), dataIndex: 'movement', width: 80, render: (m: number | null) => <Movement m={m} /> },
            { title: t('assessment.orgPart'), dataIndex: 'orgPart', width: 100, align: 'right', render: (v: number | null) => v ?? '—' },
            { title: t('assessment.composite'), dataIndex: 'composite', width: 100, align: 'right', render: (v: number | null) => v ?? '—' },
            { title: t('assessment.grade'), dataIndex: 'grade', width: 110, render: (g: string | null) => (g ? <Tag color={g === 'excellent' ? 'gold' : 'blue'}>{t(`assessment.grades.${g}`)}</Tag> : <Typography.Text type="secondary">{t('assessment.gradePending')}</Typography.Text>) },
          ]}
        />
      </Card>
      {period && (
        <ImportModal<{ saved: number }>
          open={importing}
          title={t('assessInsight.orgImportTitle', { period })}
          templateUrl={`/api/assessment/org-parts/template.xlsx?period=${period}`}
          uploadUrl={`/api/assessment/org-parts/import?period=${period}`}
          help={t('assessInsight.orgImportHelp')}
          onClose={() => setImporting(false)}
          onDone={() => {
            setImporting(false);
            void qc.invalidateQueries({ queryKey: ['assessment'] });
          }}
          describe={(r) => t('assessInsight.orgImported', { n: r.saved })}
        />
      )}
    </Space>
  );
}

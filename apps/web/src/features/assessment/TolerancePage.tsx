import type { ToleranceView } from '@duban/shared';
import { App, Button, Card, Input, Modal, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAssessmentActions, useTolerance, useWhatIf } from '../../api/assessment';
import { useMe } from '../../api/auth';
import { ScoreLines } from './ScoreLines';

const STATUS_COLOUR = { submitted: 'orange', verified: 'blue', approved: 'green', rejected: 'default' } as const;

/** 容错: applications against specific deductions; 督查办 verifies, the leadership group decides after the what-if. */
export function TolerancePage() {
  const { t } = useTranslation();
  const list = useTolerance();
  const [open, setOpen] = useState<ToleranceView | null>(null);
  return (
    <Card size="small" title={t('assessment.tolerance')} data-testid="tolerance">
      <Table<ToleranceView>
        rowKey="id"
        size="small"
        loading={list.isLoading}
        dataSource={list.data}
        onRow={(r) => ({ onClick: () => setOpen(r), style: { cursor: 'pointer' } })}
        columns={[
          { title: t('assessment.period'), dataIndex: 'period', width: 90 },
          { title: t('assessment.applicant'), dataIndex: 'subjectName', width: 180 },
          { title: t('assessment.situation'), dataIndex: 'situation' },
          { title: t('assessment.points'), width: 90, render: (_v, r) => r.lines.reduce((s, l) => s + l.points, 0) },
          { title: t('common.status'), dataIndex: 'status', width: 130, render: (s: ToleranceView['status']) => <Tag color={STATUS_COLOUR[s]}>{t(`assessment.toleranceStatus.${s}`)}</Tag> },
          { title: t('assessment.decision'), dataIndex: 'decisionReason', render: (v: string | null, r) => v ?? r.verifyNote ?? '' },
        ]}
      />
      {open && <Decide app={open} onClose={() => setOpen(null)} />}
    </Card>
  );
}

function Decide({ app, onClose }: { app: ToleranceView; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { data: me } = useMe();
  const stage = app.status === 'submitted' && me?.permissions.includes('assess.manage') ? 'verify' : app.status === 'verified' && me?.permissions.includes('assess.decide') ? 'decide' : null;
  const canSeeWhatIf = !!me?.permissions.includes('assess.read');
  const whatIf = useWhatIf(canSeeWhatIf && (app.status === 'submitted' || app.status === 'verified') ? app.id : undefined);
  const [note, setNote] = useState('');
  const { decide } = useAssessmentActions();
  const act = (approve: boolean) =>
    stage &&
    decide.mutate(
      { id: app.id, stage, approve, note },
      {
        onSuccess: () => {
          void message.success(t('assessment.decided'));
          onClose();
        },
        onError: (e) => void message.error(e.message),
      },
    );
  return (
    <Modal open width={900} title={`${app.subjectName} · ${app.situation}`} onCancel={onClose} footer={null}>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Typography.Paragraph>
          <b>{t('assessment.reason')}：</b>
          {app.reason}
          <br />
          <b>{t('assessment.evidence')}：</b>
          {app.evidence}
          {app.verifyNote && (
            <>
              <br />
              <b>{t('assessment.verifyNote')}：</b>
              {app.verifyNote}
            </>
          )}
        </Typography.Paragraph>
        <ScoreLines lines={app.lines} />
        {whatIf.data && (
          <Typography.Text data-testid="what-if">
            {t('assessment.whatIf', { without: whatIf.data.without.total, rankWithout: whatIf.data.without.rank, with: whatIf.data.with.total, rankWith: whatIf.data.with.rank, size: whatIf.data.groupSize })}
          </Typography.Text>
        )}
        {stage && (
          <>
            <Input.TextArea rows={2} placeholder={t('assessment.notePlaceholder')} value={note} onChange={(e) => setNote(e.target.value)} />
            <Space>
              <Button type="primary" loading={decide.isPending} onClick={() => act(true)}>
                {stage === 'verify' ? t('assessment.verifyOk') : t('assessment.approve')}
              </Button>
              <Button danger loading={decide.isPending} onClick={() => act(false)}>
                {t('assessment.reject')}
              </Button>
            </Space>
          </>
        )}
      </Space>
    </Modal>
  );
}

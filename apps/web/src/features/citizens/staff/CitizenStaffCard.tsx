import { EyeInvisibleOutlined, MergeCellsOutlined, PhoneOutlined } from '@ant-design/icons';
import type { ProblemDetailView } from '@duban/shared';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, List, Popconfirm, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { can, useMe } from '../../../api/auth';
import { formatTime } from '../../../components/format';
import { useRedactions, useReporters, unmaskReporter } from './api';
import { MergeModal } from './MergeModal';
import { ModerateModal } from './ModerateModal';
import './i18n';

/**
 * 群众反映 on the problem page: who reported (mobile masked; the full number for the roles that call back, each
 * time traced), what is hidden from the public and why, and the platform's two actions: merge a duplicate into
 * the problem that stays, hide a photo or a sentence from the public view.
 */
export function CitizenStaffCard({ p }: { p: ProblemDetailView }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const qc = useQueryClient();
  const reporters = useReporters(p.id);
  const redactions = useRedactions(p.id);
  const [shown, setShown] = useState<Record<string, string>>({});
  const [modal, setModal] = useState<'merge' | 'moderate' | null>(null);
  const handles = can(me.data, 'grid.handle');
  const open = p.status !== 'merged' && p.status !== 'closed' && p.status !== 'visited' && p.status !== 'rejected';

  const unmask = async (id: string) => {
    const r = await unmaskReporter(id);
    setShown((s) => ({ ...s, [id]: r.mobile }));
    message.info(t('citizenStaff.card.unmasked'));
  };

  return (
    <Card
      size="small"
      title={t('citizenStaff.card.title')}
      data-testid="citizen-staff"
      extra={
        handles && (
          <Space wrap>
            {open && (
              <Button size="small" icon={<MergeCellsOutlined />} onClick={() => setModal('merge')} data-testid="citizen-merge">
                {t('citizenStaff.card.merge')}
              </Button>
            )}
            <Button size="small" icon={<EyeInvisibleOutlined />} onClick={() => setModal('moderate')} data-testid="citizen-moderate">
              {t('citizenStaff.card.moderate')}
            </Button>
          </Space>
        )
      }
    >
      <Typography.Text strong>{t('citizenStaff.card.reporters')}</Typography.Text>
      <List
        size="small"
        loading={reporters.isLoading}
        dataSource={reporters.data ?? []}
        locale={{ emptyText: t('citizenStaff.card.noReporters') }}
        data-testid="citizen-reporters"
        renderItem={(r) => (
          <List.Item
            data-reporter={r.id}
            actions={
              r.canUnmask && !shown[r.id]
                ? [
                    <Popconfirm key="unmask" title={t('citizenStaff.card.unmaskConfirm')} onConfirm={() => unmask(r.id)}>
                      <Button size="small" type="link" icon={<PhoneOutlined />} data-testid="citizen-unmask">
                        {t('citizenStaff.card.unmask')}
                      </Button>
                    </Popconfirm>,
                  ]
                : []
            }
          >
            <Space wrap size={4}>
              <Tag>{t(`citizenStaff.card.kind.${r.kind}`)}</Tag>
              <span>{r.name ?? t('citizenStaff.card.anonymous')}</span>
              <Typography.Text code data-testid="citizen-mobile">
                {shown[r.id] ?? r.mobile ?? t('citizenStaff.card.noMobile')}
              </Typography.Text>
              {r.fromProblemId && <Typography.Text type="secondary">{t('citizenStaff.card.fromProblem', { id: r.fromProblemId })}</Typography.Text>}
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {formatTime(r.createdAt)}
              </Typography.Text>
            </Space>
          </List.Item>
        )}
      />
      <Typography.Text strong>{t('citizenStaff.card.hidden')}</Typography.Text>
      <List
        size="small"
        dataSource={redactions.data ?? []}
        locale={{ emptyText: t('citizenStaff.card.none') }}
        data-testid="citizen-redactions"
        renderItem={(r) => (
          <List.Item>
            <Space direction="vertical" size={0}>
              <span>{r.kind === 'photo' ? t('citizenStaff.card.hiddenPhoto', { id: r.photoId }) : `“${r.text ?? ''}”`}</span>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {r.reason} · {t('citizenStaff.card.hiddenBy', { by: r.byName ?? '', at: formatTime(r.at) })}
              </Typography.Text>
            </Space>
          </List.Item>
        )}
      />
      {modal === 'merge' && <MergeModal p={p} onClose={() => setModal(null)} />}
      {modal === 'moderate' && (
        <ModerateModal
          p={p}
          onClose={() => {
            setModal(null);
            void qc.invalidateQueries({ queryKey: ['citizens', 'redactions', p.id] });
          }}
        />
      )}
    </Card>
  );
}

import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, InputNumber, Modal, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { can, useMe } from '../../../api/auth';
import { applyServerErrors } from '../../../components/formErrors';
import { formatDate, formatTime } from '../../../components/format';
import { dismissCluster, superviseCluster, useClusters, type ClusterView } from './api';
import './i18n';

const COLOUR = { open: 'orange', supervised: 'red', dismissed: 'default' } as const;

/** 聚集提示: clusters flagged to the streets (open first), each to supervise as a matter or to dismiss. */
export function ClustersPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const me = useMe();
  const clusters = useClusters();
  const [supervising, setSupervising] = useState<ClusterView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm<{ workdays: number }>();
  const refresh = () => qc.invalidateQueries({ queryKey: ['citizens', 'clusters'] });

  const supervise = async () => {
    if (!supervising) return;
    const v = await form.validateFields();
    try {
      const r = await superviseCluster(supervising.id, v.workdays);
      message.success(t('citizenStaff.clusters.supervised', { number: r.matterNumber }));
      setSupervising(null);
      await refresh();
    } catch (err) {
      setError(applyServerErrors(form, err));
    }
  };

  return (
    <Card title={t('citizenStaff.clusters.title')} data-testid="clusters-page">
      <Typography.Paragraph type="secondary">{t('citizenStaff.clusters.help', { days: clusters.data?.clusterDays ?? 30, n: clusters.data?.clusterReports ?? 5 })}</Typography.Paragraph>
      <Table<ClusterView>
        rowKey="id"
        size="small"
        loading={clusters.isLoading}
        dataSource={clusters.data?.items}
        pagination={false}
        scroll={{ x: 820 }}
        locale={{ emptyText: t('citizenStaff.clusters.empty') }}
        columns={[
          { title: t('citizenStaff.clusters.cell'), dataIndex: 'cell_name', width: 160 },
          { title: t('citizenStaff.clusters.category'), dataIndex: 'category_name', width: 140 },
          { title: t('citizenStaff.clusters.reports'), dataIndex: 'reports', width: 90 },
          { title: t('citizenStaff.clusters.period'), key: 'period', width: 180, render: (_, k) => `${formatDate(k.first_at)} – ${formatDate(k.last_at)}` },
          { title: t('citizenStaff.clusters.flaggedAt'), dataIndex: 'flagged_at', width: 140, render: formatTime },
          {
            title: t('citizenStaff.clusters.status'),
            dataIndex: 'status',
            width: 150,
            render: (s: ClusterView['status'], k) => (
              <Space size={4}>
                <Tag color={COLOUR[s]}>{t(`citizenStaff.clusters.statusOf.${s}`)}</Tag>
                {k.matter_id && <Link to={`/matters/${k.matter_id}`}>{k.matter_number}</Link>}
              </Space>
            ),
          },
          {
            title: t('common.actions'),
            key: 'actions',
            width: 180,
            render: (_, k) =>
              k.status === 'open' && (
                <Space>
                  {can(me.data, 'matter.create') && (
                    <Button
                      size="small"
                      type="primary"
                      data-testid="cluster-supervise"
                      onClick={() => {
                        form.setFieldsValue({ workdays: 10 });
                        setError(null);
                        setSupervising(k);
                      }}
                    >
                      {t('citizenStaff.clusters.supervise')}
                    </Button>
                  )}
                  {can(me.data, 'grid.handle') && (
                    <Popconfirm
                      title={t('citizenStaff.clusters.dismissConfirm')}
                      onConfirm={async () => {
                        await dismissCluster(k.id);
                        await refresh();
                      }}
                    >
                      <Button size="small">{t('citizenStaff.clusters.dismiss')}</Button>
                    </Popconfirm>
                  )}
                </Space>
              ),
          },
        ]}
      />
      <Modal open={supervising !== null} title={t('citizenStaff.clusters.superviseTitle')} onOk={supervise} onCancel={() => setSupervising(null)} destroyOnHidden>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
        {supervising && (
          <Typography.Paragraph>
            {supervising.cell_name} · {supervising.category_name} · {supervising.reports}
          </Typography.Paragraph>
        )}
        <Form form={form} layout="vertical">
          <Form.Item name="workdays" label={t('citizenStaff.clusters.workdays')} rules={[{ required: true }]}>
            <InputNumber min={1} max={60} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}

import { ArrowLeftOutlined, CameraOutlined, PaperClipOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Form, Input, InputNumber, Result, Slider, Space, Spin, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { postAction, useMatter, useRefreshMatters } from '../../api/matters';
import { applyServerErrors } from '../../components/formErrors';
import { isStale } from './ActionModal';
import { AttachmentUpload } from './AttachmentUpload';
import { Deadline } from './bits';

type Values = { progress: number; text: string; investmentDone?: number | null; photos: number[]; files: number[] };

/** 进度汇报, made for a phone: a big slider, the text, a photo from the camera, files. */
export function ReportPage() {
  const { t } = useTranslation();
  const id = Number(useParams().id);
  const navigate = useNavigate();
  const { message } = App.useApp();
  const refresh = useRefreshMatters();
  const { data: m, isLoading, error: loadError } = useMatter(id);
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<{ text: string; stale: boolean } | null>(null);
  const [busy, setBusy] = useState(false);
  const mine = m?.units.find((u) => u.unitId === m.viewerUnitId);
  const startAt = mine?.progress ?? m?.progress ?? 0;

  useEffect(() => {
    if (m) form.setFieldsValue({ progress: startAt });
  }, [m, startAt, form]);

  if (isLoading) return <Spin size="large" style={{ display: 'block', margin: '80px auto' }} />;
  if (!m) return <Result status="404" title={t('matters.page.notFound')} subTitle={loadError?.message} />;
  if (!m.allowedActions.includes('report')) {
    return <Result status="info" title={t('matters.report.cannot')} subTitle={t('matters.report.cannotWhy')} extra={<Link to={`/matters/${m.id}`}>{t('matters.report.view')}</Link>} />;
  }

  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    setError(null);
    try {
      await postAction(m.id, 'report', {
        unitId: m.viewerUnitId ?? undefined,
        progress: v.progress,
        text: v.text,
        investmentDone: v.investmentDone ?? null,
        attachmentIds: [...(v.photos ?? []), ...(v.files ?? [])],
      });
      message.success(t('matters.report.done'));
      void refresh();
      navigate(`/matters/${m.id}`);
    } catch (err) {
      setError({ text: applyServerErrors(form, err), stale: isStale(err) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="report-page" data-testid="report-page">
      <Button type="text" icon={<ArrowLeftOutlined />} onClick={() => navigate(`/matters/${m.id}`)} style={{ marginBottom: 8 }}>
        {t('matters.report.back')}
      </Button>
      <Card>
        <Typography.Text type="secondary">{m.number}</Typography.Text>
        <Typography.Title level={4} style={{ margin: '2px 0 4px' }}>
          {m.title}
        </Typography.Title>
        <Typography.Text type="secondary">
          {mine?.unitName ?? m.leadUnitName} · {t('matters.report.deadline')} <Deadline deadline={m.deadline} provisional={m.deadlineProvisional} /> · {t('matters.report.planned', { n: Math.round(m.live.plannedProgress) })}
        </Typography.Text>
        {error && (
          <Alert
            type={error.stale ? 'warning' : 'error'}
            showIcon
            title={error.text}
            action={error.stale ? <Button size="small" onClick={() => void refresh()}>{t('matters.act.reload')}</Button> : undefined}
            style={{ marginTop: 12 }}
          />
        )}
        <Form form={form} layout="vertical" size="large" style={{ marginTop: 16 }} initialValues={{ progress: startAt, photos: [], files: [] }}>
          <Form.Item label={t('matters.report.progress')} required>
            <Space.Compact style={{ width: '100%', alignItems: 'center', gap: 12 }}>
              <Form.Item name="progress" noStyle>
                <Slider min={0} max={100} style={{ flex: 1, margin: '0 10px' }} marks={{ [startAt]: t('matters.report.last') }} data-testid="progress-slider" />
              </Form.Item>
              <Form.Item name="progress" noStyle rules={[{ required: true, message: t('matters.report.progressRequired') }]}>
                <InputNumber min={0} max={100} suffix="%" style={{ width: 110 }} aria-label={t('matters.report.percent')} data-testid="progress-input" />
              </Form.Item>
            </Space.Compact>
          </Form.Item>
          <Form.Item name="text" label={t('matters.report.text')} rules={[{ required: true, message: t('matters.report.textRequired') }]}>
            <Input.TextArea rows={5} maxLength={5000} showCount placeholder={t('matters.report.textHint')} />
          </Form.Item>
          {m.investmentPlan !== null && (
            <Form.Item name="investmentDone" label={t('matters.report.investment', { plan: m.investmentPlan })}>
              <InputNumber min={0} style={{ width: '100%' }} inputMode="decimal" />
            </Form.Item>
          )}
          <Form.Item name="photos" label={t('matters.report.photos')}>
            <AttachmentUpload accept="image/*" capture="environment" listType="picture-card" testId="report-photo">
              <div>
                <CameraOutlined style={{ fontSize: 24 }} />
                <div>{t('matters.report.camera')}</div>
              </div>
            </AttachmentUpload>
          </Form.Item>
          <Form.Item name="files" label={t('matters.report.files')}>
            <AttachmentUpload>
              <Button icon={<PaperClipOutlined />} block>
                {t('matters.report.chooseFiles')}
              </Button>
            </AttachmentUpload>
          </Form.Item>
          <Button type="primary" block size="large" loading={busy} onClick={() => void submit()} style={{ height: 52, fontSize: 17 }} data-testid="report-submit">
            {t('matters.report.submit')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}

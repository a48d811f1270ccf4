import { ArrowLeftOutlined, CameraOutlined, PaperClipOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Form, Input, InputNumber, Result, Slider, Space, Spin, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { postAction, useMatter, useRefreshMatters } from '../../api/matters';
import { applyServerErrors } from '../../components/formErrors';
import { isStale } from './ActionModal';
import { AttachmentUpload } from './AttachmentUpload';
import { Deadline } from './bits';

type Values = { progress: number; text: string; investmentDone?: number | null; photos: number[]; files: number[] };

/** 进度汇报, made for a phone: a big slider, the text, a photo from the camera, files. */
export function ReportPage() {
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
  if (!m) return <Result status="404" title="事项不存在或无权查看" subTitle={loadError?.message} />;
  if (!m.allowedActions.includes('report')) {
    return <Result status="info" title="当前不能汇报进度" subTitle="事项尚未签收、已申请办结或已办结" extra={<Link to={`/matters/${m.id}`}>查看事项</Link>} />;
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
      message.success('进度已汇报');
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
        返回事项
      </Button>
      <Card>
        <Typography.Text type="secondary">{m.number}</Typography.Text>
        <Typography.Title level={4} style={{ margin: '2px 0 4px' }}>
          {m.title}
        </Typography.Title>
        <Typography.Text type="secondary">
          {mine?.unitName ?? m.leadUnitName} · 时限 <Deadline deadline={m.deadline} provisional={m.deadlineProvisional} /> · 计划进度 {Math.round(m.live.plannedProgress)}%
        </Typography.Text>
        {error && (
          <Alert
            type={error.stale ? 'warning' : 'error'}
            showIcon
            title={error.text}
            action={error.stale ? <Button size="small" onClick={() => void refresh()}>重新加载</Button> : undefined}
            style={{ marginTop: 12 }}
          />
        )}
        <Form form={form} layout="vertical" size="large" style={{ marginTop: 16 }} initialValues={{ progress: startAt, photos: [], files: [] }}>
          <Form.Item label="当前进度" required>
            <Space.Compact style={{ width: '100%', alignItems: 'center', gap: 12 }}>
              <Form.Item name="progress" noStyle>
                <Slider min={0} max={100} style={{ flex: 1, margin: '0 10px' }} marks={{ [startAt]: '上次' }} data-testid="progress-slider" />
              </Form.Item>
              <Form.Item name="progress" noStyle rules={[{ required: true, message: '请填写进度' }]}>
                <InputNumber min={0} max={100} suffix="%" style={{ width: 110 }} aria-label="进度百分比" data-testid="progress-input" />
              </Form.Item>
            </Space.Compact>
          </Form.Item>
          <Form.Item name="text" label="汇报内容" rules={[{ required: true, message: '请填写汇报内容' }]}>
            <Input.TextArea rows={5} maxLength={5000} showCount placeholder="本期完成了什么、下一步计划、需要协调的问题" />
          </Form.Item>
          {m.investmentPlan !== null && (
            <Form.Item name="investmentDone" label={`累计完成投资（万元，计划 ${m.investmentPlan}）`}>
              <InputNumber min={0} style={{ width: '100%' }} inputMode="decimal" />
            </Form.Item>
          )}
          <Form.Item name="photos" label="现场照片">
            <AttachmentUpload accept="image/*" capture="environment" listType="picture-card" testId="report-photo">
              <div>
                <CameraOutlined style={{ fontSize: 24 }} />
                <div>拍照</div>
              </div>
            </AttachmentUpload>
          </Form.Item>
          <Form.Item name="files" label="其他材料">
            <AttachmentUpload>
              <Button icon={<PaperClipOutlined />} block>
                选择文件
              </Button>
            </AttachmentUpload>
          </Form.Item>
          <Button type="primary" block size="large" loading={busy} onClick={() => void submit()} style={{ height: 52, fontSize: 17 }} data-testid="report-submit">
            提交汇报
          </Button>
        </Form>
      </Card>
    </div>
  );
}

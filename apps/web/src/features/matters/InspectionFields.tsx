import { AimOutlined, CameraOutlined } from '@ant-design/icons';
import { INSPECTION_FINDING_LABELS, INSPECTION_FINDINGS } from '@duban/shared';
import { App, Button, Col, DatePicker, Form, Input, InputNumber, Radio, Row, Switch } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { AttachmentUpload } from './AttachmentUpload';
import { PersonSelect } from './pickers';

const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** Form values of InspectionFields → the inspection request body. */
export function inspectionBody(v: Record<string, unknown>) {
  const at = v.inspectedAt as Dayjs | undefined;
  return {
    inspectedAt: at?.format() ?? new Date().toISOString(),
    location: typeof v.location === 'string' ? v.location.trim() : '',
    lat: num(v.lat),
    lng: num(v.lng),
    finding: v.finding,
    unannounced: v.unannounced === true,
    notes: typeof v.notes === 'string' ? v.notes.trim() : '',
    inspectorIds: Array.isArray(v.inspectorIds) ? v.inspectorIds : [],
    attachmentIds: Array.isArray(v.attachmentIds) ? v.attachmentIds : [],
  };
}

/** 现场督查 record: when, where (GPS from the phone when allowed), what was found, photos. */
export function InspectionFields() {
  const { message } = App.useApp();
  const form = Form.useFormInstance();
  const [locating, setLocating] = useState(false);

  const locate = () => {
    if (!('geolocation' in navigator)) {
      message.warning('此设备不支持定位，请手工填写');
      return;
    }
    setLocating(true);
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        setLocating(false);
        form.setFieldsValue({ lat: Number(pos.coords.latitude.toFixed(6)), lng: Number(pos.coords.longitude.toFixed(6)) });
        message.success(`已定位（精度约 ${Math.round(pos.coords.accuracy)} 米）`);
      },
      (err) => {
        setLocating(false);
        message.warning(err.code === err.PERMISSION_DENIED ? '未获得定位权限，请手工填写' : '定位失败，请手工填写');
      },
      { enableHighAccuracy: true, timeout: 15_000 },
    );
  };

  return (
    <>
      <Row gutter={12}>
        <Col xs={24} sm={12}>
          <Form.Item name="inspectedAt" label="督查时间" rules={[{ required: true, message: '请选择督查时间' }]}>
            <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="unannounced" label="暗访" valuePropName="checked">
            <Switch />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="location" label="地点">
        <Input maxLength={300} placeholder="如：大学路与政通路交叉口东北角工地" />
      </Form.Item>
      <Row gutter={8} align="bottom">
        <Col flex="1">
          <Form.Item name="lat" label="纬度">
            <InputNumber min={-90} max={90} step={0.000001} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col flex="1">
          <Form.Item name="lng" label="经度">
            <InputNumber min={-180} max={180} step={0.000001} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col>
          <Form.Item>
            <Button icon={<AimOutlined />} loading={locating} onClick={locate}>
              定位
            </Button>
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="finding" label="督查结论" rules={[{ required: true, message: '请选择督查结论' }]}>
        <Radio.Group options={INSPECTION_FINDINGS.map((f) => ({ value: f, label: INSPECTION_FINDING_LABELS[f] }))} />
      </Form.Item>
      <Form.Item name="notes" label="督查情况">
        <Input.TextArea rows={3} maxLength={5000} />
      </Form.Item>
      <Form.Item name="inspectorIds" label="同行督查人员">
        <PersonSelect multiple allowClear />
      </Form.Item>
      <Form.Item name="attachmentIds" label="现场照片">
        <AttachmentUpload accept="image/*" capture="environment" listType="picture-card">
          <div>
            <CameraOutlined style={{ fontSize: 20 }} />
            <div>拍照</div>
          </div>
        </AttachmentUpload>
      </Form.Item>
    </>
  );
}

import { AimOutlined, CameraOutlined } from '@ant-design/icons';
import { INSPECTION_FINDINGS } from '@duban/shared';
import { App, Button, Col, DatePicker, Form, Input, InputNumber, Radio, Row, Switch } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AttachmentUpload } from './AttachmentUpload';
import { PersonSelect } from './pickers';
import { enumOptions } from '../../i18n/enumLabels';

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
  const { t } = useTranslation();
  const { message } = App.useApp();
  const form = Form.useFormInstance();
  const [locating, setLocating] = useState(false);

  const locate = () => {
    if (!('geolocation' in navigator)) {
      message.warning(t('matters.inspection.noGeo'));
      return;
    }
    setLocating(true);
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        setLocating(false);
        form.setFieldsValue({ lat: Number(pos.coords.latitude.toFixed(6)), lng: Number(pos.coords.longitude.toFixed(6)) });
        message.success(t('matters.inspection.located', { m: Math.round(pos.coords.accuracy) }));
      },
      (err) => {
        setLocating(false);
        message.warning(err.code === err.PERMISSION_DENIED ? t('matters.inspection.geoDenied') : t('matters.inspection.geoFailed'));
      },
      { enableHighAccuracy: true, timeout: 15_000 },
    );
  };

  return (
    <>
      <Row gutter={12}>
        <Col xs={24} sm={12}>
          <Form.Item name="inspectedAt" label={t('matters.inspection.at')} rules={[{ required: true, message: t('matters.inspection.atRequired') }]}>
            <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="unannounced" label={t('matters.inspection.unannounced')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="location" label={t('matters.inspection.location')}>
        <Input maxLength={300} placeholder={t('matters.inspection.locationHint')} />
      </Form.Item>
      <Row gutter={8} align="bottom">
        <Col flex="1">
          <Form.Item name="lat" label={t('matters.inspection.lat')}>
            <InputNumber min={-90} max={90} step={0.000001} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col flex="1">
          <Form.Item name="lng" label={t('matters.inspection.lng')}>
            <InputNumber min={-180} max={180} step={0.000001} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col>
          <Form.Item>
            <Button icon={<AimOutlined />} loading={locating} onClick={locate}>
              {t('matters.inspection.locate')}
            </Button>
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="finding" label={t('matters.inspection.finding')} rules={[{ required: true, message: t('matters.inspection.findingRequired') }]}>
        <Radio.Group options={enumOptions('finding', INSPECTION_FINDINGS)} />
      </Form.Item>
      <Form.Item name="notes" label={t('matters.inspection.notes')}>
        <Input.TextArea rows={3} maxLength={5000} />
      </Form.Item>
      <Form.Item name="inspectorIds" label={t('matters.inspection.inspectors')}>
        <PersonSelect multiple allowClear />
      </Form.Item>
      <Form.Item name="attachmentIds" label={t('matters.report.photos')}>
        <AttachmentUpload accept="image/*" capture="environment" listType="picture-card">
          <div>
            <CameraOutlined style={{ fontSize: 20 }} />
            <div>{t('matters.report.camera')}</div>
          </div>
        </AttachmentUpload>
      </Form.Item>
    </>
  );
}

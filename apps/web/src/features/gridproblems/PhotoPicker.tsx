import { CameraOutlined, CloseOutlined, LoadingOutlined } from '@ant-design/icons';
import { App, Button, Image, Space } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { uploadGridPhoto } from './api';
import type { DraftPhoto } from './reportDraft';
import './i18n';

/**
 * Photos taken in the page: the phone's camera opens from `<input type=file accept=image/* capture=environment>`
 * (a desk browser offers a file instead); each photo is uploaded at once (POST /api/grid/photos, re-encoded and
 * stripped of EXIF/GPS by the server) and held by id as the form value.
 */
export function PhotoPicker({ value = [], onChange, max = 9, testId }: { value?: DraftPhoto[]; onChange?: (v: DraftPhoto[]) => void; max?: number; testId?: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(0);
  // The latest list, so two uploads finishing together both land.
  const latest = useRef(value);
  latest.current = value;

  const take = async (files: FileList | null) => {
    const list = Array.from(files ?? []).slice(0, Math.max(0, max - value.length));
    if (input.current) input.current.value = '';
    for (const file of list) {
      setBusy((n) => n + 1);
      try {
        const p = await uploadGridPhoto(file);
        latest.current = [...latest.current, { id: p.id, url: p.url }];
        onChange?.(latest.current);
      } catch (err) {
        message.error(t('gridProblems.report.photoFailed', { msg: err instanceof ApiError || err instanceof Error ? err.message : String(err) }));
      } finally {
        setBusy((n) => n - 1);
      }
    }
  };

  return (
    <Space wrap size={8} data-testid={testId}>
      <Image.PreviewGroup>
        {value.map((p) => (
          <div key={p.id} style={{ position: 'relative', width: 84, height: 84 }}>
            <Image src={p.url} width={84} height={84} style={{ objectFit: 'cover', borderRadius: 6 }} />
            <Button
              size="small"
              shape="circle"
              danger
              icon={<CloseOutlined />}
              aria-label={t('gridProblems.report.removePhoto')}
              style={{ position: 'absolute', top: -8, right: -8 }}
              onClick={() => onChange?.(value.filter((x) => x.id !== p.id))}
            />
          </div>
        ))}
      </Image.PreviewGroup>
      {value.length < max && (
        <Button style={{ width: 84, height: 84, display: 'flex', flexDirection: 'column', alignItems: 'center', justifyContent: 'center', gap: 4 }} onClick={() => input.current?.click()} disabled={busy > 0}>
          {busy > 0 ? <LoadingOutlined /> : <CameraOutlined style={{ fontSize: 22 }} />}
          <span style={{ fontSize: 12 }}>{busy > 0 ? t('gridProblems.report.uploading') : t('gridProblems.report.takePhoto')}</span>
        </Button>
      )}
      <input ref={input} type="file" accept="image/*" capture="environment" style={{ display: 'none' }} data-testid={testId ? `${testId}-input` : undefined} onChange={(e) => void take(e.target.files)} />
    </Space>
  );
}

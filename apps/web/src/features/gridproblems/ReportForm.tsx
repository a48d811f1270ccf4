import { AimOutlined, ReloadOutlined } from '@ant-design/icons';
import { GRID_URGENCIES, type GridCategoryView, type GridCellView, type ReportResultView } from '@duban/shared';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input, Radio, Result, Select, Space, Switch, TreeSelect, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError, post } from '../../api/client';
import { draftKey, dropDraft, readDraft, writeDraft } from '../../components/drafts';
import { applyServerErrors } from '../../components/formErrors';
import { enumOptions } from '../../i18n/enumLabels';
import { sendReport, useGridCategories } from './api';
import { PhotoPicker } from './PhotoPicker';
import { draftHasInput, emptyDraft, newDraftKey, parseDraft, reportBody, type ReportDraft } from './reportDraft';
import './i18n';

type Values = Omit<ReportDraft, 'key' | 'lon' | 'lat'>;
type Sent = { kind: 'idle' } | { kind: 'sending' } | { kind: 'failed'; message: string } | { kind: 'done'; result: ReportResultView };
type Assignment = { cellId: number | null; note: string };

type CatNode = { value: number; title: string; children?: CatNode[] };
function categoryTree(items: GridCategoryView[]): CatNode[] {
  const kids = new Map<number, GridCategoryView[]>();
  for (const c of items) if (c.parentId !== null) kids.set(c.parentId, [...(kids.get(c.parentId) ?? []), c]);
  const ids = new Set(items.map((c) => c.id));
  const node = (c: GridCategoryView): CatNode => ({ value: c.id, title: c.name, children: kids.get(c.id)?.map(node) });
  return items.filter((c) => c.parentId === null || !ids.has(c.parentId)).map(node);
}

/**
 * 上报问题 on the phone: photos taken in the page, GPS (or the cell picked by hand), category, description,
 * urgency, optionally 即办 with after-photos. The draft lives in this browser with its Idempotency-Key until the
 * server answers: a failed send keeps everything and "重试" sends the same report again, which the server
 * recognises, so a weak network cannot file it twice.
 */
export function ReportForm({ accountId, cells }: { accountId: number | null; cells: GridCellView[] }) {
  const { t } = useTranslation();
  const { modal } = App.useApp();
  const client = useQueryClient();
  const storeKey = draftKey('grid-report', accountId);
  const [restored] = useState(() => parseDraft(readDraft(storeKey)));
  const [draft, setDraft] = useState<ReportDraft>(() => restored ?? { ...emptyDraft(), cellId: cells.length === 1 ? cells[0]?.id : undefined });
  const [sent, setSent] = useState<Sent>({ kind: 'idle' });
  const [locating, setLocating] = useState(false);
  const [gpsProblem, setGpsProblem] = useState<string | null>(null);
  const [assignment, setAssignment] = useState<Assignment | null>(null);
  const [form] = Form.useForm<Values>();
  const { data: categories = [] } = useGridCategories();
  const tree = useMemo(() => categoryTree(categories), [categories]);
  const instant = Form.useWatch('instant', form) ?? draft.instant;

  const save = (next: ReportDraft) => {
    setDraft(next);
    writeDraft(storeKey, next);
  };
  const patch = (p: Partial<ReportDraft>) => save({ ...draft, ...p });

  const locate = () => {
    setGpsProblem(null);
    if (!('geolocation' in navigator)) {
      setGpsProblem(t('gridProblems.report.gpsUnavailable'));
      return;
    }
    setLocating(true);
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        setLocating(false);
        const lon = Number(pos.coords.longitude.toFixed(6));
        const lat = Number(pos.coords.latitude.toFixed(6));
        patch({ lon, lat });
        post<Assignment>('/api/grid/assign', { lon, lat })
          .then(setAssignment)
          .catch(() => setAssignment(null));
        void form.validateFields(['cellId']).catch(() => undefined);
      },
      (err) => {
        setLocating(false);
        setGpsProblem(t('gridProblems.report.noGps', { why: err.message || String(err.code) }));
      },
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 60_000 },
    );
  };

  const send = async (d: ReportDraft) => {
    setSent({ kind: 'sending' });
    try {
      const result = await sendReport(reportBody(d), d.key);
      dropDraft(storeKey);
      setSent({ kind: 'done', result });
      void client.invalidateQueries({ queryKey: ['grid', 'problems'] });
    } catch (err) {
      // A definite refusal (bad input, a category the tenant lacks) made nothing: the corrected report gets a new
      // key. A lost answer, a server error or "still running" keeps the key, so the retry is recognised.
      const definite = err instanceof ApiError && err.status >= 400 && err.status < 500 && err.code !== 'idempotency_in_progress';
      if (definite) save({ ...d, key: newDraftKey() });
      setSent({ kind: 'failed', message: definite ? applyServerErrors(form, err) : err instanceof Error ? err.message : String(err) });
    }
  };

  const submit = async () => {
    await form.validateFields();
    await send(draft);
  };

  const startOver = () => {
    const next = { ...emptyDraft(), cellId: cells.length === 1 ? cells[0]?.id : undefined };
    dropDraft(storeKey);
    setDraft(next);
    setAssignment(null);
    setSent({ kind: 'idle' });
    form.resetFields();
    form.setFieldsValue(next);
  };

  if (sent.kind === 'done') {
    const r = sent.result;
    return (
      <Result
        status="success"
        data-testid="grid-report-done"
        title={r.existing ? t('gridProblems.report.doneExisting', { ticket: r.ticket }) : t('gridProblems.report.done', { ticket: r.ticket })}
        subTitle={r.cellNote}
        extra={[
          <Link key="open" to={`/grid/problems/${r.id}`}>
            <Button type="primary">{t('gridProblems.report.open')}</Button>
          </Link>,
          <Button key="again" onClick={startOver}>
            {t('gridProblems.report.again')}
          </Button>,
        ]}
      >
        {r.possibleDuplicates.length > 0 && (
          <Typography.Paragraph>
            {t('gridProblems.report.duplicates')}
            {r.possibleDuplicates.map((p) => (
              <Link key={p.id} to={`/grid/problems/${p.id}`} style={{ marginInlineStart: 8 }}>
                {p.ticket} {p.title}（{Math.round(p.distanceM)} m）
              </Link>
            ))}
          </Typography.Paragraph>
        )}
      </Result>
    );
  }

  const located = draft.lon !== undefined && draft.lat !== undefined;
  return (
    <Form
      form={form}
      layout="vertical"
      initialValues={draft}
      onValuesChange={(_, all) => patch(all)}
      data-testid="grid-report-form"
      requiredMark={false}
      onFinish={() => void submit()}
    >
      {restored && draftHasInput(restored) && sent.kind === 'idle' && <Alert type="info" showIcon title={t('gridProblems.report.draftRestored')} style={{ marginBottom: 12 }} closable />}
      <Form.Item
        name="photos"
        label={instant ? `${t('gridProblems.report.photos')}（${t('gridProblems.page.phase.before')}）` : t('gridProblems.report.photos')}
        rules={[{ validator: (_, v: unknown[] | undefined) => (instant && !v?.length ? Promise.reject(new Error(t('gridProblems.report.beforeRequired'))) : Promise.resolve()) }]}
      >
        <PhotoPicker testId="grid-report-photos" />
      </Form.Item>

      <Form.Item label={t('gridProblems.report.location')} required>
        <Space direction="vertical" style={{ width: '100%' }} size={8}>
          <Space wrap>
            <Button icon={<AimOutlined />} loading={locating} onClick={locate} data-testid="grid-report-locate">
              {locating ? t('gridProblems.report.locating') : t('gridProblems.report.locate')}
            </Button>
            {located && (
              <>
                <Typography.Text type="success">{t('gridProblems.report.located', { lon: draft.lon, lat: draft.lat })}</Typography.Text>
                <Button
                  type="link"
                  size="small"
                  onClick={() => {
                    patch({ lon: undefined, lat: undefined });
                    setAssignment(null);
                  }}
                >
                  {t('gridProblems.report.clearLocation')}
                </Button>
              </>
            )}
          </Space>
          {located && assignment && <Typography.Text type="secondary">{assignment.note}</Typography.Text>}
          {gpsProblem && <Alert type="warning" showIcon title={gpsProblem} />}
          <Form.Item
            name="cellId"
            hidden={located}
            rules={[
              {
                validator: (_, v: number | undefined) =>
                  located || v || form.getFieldValue('address')?.trim() ? Promise.resolve() : Promise.reject(new Error(t('gridProblems.report.needPlace'))),
              },
            ]}
          >
            <Select
              allowClear
              placeholder={t('gridProblems.report.cellPlaceholder')}
              options={cells.map((c) => ({ value: c.id, label: `${c.name}（${c.code}）` }))}
              data-testid="grid-report-cell"
              notFoundContent={t('gridProblems.phone.noCells')}
            />
          </Form.Item>
        </Space>
      </Form.Item>
      <Form.Item name="address" label={t('gridProblems.report.address')} rules={[{ max: 200 }]}>
        <Input placeholder={t('gridProblems.report.addressPlaceholder')} maxLength={200} />
      </Form.Item>
      <Form.Item name="categoryId" label={t('gridProblems.report.category')} rules={[{ required: true, message: t('gridProblems.report.categoryRequired') }]}>
        <TreeSelect
          showSearch
          treeNodeFilterProp="title"
          treeData={tree}
          placeholder={t('gridProblems.report.categoryPlaceholder')}
          data-testid="grid-report-category"
          onChange={(id: number) => {
            const c = categories.find((x) => x.id === id);
            if (c && !form.isFieldTouched('urgency')) form.setFieldValue('urgency', c.urgency);
          }}
        />
      </Form.Item>
      <Form.Item name="urgency" label={t('gridProblems.report.urgency')}>
        <Radio.Group optionType="button" buttonStyle="solid" options={enumOptions('gridUrgency', GRID_URGENCIES)} />
      </Form.Item>
      <Form.Item name="description" label={t('gridProblems.report.description')} rules={[{ required: true, whitespace: true, message: t('gridProblems.report.descriptionRequired') }, { max: 2000 }]}>
        <Input.TextArea rows={3} placeholder={t('gridProblems.report.descriptionPlaceholder')} data-testid="grid-report-description" maxLength={2000} />
      </Form.Item>
      <Form.Item name="instant" valuePropName="checked" label={t('gridProblems.report.instant')} extra={t('gridProblems.report.instantHint')}>
        <Switch data-testid="grid-report-instant" />
      </Form.Item>
      {instant && (
        <>
          <Form.Item name="result" label={t('gridProblems.report.instantResult')} rules={[{ required: true, whitespace: true, message: t('gridProblems.report.instantResultRequired') }, { max: 1000 }]}>
            <Input.TextArea rows={2} data-testid="grid-report-result" maxLength={1000} />
          </Form.Item>
          <Form.Item name="afterPhotos" label={t('gridProblems.report.afterPhotos')} rules={[{ validator: (_, v: unknown[] | undefined) => (v?.length ? Promise.resolve() : Promise.reject(new Error(t('gridProblems.report.afterRequired')))) }]}>
            <PhotoPicker testId="grid-report-after" />
          </Form.Item>
        </>
      )}
      {sent.kind === 'failed' && (
        <Alert
          type="error"
          showIcon
          data-testid="grid-report-failed"
          style={{ marginBottom: 12 }}
          title={t('gridProblems.report.failed', { msg: sent.message })}
          description={t('gridProblems.report.failedKept')}
          action={
            <Button size="small" icon={<ReloadOutlined />} onClick={() => void submit()}>
              {t('gridProblems.report.retry')}
            </Button>
          }
        />
      )}
      <Space direction="vertical" style={{ width: '100%' }}>
        <Button type="primary" htmlType="submit" block size="large" loading={sent.kind === 'sending'} data-testid="grid-report-submit">
          {sent.kind === 'sending' ? t('gridProblems.report.sending') : instant ? t('gridProblems.report.submitInstant') : t('gridProblems.report.submit')}
        </Button>
        {draftHasInput(draft) && (
          <Button type="link" block onClick={() => modal.confirm({ title: t('gridProblems.report.discardConfirm'), okButtonProps: { danger: true }, onOk: startOver })}>
            {t('gridProblems.report.discard')}
          </Button>
        )}
      </Space>
    </Form>
  );
}

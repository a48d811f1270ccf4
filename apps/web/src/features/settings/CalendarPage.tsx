import { weekday, type CalendarDayView, type CalendarExceptionKind } from '@duban/shared';
import { DeleteOutlined, EditOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, DatePicker, Form, Input, Modal, Popconfirm, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../api/auth';
import { useCalendarCoverage, useCalendarMutations, useCalendarYear } from '../../api/settings';
import { useConfirmClose } from '../../components/useConfirmClose';
import { applyServerErrors } from '../../components/formErrors';
import { CalendarImportModal } from './CalendarImportModal';
import { enumOptions, labelOf } from '../../i18n/enumLabels';

const KIND_COLOUR: Record<CalendarExceptionKind, string> = { holiday: 'red', workday: 'blue', closure: 'orange' };
const KINDS: CalendarExceptionKind[] = ['holiday', 'workday', 'closure'];

type DayForm = { date: dayjs.Dayjs; kind: CalendarExceptionKind; name: string };

/** 工作日历: a year's holidays, make-up working days and local closures; edit, import, mark the year entered. */
export function CalendarPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { data: me } = useMe();
  const canManage = !!me?.permissions.includes('calendar.manage');
  const thisYear = new Date().getFullYear();
  const [year, setYear] = useState(thisYear);
  const { data, isLoading } = useCalendarYear(year);
  const { data: coverage } = useCalendarCoverage();
  const { setDay, deleteDay, setYear: markYear } = useCalendarMutations();
  const [editing, setEditing] = useState<CalendarDayView | 'new' | null>(null);
  const [importing, setImporting] = useState(false);
  const [form] = Form.useForm<DayForm>();
  const closeEditor = useConfirmClose(form, () => setEditing(null));

  const openEditor = (day: CalendarDayView | 'new') => {
    setEditing(day);
    form.setFieldsValue(day === 'new' ? { date: dayjs(`${year}-01-01`), kind: 'closure', name: '' } : { date: dayjs(day.date), kind: day.kind, name: day.name });
  };
  const save = async () => {
    const v = await form.validateFields();
    try {
      await setDay.mutateAsync({ date: v.date.format('YYYY-MM-DD'), kind: v.kind, name: v.name });
      message.success(t('common.saved'));
      setEditing(null);
    } catch (err) {
      message.error(applyServerErrors(form, err));
    }
  };

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="calendar-page">
      {coverage && coverage.missingYears.length > 0 && (
        <Alert
          type="warning"
          showIcon
          message={t('calendar.missing', { years: coverage.missingYears.join(t('common.listSep')) })}
          description={coverage.provisionalMatters > 0 ? t('calendar.provisionalMatters', { count: coverage.provisionalMatters }) : t('calendar.missingHelp')}
        />
      )}
      <Card
        title={t('calendar.title')}
        extra={
          <Space wrap>
            <Select
              value={year}
              onChange={setYear}
              style={{ width: 110 }}
              options={[thisYear - 1, thisYear, thisYear + 1, thisYear + 2].map((y) => ({ value: y, label: t('calendar.year', { year: y }) }))}
            />
            {canManage && (
              <>
                <Button icon={<PlusOutlined />} onClick={() => openEditor('new')}>
                  {t('calendar.addDay')}
                </Button>
                <Button icon={<UploadOutlined />} onClick={() => setImporting(true)}>
                  {t('calendar.import')}
                </Button>
              </>
            )}
          </Space>
        }
      >
        <Space style={{ marginBottom: 12 }} wrap>
          <Typography.Text>{t('calendar.covered', { year })}</Typography.Text>
          <Switch
            checked={!!data?.covered}
            disabled={!canManage || markYear.isPending}
            checkedChildren={t('common.yes')}
            unCheckedChildren={t('common.no')}
            onChange={(covered) => markYear.mutate({ year, covered, source: covered ? t('calendar.manualSource') : null })}
          />
          {data?.source && <Typography.Text type="secondary">{t('calendar.source', { source: data.source })}</Typography.Text>}
        </Space>
        {data && !data.covered && <Alert style={{ marginBottom: 12 }} type="info" showIcon message={t('calendar.notCovered', { year })} />}
        <Table<CalendarDayView>
          size="small"
          loading={isLoading}
          rowKey={(r) => `${r.date}-${r.kind}`}
          dataSource={data?.days ?? []}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          columns={[
            { title: t('calendar.date'), dataIndex: 'date', width: 130 },
            { title: t('calendar.weekday'), width: 80, render: (_, r) => t(`calendar.weekdays.${weekday(r.date)}`) },
            { title: t('calendar.kind'), dataIndex: 'kind', width: 120, render: (k: CalendarExceptionKind) => <Tag color={KIND_COLOUR[k]}>{labelOf('calendarKind', k)}</Tag> },
            { title: t('calendar.name'), dataIndex: 'name' },
            ...(canManage
              ? [
                  {
                    title: t('common.actions'),
                    width: 140,
                    render: (_: unknown, r: CalendarDayView) => (
                      <Space>
                        <Button size="small" type="link" icon={<EditOutlined />} onClick={() => openEditor(r)}>
                          {t('common.edit')}
                        </Button>
                        <Popconfirm title={t('calendar.confirmDelete', { date: r.date })} onConfirm={() => deleteDay.mutate(r.date)}>
                          <Button size="small" type="link" danger icon={<DeleteOutlined />}>
                            {t('common.delete')}
                          </Button>
                        </Popconfirm>
                      </Space>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Card>
      <Modal title={editing === 'new' ? t('calendar.addDay') : t('calendar.editDay')} open={editing !== null} onCancel={closeEditor} onOk={() => void save()} confirmLoading={setDay.isPending} destroyOnHidden>
        <Form form={form} layout="vertical">
          <Form.Item name="date" label={t('calendar.date')} rules={[{ required: true, message: t('calendar.dateRequired') }]}>
            <DatePicker style={{ width: '100%' }} disabled={editing !== 'new'} />
          </Form.Item>
          <Form.Item name="kind" label={t('calendar.kind')} rules={[{ required: true }]}>
            <Select options={enumOptions('calendarKind', KINDS)} />
          </Form.Item>
          <Form.Item name="name" label={t('calendar.name')} rules={[{ required: true, message: t('calendar.nameRequired') }]}>
            <Input maxLength={50} placeholder={t('calendar.nameHint')} />
          </Form.Item>
        </Form>
      </Modal>
      <CalendarImportModal open={importing} onClose={() => setImporting(false)} />
    </Space>
  );
}

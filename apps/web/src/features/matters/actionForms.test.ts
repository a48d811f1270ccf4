import type { MatterDetail } from '@duban/shared';
import dayjs from 'dayjs';
import { describe, expect, it } from 'vitest';
import { ACTION_FORMS } from './actionForms';

// Only what the bodies read from the matter.
const matter = {
  id: 7,
  version: 4,
  viewerUnitId: 12,
  deadline: '2026-12-31',
  units: [{ unitId: 12, unitName: '五里堡街道办事处', status: 'signed', handlers: [{ personId: 3, name: '赵敏' }] }],
  extensions: [{ id: 41, status: 'pending' }],
} as unknown as MatterDetail;

const body = (action: keyof typeof ACTION_FORMS, values: Record<string, unknown>) => ACTION_FORMS[action]?.body(values, matter);

describe('action modal bodies', () => {
  it('assign carries the version read, so a concurrent change is refused instead of overwritten', () => {
    expect(body('assign', { note: '  请尽快签收 ' })).toEqual({ body: { note: '请尽快签收', version: 4 } });
  });

  it('unit actions name the viewer’s own unit', () => {
    expect(body('sign', {})).toEqual({ body: { unitId: 12 } });
    expect(body('request_extension', { requestedDeadline: dayjs('2027-01-15'), reason: '雨季' })).toEqual({ body: { unitId: 12, requestedDeadline: '2027-01-15', reason: '雨季' } });
  });

  it('an extension decision goes to the request chosen, defaulting to the pending one', () => {
    expect(ACTION_FORMS.decide_extension?.initial?.(matter)).toEqual({ eid: 41, approve: true });
    expect(body('decide_extension', { eid: 41, approve: false, note: '' })).toEqual({ body: { approve: false, note: undefined }, eid: 41 });
  });

  it('a return to all units sends no unit list; a notice sends recipients as people', () => {
    expect(body('return', { reason: '补充照片', unitIds: [] })).toEqual({ body: { reason: '补充照片', unitIds: undefined } });
    expect(body('issue_notice', { title: '通知', body: '请回复', recipients: [3, 5] })).toMatchObject({ body: { recipients: [{ personId: 3 }, { personId: 5 }], replyBy: null } });
  });
});

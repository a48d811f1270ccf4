import dayjs from 'dayjs';
import { describe, expect, it } from 'vitest';
import { toMeetingBody } from './meetingForm';

describe('the meeting form body', () => {
  const base = { kind: 'joint' as const, title: ' 联席会议 ', heldOn: dayjs('2026-11-19'), present: [3, 4], absent: [4, 5], problemIds: [9], minutes: '纪要', decisions: [] };

  it('counts a unit listed both present and absent as present, and drops empty decision rows', () => {
    const body = toMeetingBody({ ...base, decisions: [{}, { id: 7, content: ' 修复管网 ', unitId: 3, deadline: dayjs('2026-12-01'), problemId: 9, settled: true }] });
    expect(body).toEqual({
      kind: 'joint',
      title: '联席会议',
      heldOn: '2026-11-19',
      convenorPersonId: null,
      convenorUnitId: null,
      minutes: '纪要',
      units: [
        { unitId: 3, present: true },
        { unitId: 4, present: true },
        { unitId: 5, present: false },
      ],
      problemIds: [9],
      decisions: [{ id: 7, content: '修复管网', unitId: 3, deadline: '2026-12-01', problemId: 9 }],
    });
  });

  it('sends no problems for a 督查工作例会, and no decision link to a problem no longer listed', () => {
    const body = toMeetingBody({ ...base, kind: 'supervision', decisions: [{ content: '事项', unitId: 3, deadline: dayjs('2026-12-01'), problemId: 9 }] });
    expect(body.problemIds).toEqual([]);
    expect(body.decisions[0]?.problemId).toBeNull();
  });
});

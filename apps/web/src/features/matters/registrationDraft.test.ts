import dayjs from 'dayjs';
import { describe, expect, it } from 'vitest';
import { fromDraft, toDraft } from './registrationDraft';

describe('registration draft', () => {
  it('keeps what was typed through JSON, dates coming back as dates, uploaded files left out', () => {
    const draft = toDraft(
      {
        title: '大学路老旧小区改造',
        content: '三季度完成',
        leadUnitId: 7,
        coUnitIds: [8, 9],
        startDate: dayjs('2026-12-07'),
        deadlineMode: 'date',
        deadline: dayjs('2027-03-31'),
        milestones: [{ date: dayjs('2027-01-15'), plannedProgress: 30, description: '完成设计' }, { date: null, plannedProgress: null }],
        attachmentIds: [41],
      },
      new Date('2026-12-07T02:00:00Z'),
    );
    const back = fromDraft(JSON.stringify(draft));
    expect(back?.savedAt).toBe('2026-12-07T02:00:00.000Z');
    const v = back?.values ?? {};
    expect(v).toMatchObject({ title: '大学路老旧小区改造', content: '三季度完成', leadUnitId: 7, coUnitIds: [8, 9], deadlineMode: 'date' });
    expect(v).not.toHaveProperty('attachmentIds');
    expect(dayjs.isDayjs(v.startDate) && v.startDate.format('YYYY-MM-DD')).toBe('2026-12-07');
    expect(dayjs.isDayjs(v.deadline) && v.deadline.format('YYYY-MM-DD')).toBe('2027-03-31');
    const ms = Array.isArray(v.milestones) ? v.milestones : [];
    expect(ms).toHaveLength(2);
    expect(dayjs.isDayjs(ms[0].date) && ms[0].date.format('YYYY-MM-DD')).toBe('2027-01-15');
    expect(ms[0]).toMatchObject({ plannedProgress: 30, description: '完成设计' });
    expect(ms[1].date).toBeNull();
  });

  it('ignores nothing stored and anything unreadable', () => {
    expect(fromDraft(null)).toBeNull();
    expect(fromDraft('{not json')).toBeNull();
    expect(fromDraft('{"values":1,"savedAt":"x"}')).toBeNull();
    expect(fromDraft('[]')).toBeNull();
  });
});

import { matterCreateSchema } from '@duban/shared';
import dayjs from 'dayjs';
import { describe, expect, it } from 'vitest';
import { toMatterBody } from './matterBody';

const base = { title: '老旧小区改造', source: 'key_work' as const, leadUnitId: 3, coUnitIds: [5], handlerIds: [], startDate: dayjs('2026-11-02'), milestones: [] };

describe('register form → request body', () => {
  it('sends a date deadline as YYYY-MM-DD and leaves the working-day count out', () => {
    const body = toMatterBody({ ...base, deadlineMode: 'date', deadline: dayjs('2026-12-31'), deadlineWorkdays: 15, milestones: [{ date: dayjs('2026-11-30'), plannedProgress: 50, description: '完成招标' }] });
    expect(body).toMatchObject({ startDate: '2026-11-02', deadline: '2026-12-31', deadlineWorkdays: null, milestones: [{ date: '2026-11-30', plannedProgress: 50, description: '完成招标' }] });
    expect(matterCreateSchema.safeParse(body).success).toBe(true);
  });

  it('sends "N 个工作日" without a date, and the server schema accepts it', () => {
    const body = toMatterBody({ ...base, deadlineMode: 'workdays', deadline: dayjs('2026-12-31'), deadlineWorkdays: 15 });
    expect(body.deadline).toBeNull();
    expect(body.deadlineWorkdays).toBe(15);
    expect(matterCreateSchema.safeParse(body).success).toBe(true);
  });

  it('drops empty milestone rows instead of sending broken dates', () => {
    const body = toMatterBody({ ...base, deadlineMode: 'date', deadline: dayjs('2026-12-31'), milestones: [{ date: null, plannedProgress: null }] });
    expect(body.milestones).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { officialCalendar } from './calendar-data';
import type { MatterFacts, MatterStatus } from './matter-facts';
import { shanghaiInstant, type IsoDate } from './time';
import { evaluateColour, type WarningResult } from './warning';
import type { WarningReason, WarningReasonCode } from './warning-reasons';
import { DEFAULT_THRESHOLDS, type WarningThresholds } from './warning-thresholds';

const cal = officialCalendar();

/** 10:00 Shanghai time on a date. */
const at = (date: IsoDate, hour = 10): Date => shanghaiInstant(date, hour * 60);

// A healthy matter: ahead of its plan (9-01 → 12-31) until mid-December, reported and moving.
function matter(over: Partial<MatterFacts> = {}): MatterFacts {
  return {
    status: 'in_progress',
    startDate: '2026-09-01',
    deadline: '2026-12-31',
    progress: 70,
    milestones: [],
    lastReportAt: at('2026-11-01'),
    lastProgressIncreaseAt: at('2026-11-01'),
    assignedAt: at('2026-09-01'),
    reportCadence: 'none',
    ...over,
  };
}

function evaluate(facts: MatterFacts, today: IsoDate, thresholds: Partial<WarningThresholds> = {}): WarningResult {
  return evaluateColour(facts, at(today), cal, { ...DEFAULT_THRESHOLDS, ...thresholds });
}

function reason(result: WarningResult, code: WarningReasonCode): WarningReason | undefined {
  return result.reasons.find((r) => r.code === code);
}

const codes = (result: WarningResult): WarningReasonCode[] => result.reasons.map((r) => r.code);

describe('uncoloured matters', () => {
  it.each<MatterStatus>(['closed', 'archived', 'cancelled', 'registered'])('%s has no colour, even when overdue', (status) => {
    const result = evaluate(matter({ status, deadline: '2026-10-01', progress: 0, lastReportAt: null }), '2026-11-05');
    expect(result).toEqual({ colour: null, reasons: [], plannedProgress: 100, provisional: false });
  });

  it('colours an assigned matter that nobody has signed for yet', () => {
    expect(evaluate(matter({ status: 'assigned' }), '2026-11-05').colour).toBe('green');
  });
});

describe('green 正常推进', () => {
  it('is green with no reasons when on plan, reported and moving', () => {
    const result = evaluate(matter(), '2026-11-05');
    expect(result.colour).toBe('green');
    expect(result.reasons).toEqual([]);
    expect(result.provisional).toBe(false);
    expect(result.plannedProgress).toBeCloseTo((65 / 121) * 100, 9); // 9-01 → 11-05 of 9-01 → 12-31
  });
});

describe('red 逾期未办', () => {
  it('counts the working days after the deadline, today included', () => {
    const result = evaluate(matter({ deadline: '2026-12-01', progress: 95 }), '2026-12-03');
    expect(result.colour).toBe('red');
    expect(reason(result, 'overdue')).toEqual({
      code: 'overdue',
      colour: 'red',
      text: '已逾期 2 个工作日（时限 2026-12-01）',
      deadline: '2026-12-01',
      overdueWorkdays: 2,
      overdueDays: 2,
    });
  });

  it('allows the deadline day itself, in Shanghai time', () => {
    const facts = matter({ deadline: '2026-12-01', progress: 95, lastReportAt: at('2026-11-30') });
    expect(evaluateColour(facts, new Date('2026-12-01T15:59:00Z'), cal, DEFAULT_THRESHOLDS).colour).not.toBe('red');
    expect(evaluateColour(facts, new Date('2026-12-01T16:00:00Z'), cal, DEFAULT_THRESHOLDS).colour).toBe('red');
  });

  it('is red the day after a Friday deadline, before a working day is lost', () => {
    const result = evaluate(matter({ deadline: '2026-12-04', progress: 95 }), '2026-12-05');
    expect(result.colour).toBe('red');
    expect(reason(result, 'overdue')?.text).toBe('已过时限，逾期尚不足 1 个工作日（时限 2026-12-04）');
  });

  it('skips the holidays when counting', () => {
    const result = evaluate(matter({ deadline: '2026-09-30', progress: 95 }), '2026-10-09');
    expect(reason(result, 'overdue')).toMatchObject({ overdueWorkdays: 2 });
    expect(reason(result, 'overdue')).toMatchObject({ overdueDays: 9 });
  });

  it('holds for a finished matter awaiting review, and at 100%', () => {
    for (const status of ['completion_requested', 'in_progress'] as const) {
      expect(evaluate(matter({ status, deadline: '2026-12-01', progress: 100 }), '2026-12-02').colour).toBe('red');
    }
  });

  it('is provisional when the count runs into an uncovered year', () => {
    const result = evaluate(matter({ deadline: '2026-12-30', progress: 95, lastReportAt: at('2027-01-04') }), '2027-01-05');
    expect(result.colour).toBe('red');
    expect(result.provisional).toBe(true);
  });

  it('wins over blue and yellow, listing them all worst first', () => {
    const facts = matter({
      deadline: '2026-12-01',
      progress: 35,
      milestones: [{ date: '2026-11-15', plannedProgress: 50, description: '主体封顶' }],
      lastReportAt: at('2026-11-24'),
      lastProgressIncreaseAt: at('2026-11-10'),
      reportCadence: 'weekly',
    });
    const result = evaluate(facts, '2026-12-03');
    expect(result.colour).toBe('red');
    expect(codes(result)).toEqual(['overdue', 'no_report', 'missed_report', 'no_progress', 'lagging', 'milestone_missed']);
    expect(result.reasons.map((r) => r.text)).toEqual([
      '已逾期 2 个工作日（时限 2026-12-01）',
      '已 9 天未汇报进度',
      '未按每周汇报要求汇报进度（最迟应于 2026-12-01 汇报）',
      '进度已 23 天没有提升（当前 35%）',
      '计划进度 100%，实际 35%，落后 65 个百分点',
      '节点“主体封顶”（2026-11-15，计划 50%）已过未达到',
    ]);
  });
});

describe('blue 进度停滞', () => {
  it('turns blue once more than stallDays calendar days pass without a report', () => {
    const facts = matter({ lastReportAt: at('2026-11-24'), lastProgressIncreaseAt: at('2026-11-24') });
    expect(evaluate(facts, '2026-12-01').colour).toBe('green'); // 7 days: the 7th day is still allowed
    const result = evaluate(facts, '2026-12-03');
    expect(result.colour).toBe('blue');
    expect(reason(result, 'no_report')).toEqual({
      code: 'no_report',
      colour: 'blue',
      text: '已 9 天未汇报进度',
      days: 9,
      stallDays: 7,
      since: '2026-11-24',
      everReported: true,
    });
  });

  it('measures from assignment when there has been no report, and says so', () => {
    const facts = matter({ assignedAt: at('2026-11-20'), lastReportAt: null, lastProgressIncreaseAt: null, startDate: '2026-11-20', progress: 10 });
    const result = evaluate(facts, '2026-11-29');
    expect(reason(result, 'no_report')?.text).toBe('已 9 天未汇报进度（交办以来尚未汇报）');
    expect(reason(result, 'no_report')).toMatchObject({ since: '2026-11-20' });
  });

  it('falls back to the start date when the assignment time is unknown', () => {
    const facts = matter({ assignedAt: null, lastReportAt: null, lastProgressIncreaseAt: null, startDate: '2026-11-20', progress: 10 });
    expect(evaluate(facts, '2026-11-27').colour).toBe('green');
    expect(reason(evaluate(facts, '2026-11-28'), 'no_report')).toMatchObject({ days: 8 });
  });

  it('does not let a report from before a re-assignment push the clock back', () => {
    const facts = matter({ lastReportAt: at('2026-10-01'), lastProgressIncreaseAt: at('2026-10-01'), assignedAt: at('2026-11-25') });
    expect(evaluate(facts, '2026-12-01').colour).toBe('green');
    expect(reason(evaluate(facts, '2026-12-03'), 'no_report')).toMatchObject({ everReported: false });
  });

  it('honours a tenant stallDays', () => {
    const facts = matter({ lastReportAt: at('2026-11-24'), lastProgressIncreaseAt: at('2026-11-24') });
    expect(evaluate(facts, '2026-11-28', { stallDays: 3 }).colour).toBe('blue');
    expect(evaluate(facts, '2026-11-28', { stallDays: 4 }).colour).toBe('green');
  });

  it('flags a missed weekly report the day after the 5th working day', () => {
    const facts = matter({ reportCadence: 'weekly', lastReportAt: at('2026-11-16'), lastProgressIncreaseAt: at('2026-11-16') });
    expect(evaluate(facts, '2026-11-23', { stallDays: 30 }).colour).toBe('green');
    const result = evaluate(facts, '2026-11-24', { stallDays: 30 });
    expect(result.colour).toBe('blue');
    expect(reason(result, 'missed_report')).toEqual({
      code: 'missed_report',
      colour: 'blue',
      text: '未按每周汇报要求汇报进度（最迟应于 2026-11-23 汇报）',
      cadence: 'weekly',
      cadenceWorkdays: 5,
      since: '2026-11-16',
      dueDate: '2026-11-23',
    });
  });

  it('counts report cadence in working days, across 国庆', () => {
    const facts = matter({ reportCadence: 'weekly', lastReportAt: at('2026-09-29'), lastProgressIncreaseAt: at('2026-09-29') });
    // 9-30, 10-08, 10-09, 10-10 (make-up Saturday), 10-12.
    expect(evaluate(facts, '2026-10-12', { stallDays: 30 }).colour).toBe('green');
    expect(reason(evaluate(facts, '2026-10-13', { stallDays: 30 }), 'missed_report')).toMatchObject({ dueDate: '2026-10-12' });
  });

  it('knows biweekly (10) and monthly (22) working days', () => {
    const biweekly = matter({ reportCadence: 'biweekly', lastReportAt: at('2026-11-02'), lastProgressIncreaseAt: at('2026-11-02') });
    expect(evaluate(biweekly, '2026-11-16', { stallDays: 60 }).colour).toBe('green');
    expect(reason(evaluate(biweekly, '2026-11-17', { stallDays: 60 }), 'missed_report')?.text).toBe(
      '未按每两周汇报要求汇报进度（最迟应于 2026-11-16 汇报）',
    );
    const monthly = matter({ reportCadence: 'monthly', lastReportAt: at('2026-11-02'), lastProgressIncreaseAt: at('2026-11-02') });
    expect(evaluate(monthly, '2026-12-02', { stallDays: 60 }).colour).toBe('green');
    expect(reason(evaluate(monthly, '2026-12-03', { stallDays: 60 }), 'missed_report')).toMatchObject({ dueDate: '2026-12-02' });
  });

  it('is blue when the reported % has not gone up for more than stallDays', () => {
    const facts = matter({ lastReportAt: at('2026-11-29'), lastProgressIncreaseAt: at('2026-11-20') });
    expect(evaluate(facts, '2026-11-27').colour).toBe('green');
    const result = evaluate(facts, '2026-11-30');
    expect(result.colour).toBe('blue');
    expect(codes(result)).toEqual(['no_progress']);
    expect(reason(result, 'no_progress')?.text).toBe('进度已 10 天没有提升（当前 70%）');
  });

  it('never stalls a matter at 100%, or one awaiting review', () => {
    const stale = { lastReportAt: at('2026-10-01'), lastProgressIncreaseAt: at('2026-10-01'), reportCadence: 'weekly' as const };
    expect(evaluate(matter({ ...stale, progress: 100 }), '2026-11-05').colour).toBe('green');
    expect(evaluate(matter({ ...stale, status: 'completion_requested' }), '2026-11-05').colour).toBe('green');
    expect(evaluate(matter({ ...stale, progress: 99 }), '2026-11-05').colour).toBe('blue');
  });

  it('beats yellow', () => {
    const facts = matter({ progress: 10, lastReportAt: at('2026-10-01'), lastProgressIncreaseAt: at('2026-10-01') });
    const result = evaluate(facts, '2026-11-05');
    expect(result.colour).toBe('blue');
    expect(codes(result)).toEqual(['no_report', 'no_progress', 'lagging']);
  });
});

describe('yellow 进度滞后', () => {
  // 40 days from 10-01 to 11-10: on 10-25 the plan says 60%.
  const plan = { startDate: '2026-10-01', deadline: '2026-11-10', lastReportAt: at('2026-10-24'), lastProgressIncreaseAt: at('2026-10-24') };

  it('lags when actual trails the interpolated plan by more than lagTolerance', () => {
    const result = evaluate(matter({ ...plan, progress: 35 }), '2026-10-25');
    expect(result.colour).toBe('yellow');
    expect(result.plannedProgress).toBe(60);
    expect(reason(result, 'lagging')).toEqual({
      code: 'lagging',
      colour: 'yellow',
      text: '计划进度 60%，实际 35%，落后 25 个百分点',
      plannedProgress: 60,
      progress: 35,
      gap: 25,
      lagTolerance: 10,
    });
  });

  it('tolerates exactly lagTolerance points', () => {
    expect(evaluate(matter({ ...plan, progress: 50 }), '2026-10-25').colour).toBe('green');
    expect(evaluate(matter({ ...plan, progress: 49.5 }), '2026-10-25').colour).toBe('yellow');
    expect(evaluate(matter({ ...plan, progress: 45 }), '2026-10-25', { lagTolerance: 15 }).colour).toBe('green');
  });

  it('shows fractional plans to one decimal', () => {
    const result = evaluate(matter({ ...plan, progress: 30 }), '2026-10-18'); // 17/40 = 42.5%
    expect(reason(result, 'lagging')?.text).toBe('计划进度 42.5%，实际 30%，落后 12.5 个百分点');
  });

  it('interpolates between milestones', () => {
    const facts = matter({ ...plan, progress: 15, milestones: [{ date: '2026-10-11', plannedProgress: 20 }] });
    // 10-11 → 11-10 runs 20% → 100% over 30 days; 10-26 is halfway.
    expect(evaluate(facts, '2026-10-26').plannedProgress).toBe(60);
  });

  it('reports a milestone passed without being reached, from the day after it', () => {
    const facts = matter({
      startDate: '2026-09-01',
      deadline: '2027-03-31',
      progress: 45,
      milestones: [{ date: '2026-11-15', plannedProgress: 50, description: '主体封顶' }],
      lastReportAt: at('2026-11-15'),
      lastProgressIncreaseAt: at('2026-11-15'),
    });
    expect(evaluate(facts, '2026-11-15').colour).toBe('green');
    const result = evaluate(facts, '2026-11-16');
    expect(result.colour).toBe('yellow');
    expect(reason(result, 'milestone_missed')).toEqual({
      code: 'milestone_missed',
      colour: 'yellow',
      text: '节点“主体封顶”（2026-11-15，计划 50%）已过未达到',
      milestoneDate: '2026-11-15',
      plannedProgress: 50,
      progress: 45,
      description: '主体封顶',
    });
    expect(evaluate({ ...facts, progress: 50 }, '2026-11-16').colour).toBe('green');
  });

  it('names a milestone without a description by its date only, one reason per missed milestone', () => {
    const facts = matter({
      deadline: '2027-06-30',
      progress: 20,
      milestones: [
        { date: '2026-10-01', plannedProgress: 25 },
        { date: '2026-10-20', plannedProgress: 30, description: null },
      ],
      lastReportAt: at('2026-11-01'),
    });
    const missed = evaluate(facts, '2026-11-02').reasons.filter((r) => r.code === 'milestone_missed').map((r) => r.text);
    expect(missed).toEqual(['节点（2026-10-01，计划 25%）已过未达到', '节点（2026-10-20，计划 30%）已过未达到']);
  });

  describe('due soon', () => {
    // Matters whose plan is lenient (lagTolerance 100) so only the due-soon rule speaks.
    const soon = (deadline: IsoDate, progress: number) =>
      matter({ deadline, progress, lastReportAt: at('2026-11-27'), lastProgressIncreaseAt: at('2026-11-27') });
    const lenient = { lagTolerance: 100 };

    it('warns within dueSoonWorkdays working days of the deadline below 80%', () => {
      const result = evaluate(soon('2026-12-02', 45), '2026-11-30', lenient); // Monday → Wednesday
      expect(result.colour).toBe('yellow');
      expect(reason(result, 'due_soon')).toEqual({
        code: 'due_soon',
        colour: 'yellow',
        text: '距时限仅剩 2 个工作日，进度 45% 未达 80%',
        deadline: '2026-12-02',
        remainingWorkdays: 2,
        progress: 45,
        dueSoonProgress: 80,
      });
    });

    it('counts the working days after today up to the deadline (3 warns, 4 does not)', () => {
      expect(reason(evaluate(soon('2026-12-03', 45), '2026-11-30', lenient), 'due_soon')).toMatchObject({ remainingWorkdays: 3 });
      expect(evaluate(soon('2026-12-04', 45), '2026-11-30', lenient).colour).toBe('green');
      expect(evaluate(soon('2026-12-04', 45), '2026-11-30', { ...lenient, dueSoonWorkdays: 4 }).colour).toBe('yellow');
    });

    it('is quiet at or above dueSoonProgress', () => {
      expect(evaluate(soon('2026-12-02', 80), '2026-11-30', lenient).colour).toBe('green');
      expect(evaluate(soon('2026-12-02', 80), '2026-11-30', { ...lenient, dueSoonProgress: 90 }).colour).toBe('yellow');
    });

    it('skips holidays: nine calendar days over 国庆 are two working days', () => {
      const facts = matter({ deadline: '2026-10-09', progress: 45, lastReportAt: at('2026-09-29'), lastProgressIncreaseAt: at('2026-09-29') });
      expect(reason(evaluate(facts, '2026-09-30', lenient), 'due_soon')).toMatchObject({ remainingWorkdays: 2 });
    });

    it('words the last day, and a deadline after the last working day', () => {
      expect(reason(evaluate(soon('2026-11-30', 45), '2026-11-30', lenient), 'due_soon')?.text).toBe('今日到期，进度 45% 未达 80%');
      expect(reason(evaluate(soon('2026-12-06', 45), '2026-12-04', lenient), 'due_soon')?.text).toBe(
        '时限前已无工作日（时限 2026-12-06），进度 45% 未达 80%',
      );
    });

    it('is provisional only when the near-deadline check reaches into an uncovered year', () => {
      const dec = (deadline: IsoDate) => matter({ deadline, progress: 45, lastReportAt: at('2026-12-29'), lastProgressIncreaseAt: at('2026-12-29') });
      const crossing = evaluate(dec('2027-01-20'), '2026-12-30', lenient);
      expect(crossing.colour).toBe('green');
      expect(crossing.provisional).toBe(true); // were 2027-01-01…04 holidays, it would be due soon
      expect(evaluate(dec('2026-12-31'), '2026-12-30', lenient).provisional).toBe(false);
      expect(evaluate(matter({ deadline: '2027-06-30' }), '2026-11-05').provisional).toBe(false);
    });
  });
});

describe('performance', () => {
  // A sweep runs a million matters: the cost of one must not grow with how long it has been
  // silent or how far away its deadline is. Timed against each other in alternating batches,
  // so a busy machine slows both alike; a day-by-day walk would be hundreds of times slower.
  it('costs the same for a matter silent for years with a deadline decades away', () => {
    const near = matter({ progress: 50, reportCadence: 'monthly', lastReportAt: at('2026-11-28'), deadline: '2026-12-31' });
    const far = matter({ progress: 50, reportCadence: 'monthly', lastReportAt: at('2016-11-28'), deadline: '2056-12-31' });
    const now = at('2026-11-30');
    const time = (facts: MatterFacts): number => {
      const started = performance.now();
      for (let i = 0; i < 5_000; i++) evaluateColour(facts, now, cal, DEFAULT_THRESHOLDS);
      return performance.now() - started;
    };
    let nearMs = 0;
    let farMs = 0;
    for (let round = 0; round < 5; round++) {
      nearMs += time(near);
      farMs += time(far);
    }
    expect(evaluateColour(far, now, cal, DEFAULT_THRESHOLDS).colour).toBe('blue');
    expect(farMs).toBeLessThan(nearMs * 10 + 50);
  }, 60_000);
});

// The worked examples of docs/warning-rules.md, runnable so the page cannot drift from the code:
//   npx tsx docs/warning-rules.example.ts
import {
  addWorkdays,
  addWorkdaysChecked,
  evaluateColour,
  mergeThresholds,
  officialCalendar,
  shanghaiInstant,
  type MatterFacts,
} from '@duban/shared';

const cal = officialCalendar([{ date: '2026-03-10', kind: 'closure', name: '区机关搬迁' }]);
const at = (date: string): Date => shanghaiInstant(date, 10 * 60); // 10:00 Beijing time

console.log('2026-09-30 起 5 个工作日 →', addWorkdays(cal, '2026-09-30', 5)); // 2026-10-13
console.log('2026-02-12 起 3 个工作日 →', addWorkdays(cal, '2026-02-12', 3)); // 2026-02-24
console.log('2026-12-30 起 3 个工作日 →', addWorkdaysChecked(cal, '2026-12-30', 3)); // 2027-01-04, provisional

const matter: MatterFacts = {
  status: 'in_progress',
  startDate: '2026-09-01',
  deadline: '2026-12-01',
  progress: 35,
  milestones: [{ date: '2026-11-15', plannedProgress: 50, description: '主体封顶' }],
  lastReportAt: at('2026-11-24'),
  lastProgressIncreaseAt: at('2026-11-10'),
  assignedAt: at('2026-09-01'),
  reportCadence: 'weekly',
};

// A category that tolerates 15 points of lag inside a tenant that wants reports every 5 days.
const thresholds = mergeThresholds({ stallDays: 5 }, { lagTolerance: 15 });
for (const today of ['2026-11-20', '2026-11-27', '2026-12-03']) {
  const { colour, reasons, plannedProgress } = evaluateColour(matter, at(today), cal, thresholds);
  console.log(`\n${today}: ${colour}（计划 ${plannedProgress.toFixed(1)}%）`);
  for (const r of reasons) console.log(`  - ${r.text}`);
}

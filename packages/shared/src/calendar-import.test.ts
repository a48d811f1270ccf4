import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCalendarFile } from './calendar-import';

const seedText = readFileSync(new URL('./data/cn-calendar-2025-2026.json', import.meta.url), 'utf8');

describe('parseCalendarFile — JSON', () => {
  it('reads the seed file without errors', () => {
    const result = parseCalendarFile(seedText);
    expect(result.errors).toEqual([]);
    expect(result.coveredYears).toEqual([2025, 2026]);
    expect(result.exceptions).toHaveLength(72);
    expect(result.exceptions[0]).toEqual({ date: '2025-01-01', kind: 'holiday', name: '元旦' });
  });

  it('reads closures and derives covered years when covers is missing', () => {
    const text = JSON.stringify({
      holidays: [{ date: '2027-01-01', name: '元旦' }],
      makeupWorkdays: [],
      closures: [{ date: '2027-03-10', name: '停电检修' }, { date: '2028-03-10' }],
    });
    const result = parseCalendarFile(text);
    expect(result.errors).toEqual([]);
    expect(result.coveredYears).toEqual([2027]); // a closure alone does not cover 2028
    expect(result.exceptions.map((e) => [e.date, e.kind, e.name])).toEqual([
      ['2027-01-01', 'holiday', '元旦'],
      ['2027-03-10', 'closure', '停电检修'],
      ['2028-03-10', 'closure', '本单位休息'],
    ]);
  });

  it('reports a date that is both a holiday and a make-up working day, on its line', () => {
    const text = ['{', '"covers": ["2026"],', '"holidays": [{"date": "2026-10-10", "name": "国庆节"}],', '"makeupWorkdays": [{"date": "2026-10-10", "name": "国庆节"}]', '}'].join('\n');
    const result = parseCalendarFile(text);
    expect(result.errors).toEqual([{ line: 4, message: '日期 2026-10-10 既是放假日又是调休上班日（另见第 3 行），请核对' }]);
    expect(result.exceptions).toEqual([{ date: '2026-10-10', kind: 'holiday', name: '国庆节' }]);
  });

  it('reports bad dates, a bad covers year and a make-up day on a weekday', () => {
    const text = JSON.stringify(
      {
        covers: ['2026', '26'],
        holidays: [{ date: '2026-02-30', name: '春节' }],
        makeupWorkdays: [{ date: '2026-10-12', name: '国庆节' }],
      },
      null,
      1,
    );
    const messages = parseCalendarFile(text).errors.map((e) => e.message);
    expect(messages).toEqual([
      '覆盖年份“26”无效，应为四位数年份',
      '日期“2026-02-30”无效，应为 YYYY-MM-DD 格式的真实日期',
      '调休上班日 2026-10-12 是周一，本来就是工作日，请核对日期',
    ]);
  });

  it('reports a syntax error with its line', () => {
    const result = parseCalendarFile('{\n"covers": ["2026"],\n"holidays": [,]\n}');
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]?.line).toBe(3);
    expect(result.errors[0]?.message).toMatch(/^JSON 格式错误/);
  });

  it('finds the line of other syntax errors too', () => {
    expect(parseCalendarFile('{\n"covers": ["2026"]\n"holidays": []\n}').errors[0]?.line).toBe(3); // where the comma was missed
    const long = `{\n"covers": ["2026"],\n"makeupWorkdays": [],\n"holidays": [{"date": "2026-01-01", "name": "元旦"}, x]\n}`;
    expect(parseCalendarFile(long).errors[0]?.line).toBe(4);
  });

  it('reports a wrong shape by field', () => {
    const result = parseCalendarFile(JSON.stringify({ holidays: [{ date: 20261001 }] }));
    expect(result.errors.map((e) => e.message.split('：')[0])).toEqual(['字段 holidays[0].date', '字段 makeupWorkdays']);
  });

  it('reports an empty file', () => {
    expect(parseCalendarFile('\uFEFF  \n').errors).toEqual([{ line: 1, message: '文件为空' }]);
  });
});

describe('parseCalendarFile — CSV', () => {
  it('reads every kind spelling, quotes, comments, a BOM and CRLF', () => {
    const text = [
      '\uFEFFdate,kind,name',
      '# 2027 年安排（示例）',
      '# covers: 2027',
      '2027-01-01,休,元旦',
      '2027-02-06,班,春节',
      '2027-02-07,workday,春节',
      '2027-02-08,Holiday,"春节, 除夕"',
      '',
      '2027-03-10,closure,"区机关""停电""检修"',
    ].join('\r\n');
    const result = parseCalendarFile(text);
    expect(result.errors).toEqual([]);
    expect(result.coveredYears).toEqual([2027]);
    expect(result.exceptions).toEqual([
      { date: '2027-01-01', kind: 'holiday', name: '元旦' },
      { date: '2027-02-06', kind: 'workday', name: '春节' },
      { date: '2027-02-07', kind: 'workday', name: '春节' },
      { date: '2027-02-08', kind: 'holiday', name: '春节, 除夕' },
      { date: '2027-03-10', kind: 'closure', name: '区机关"停电"检修' },
    ]);
  });

  it('accepts a Chinese header in another column order, and no header at all', () => {
    const zh = parseCalendarFile('名称,日期,类型\n元旦,2027-01-01,休');
    expect(zh.exceptions).toEqual([{ date: '2027-01-01', kind: 'holiday', name: '元旦' }]);
    const bare = parseCalendarFile('2027-01-01,休,元旦\n2027-02-06,班,');
    expect(bare.errors).toEqual([]);
    expect(bare.exceptions[1]).toEqual({ date: '2027-02-06', kind: 'workday', name: '调休上班' });
    expect(bare.coveredYears).toEqual([2027]);
  });

  it('reports every bad line with its number, keeping the good ones', () => {
    const text = [
      'date,kind,name',
      '2027-01-01,休,元旦',
      '2027-13-01,休,元旦',
      '2027-01-02,放,元旦',
      '2027-02-06,班,春节',
      '2027-02-06,休,春节',
      '2027-03-10,closure,检修',
      '2027-03-10,休,检修',
      '2027-01-01,休,元旦',
      '2027-02-09,班,春节',
    ].join('\n');
    const result = parseCalendarFile(text);
    expect(result.errors).toEqual([
      { line: 3, message: '日期“2027-13-01”无效，应为 YYYY-MM-DD 格式的真实日期' },
      { line: 4, message: '类型“放”无法识别，应为 休、班、holiday、workday 或 closure' },
      { line: 6, message: '日期 2027-02-06 既是放假日又是调休上班日（另见第 5 行），请核对' },
      { line: 8, message: '日期 2027-03-10 重复且类型冲突：第 7 行为本单位休息，此处为放假' },
      { line: 10, message: '调休上班日 2027-02-09 是周二，本来就是工作日，请核对日期' },
    ]);
    // Line 9 repeats line 2 exactly: harmless, kept once.
    expect(result.exceptions.map((e) => e.date)).toEqual(['2027-01-01', '2027-02-06', '2027-03-10']);
  });

  it('reports a header without a kind column and a bad covers year', () => {
    const result = parseCalendarFile('# covers: 2027, 20x7\ndate,name\n');
    expect(result.errors).toEqual([
      { line: 1, message: '覆盖年份“20x7”无效，应为四位数年份' },
      { line: 2, message: '表头缺少 kind（类型）列' },
    ]);
  });
});

import { z } from 'zod';
import './zod-zh';
import type { CalendarException, CalendarExceptionKind } from './calendar-core';
import { isIsoDate, weekday, type IsoDate } from './time';

/**
 * Reading a working-day calendar from an admin's file (`duban calendar import <file>`) or from the
 * seed JSON. Every bad line is reported; whether to import anything when there are errors is the
 * caller's decision.
 */

const entrySchema = z.object({ date: z.string(), name: z.string().optional() });

/** The JSON shape of a calendar file (the same as the seed data). */
export const calendarFileSchema = z.object({
  source: z.string().optional(),
  covers: z.array(z.union([z.string(), z.number()])).optional(),
  holidays: z.array(entrySchema),
  makeupWorkdays: z.array(entrySchema),
  closures: z.array(entrySchema).optional(),
});
export type CalendarFileData = z.infer<typeof calendarFileSchema>;

export type CalendarImportError = { line: number; message: string };
export type CalendarImport = { exceptions: CalendarException[]; coveredYears: number[]; errors: CalendarImportError[] };

type Row = { line: number; date: string; kind: string; name: string };

const KIND_ALIASES: Record<string, CalendarExceptionKind> = {
  休: 'holiday',
  holiday: 'holiday',
  班: 'workday',
  workday: 'workday',
  closure: 'closure',
};

const KIND_LABELS: Record<CalendarExceptionKind, string> = { holiday: '放假', workday: '调休上班', closure: '本单位休息' };

/** Parses a calendar file: JSON in the seed's shape, or CSV with a `date,kind,name` header. */
export function parseCalendarFile(text: string): CalendarImport {
  const body = text.replace(/^\uFEFF/, '');
  if (body.trim() === '') return { exceptions: [], coveredYears: [], errors: [{ line: 1, message: '文件为空' }] };
  return body.trimStart().startsWith('{') ? parseJson(body) : parseCsv(body);
}

/** Converts already-parsed calendar data (the seed file) the same way an import would. */
export function calendarFromData(data: CalendarFileData, lineOf: (date: string) => number = () => 1): CalendarImport {
  const rows: Row[] = [];
  const add = (list: CalendarFileData['holidays'] | undefined, kind: CalendarExceptionKind): void => {
    for (const e of list ?? []) rows.push({ line: lineOf(e.date), date: e.date, kind, name: e.name ?? '' });
  };
  add(data.holidays, 'holiday');
  add(data.makeupWorkdays, 'workday');
  add(data.closures, 'closure');
  const errors: CalendarImportError[] = [];
  let covers: number[] | null = null;
  if (data.covers) {
    covers = [];
    for (const y of data.covers) {
      const year = parseYear(String(y));
      if (year === null) errors.push({ line: 1, message: `覆盖年份“${y}”无效，应为四位数年份` });
      else covers.push(year);
    }
  }
  return finish(rows, covers, errors);
}

function parseJson(text: string): CalendarImport {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    return { exceptions: [], coveredYears: [], errors: [{ line: jsonErrorLine(text, message), message: `JSON 格式错误：${message}` }] };
  }
  const parsed = calendarFileSchema.safeParse(raw);
  if (!parsed.success) {
    const errors = parsed.error.issues.map((i) => ({ line: 1, message: `字段 ${formatPath(i.path)}：${i.message}` }));
    return { exceptions: [], coveredYears: [], errors };
  }
  return calendarFromData(parsed.data, lineFinder(text));
}

// A JSON entry has no line of its own after parsing; find its date's text, moving past earlier
// finds so a duplicated date points at its second occurrence.
function lineFinder(text: string): (date: string) => number {
  const cursor = new Map<string, number>();
  return (date) => {
    const at = text.indexOf(`"${date}"`, (cursor.get(date) ?? -1) + 1);
    if (at < 0) return 1;
    cursor.set(date, at);
    return lineAt(text, at);
  };
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

// Engines word JSON errors differently: "(line 3 column 5)", "at position 40", or (V8 for an
// unexpected token) a quote of the 10 characters either side of it, "…" marking a cut.
function jsonErrorLine(text: string, message: string): number {
  const line = /line (\d+)/.exec(message);
  if (line?.[1]) return Number(line[1]);
  const position = /position (\d+)/.exec(message);
  if (position?.[1]) return lineAt(text, Number(position[1]));
  const quote = /^Unexpected token '(.+?)', (\.\.\.)?"([\s\S]*?)"(?:\.\.\.)? is not valid JSON/.exec(message);
  const [, token = '', cut, context = ''] = quote ?? [];
  const at = text.indexOf(context);
  if (!quote || at < 0) return 1;
  return lineAt(text, cut ? at + 10 : at + Math.max(0, context.indexOf(token)));
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '') || '(根)';
}

const COVERS_DIRECTIVE = /^#\s*(?:covers|覆盖年份)\s*[:：]\s*(.*)$/i;

function parseCsv(text: string): CalendarImport {
  const rows: Row[] = [];
  const errors: CalendarImportError[] = [];
  let covers: number[] | null = null;
  let columns: { date: number; kind: number; name: number } | null = null;
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, index) => {
    const line = index + 1;
    const trimmed = raw.trim();
    const directive = COVERS_DIRECTIVE.exec(trimmed);
    if (directive) {
      covers ??= [];
      for (const y of (directive[1] ?? '').split(/[\s,，、]+/).filter(Boolean)) {
        const year = parseYear(y);
        if (year === null) errors.push({ line, message: `覆盖年份“${y}”无效，应为四位数年份` });
        else covers.push(year);
      }
      return;
    }
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const cells = splitCsvLine(raw);
    if (columns === null) {
      const header = cells.map((c) => c.toLowerCase());
      if (header.includes('date') || header.includes('日期')) {
        columns = {
          date: findColumn(header, 'date', '日期'),
          kind: findColumn(header, 'kind', '类型'),
          name: findColumn(header, 'name', '名称'),
        };
        if (columns.kind < 0) errors.push({ line, message: '表头缺少 kind（类型）列' });
        return;
      }
      columns = { date: 0, kind: 1, name: 2 }; // no header: the documented column order
    }
    rows.push({ line, date: cells[columns.date] ?? '', kind: cells[columns.kind] ?? '', name: cells[columns.name] ?? '' });
  });
  return finish(rows, covers, errors);
}

function findColumn(header: string[], english: string, chinese: string): number {
  const i = header.indexOf(english);
  return i >= 0 ? i : header.indexOf(chinese);
}

/** Splits one CSV line, honouring "quoted, fields" and "" escapes as Excel writes them. */
function splitCsvLine(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      cells.push(cell.trim());
      cell = '';
    } else cell += ch;
  }
  cells.push(cell.trim());
  return cells;
}

function parseYear(text: string): number | null {
  return /^\d{4}$/.test(text.trim()) ? Number(text.trim()) : null;
}

function finish(rows: Row[], covers: number[] | null, errors: CalendarImportError[]): CalendarImport {
  const seen = new Map<IsoDate, { kind: CalendarExceptionKind; line: number }>();
  const exceptions: CalendarException[] = [];
  for (const row of rows) {
    const date = row.date.trim();
    const kind = KIND_ALIASES[row.kind.trim().toLowerCase()];
    let bad = false;
    if (!isIsoDate(date)) {
      errors.push({ line: row.line, message: `日期“${date}”无效，应为 YYYY-MM-DD 格式的真实日期` });
      bad = true;
    }
    if (!kind) {
      errors.push({ line: row.line, message: `类型“${row.kind.trim()}”无法识别，应为 休、班、holiday、workday 或 closure` });
      bad = true;
    }
    if (bad || !kind) continue;
    const prev = seen.get(date);
    if (prev) {
      if (prev.kind !== kind) errors.push({ line: row.line, message: conflictMessage(date, prev, kind) });
      continue; // an exact repeat is harmless: keep the first
    }
    const dow = weekday(date);
    if (kind === 'workday' && dow !== 0 && dow !== 6) {
      errors.push({ line: row.line, message: `调休上班日 ${date} 是周${'日一二三四五六'[dow]}，本来就是工作日，请核对日期` });
      continue;
    }
    seen.set(date, { kind, line: row.line });
    exceptions.push({ date, kind, name: row.name.trim() || KIND_LABELS[kind] });
  }
  exceptions.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  // Without a declared list, a year counts as covered when the file holds official entries for it
  // (a closure alone does not say the State Council notice was entered).
  const years =
    covers ?? exceptions.filter((e) => e.kind !== 'closure').map((e) => Number(e.date.slice(0, 4)));
  return { exceptions, coveredYears: [...new Set(years)].sort((a, b) => a - b), errors };
}

function conflictMessage(date: IsoDate, prev: { kind: CalendarExceptionKind; line: number }, kind: CalendarExceptionKind): string {
  const both = new Set([prev.kind, kind]);
  if (both.has('holiday') && both.has('workday')) {
    return `日期 ${date} 既是放假日又是调休上班日（另见第 ${prev.line} 行），请核对`;
  }
  return `日期 ${date} 重复且类型冲突：第 ${prev.line} 行为${KIND_LABELS[prev.kind]}，此处为${KIND_LABELS[kind]}`;
}

import { GRID_RATING_LABELS, GRID_URGENCY_LABELS, type GridRating, type GridStatus, type GridUrgency } from './grid-flow';

/**
 * Open311 GeoReport v2 (issue 17) and the 12345 hotline work orders: the pure parts both the server and the pages
 * use — datetimes in the spec's w3 format with our +08:00 offset, the open/closed mapping of the grid flow, the
 * masking of personal data in free text published through the API, and the hotline sheet's columns and values.
 */

const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** An instant as the spec writes it (w3 / ISO 8601 with an offset), in Beijing time: 2026-12-07T09:30:00+08:00. */
export function w3Datetime(instant: Date): string {
  return `${new Date(instant.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 19)}+08:00`;
}

const W3 = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * Reads a w3 datetime (2010-01-01T00:00:00Z, …+08:00, or a date alone); a time without an offset and a date alone
 * are Beijing time. Null when it is not one (the caller answers 400 naming the field).
 */
export function parseW3Datetime(text: string): Date | null {
  const m = W3.exec(text.trim());
  if (!m) return null;
  const [, y, mo, d, h = '00', mi = '00', s = '00', zone] = m;
  const offset = zone === undefined ? '+08:00' : zone === 'Z' ? 'Z' : `${zone.slice(0, 3)}:${zone.slice(-2)}`;
  const date = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}${offset}`);
  // 2026-02-30 is no date (Date would roll it into March).
  const day = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  if (Number.isNaN(date.getTime()) || day.getUTCMonth() !== Number(mo) - 1 || day.getUTCDate() !== Number(d)) return null;
  return date;
}

/** Open311 knows two states: a problem is `closed` once it left the open set (结案, 回访, 不予立案, 合并), else `open`. */
export function open311Status(closedAt: Date | string | null): 'open' | 'closed' {
  return closedAt === null ? 'open' : 'closed';
}

/** Statuses an Open311 client may filter on. */
export const OPEN311_STATUSES = ['open', 'closed'] as const;

/** Grid statuses reported as closed to Open311 clients (for reference; the rule is closed_at, see open311Status). */
export const OPEN311_CLOSED_STATUSES: readonly GridStatus[] = ['closed', 'visited', 'rejected', 'merged'];

/** The spec's limits on a GET of requests: at most 90 days apart and 1,000 rows. */
export const OPEN311_MAX_DAYS = 90;
export const OPEN311_MAX_ROWS = 1000;

/**
 * Masks personal data in free text that leaves through a public API (a description, a status note): mobile numbers
 * (138****1234), 18-digit resident ID numbers (410103********1234), e-mail addresses (z***@example.com) and
 * landlines with an area code (0371-****5678). What a citizen typed stays whole inside Duban.
 */
export function redactPersonalText(text: string): string {
  return text
    .replace(/(?<!\d)(\d{6})\d{8}(\d{3}[\dXx])(?![\dXx])/g, '$1********$2')
    .replace(/(?<!\d)(?:\+?86[-\s]?)?(1[3-9]\d)[-\s]?\d{4}[-\s]?(\d{4})(?!\d)/g, '$1****$2')
    .replace(/(?<!\d)(0\d{2,3})-?\d{3,4}(\d{4})(?!\d)/g, '$1-****$2')
    .replace(/([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+\.[A-Za-z]{2,})/g, '$1***@$2');
}

/** The one attribute every service's definition offers: how urgent the caller says it is (the category's default otherwise). */
export const OPEN311_URGENCY_ATTRIBUTE = {
  code: 'urgency',
  description: '紧急程度（不填时按问题类别的默认紧急程度）',
  values: (Object.entries(GRID_URGENCY_LABELS) as [GridUrgency, string][]).map(([key, name]) => ({ key, name })),
};

/** The 12345 work-order sheet (工单): its columns, in order, as the hotline system exports them and takes results back. */
export const HOTLINE_SHEET = '12345工单';

export const HOTLINE_IMPORT_COLUMNS = ['工单编号', '来电时间', '诉求类别', '诉求内容', '问题地址', '经度', '纬度', '来电人', '联系电话', '紧急程度'] as const;
export const HOTLINE_RESULT_COLUMNS = ['受理编号', '办理状态', '承办单位', '办理结果', '办结时间', '满意度', '回访意见'] as const;
export type HotlineImportColumn = (typeof HOTLINE_IMPORT_COLUMNS)[number];

/** A 满意度 as written in a hotline sheet (满意 / 基本满意 / 不满意), or null when blank or unknown. */
export function parseHotlineRating(text: string): GridRating | null {
  const t = text.trim();
  const hit = (Object.entries(GRID_RATING_LABELS) as [GridRating, string][]).find(([, label]) => label === t);
  return hit ? hit[0] : null;
}

/** A 紧急程度 as written in a hotline sheet (一般 / 紧急 / 特急, or the code), or null when unknown. */
export function parseHotlineUrgency(text: string): GridUrgency | null {
  const t = text.trim();
  const hit = (Object.entries(GRID_URGENCY_LABELS) as [GridUrgency, string][]).find(([code, label]) => label === t || code === t);
  return hit ? hit[0] : null;
}

/** A masked mobile number as exports show it (138****1234): read back on re-import as "no number given". */
export const MASKED_MOBILE = /^1\d{2}\*{4}\d{4}$/;

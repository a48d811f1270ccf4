import { GRID_URGENCIES, PROBLEM_DESCRIPTION_MAX, type GridUrgency } from '@duban/shared';
import { AppError } from '../../errors';

/** A POST body as fields: the plain ones (last value wins) and attribute[code] / attribute[code][] answers. */
export type PostedFields = { single: Record<string, string>; attributes: Record<string, string[]> };

const ATTRIBUTE = /^attribute\[([^\]]{1,50})\](\[\])?$/;
const MAX_FIELDS = 100;

/**
 * Reads what a client posted — the spec's form encoding (already split into a record by the parser), or JSON —
 * into fields. Numbers and booleans a JSON client sends become text; nested values other than attribute lists
 * are refused (400).
 */
export function postedFields(body: unknown): PostedFields {
  const out: PostedFields = { single: {}, attributes: {} };
  if (body === undefined || body === null) return out;
  if (typeof body !== 'object' || Array.isArray(body)) throw new AppError('bad_request', '请求体应为 application/x-www-form-urlencoded 表单');
  const entries = Object.entries(body);
  if (entries.length > MAX_FIELDS) throw new AppError('bad_request', `字段过多（最多 ${MAX_FIELDS} 个）`);
  for (const [k, raw] of entries) {
    const values = (Array.isArray(raw) ? raw : [raw]).map((v) => (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : null));
    if (values.some((v) => v === null)) throw new AppError('validation_failed', `${k}：应为文本`);
    const texts = values.filter((v): v is string => v !== null);
    const attr = ATTRIBUTE.exec(k);
    if (attr?.[1]) (out.attributes[attr[1]] ??= []).push(...texts);
    else if (k === 'attribute' && typeof raw === 'object' && raw !== null && !Array.isArray(raw)) {
      for (const [code, v] of Object.entries(raw)) (out.attributes[code] ??= []).push(...(Array.isArray(v) ? v : [v]).map(String));
    } else if (texts.length) out.single[k] = texts[texts.length - 1] ?? '';
  }
  return out;
}

/** Splits an x-www-form-urlencoded body into a record (a repeated name becomes a list), as the parser hands it on. */
export function parseForm(text: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of new URLSearchParams(text)) {
    const had = out[k];
    out[k] = had === undefined ? v : Array.isArray(had) ? [...had, v] : [had, v];
  }
  return out;
}

const bad = (field: string, message: string) => new AppError('validation_failed', `${field}：${message}`);

function optionalText(f: PostedFields, field: string, max: number): string | undefined {
  const v = f.single[field]?.trim();
  if (!v) return undefined;
  if (v.length > max) throw bad(field, `不能超过 ${max} 个字符`);
  return v;
}

function coordinate(f: PostedFields, field: 'lat' | 'long', limit: number): number | undefined {
  const v = f.single[field]?.trim();
  if (!v) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || Math.abs(n) > limit) throw bad(field, `“${v}”不是有效的${field === 'lat' ? '纬度' : '经度'}（WGS84）`);
  return n;
}

/** A POST's fields checked one by one, each problem a 400 naming the spec's field. */
export function readServiceRequest(f: PostedFields) {
  const serviceCode = f.single.service_code?.trim();
  if (!serviceCode) throw bad('service_code', '未提供服务代码（见 services 列表）');
  const lat = coordinate(f, 'lat', 90);
  const lon = coordinate(f, 'long', 180);
  if ((lat === undefined) !== (lon === undefined)) throw bad(lat === undefined ? 'lat' : 'long', 'lat 和 long 须同时提供');
  const addressString = optionalText(f, 'address_string', 200);
  const addressId = optionalText(f, 'address_id', 100);
  if (lat === undefined && !addressString && !addressId) throw bad('location', '须提供 lat 和 long，或 address_string，或 address_id');
  const description = f.single.description?.trim() ?? '';
  if (description.length > PROBLEM_DESCRIPTION_MAX) throw bad('description', `不能超过 ${PROBLEM_DESCRIPTION_MAX} 个字（本系统各渠道统一上限，GeoReport v2 规范允许 4000 字；本次 ${description.length} 字）`);
  const email = optionalText(f, 'email', 120);
  if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw bad('email', '邮箱格式不正确');
  const phone = f.single.phone?.replace(/[\s()-]/g, '').replace(/^\+?86/, '');
  if (phone && !/^1[3-9]\d{9}$/.test(phone)) throw bad('phone', '应为 11 位手机号码');
  const mediaUrl = optionalText(f, 'media_url', 500);
  if (mediaUrl && !/^https?:\/\/\S+$/i.test(mediaUrl)) throw bad('media_url', '应为 http 或 https 网址');
  const name = `${optionalText(f, 'last_name', 25) ?? ''}${optionalText(f, 'first_name', 25) ?? ''}` || undefined;
  const urgencyText = f.attributes.urgency?.[0];
  const urgency = urgencyText ? GRID_URGENCIES.find((u) => u === urgencyText) : undefined;
  if (urgencyText && !urgency) throw bad('attribute[urgency]', `“${urgencyText}”不是有效的取值，可填 ${GRID_URGENCIES.join('、')}`);
  return {
    serviceCode,
    lat,
    lon,
    address: addressString ?? (addressId ? `地址编号 ${addressId}` : undefined),
    description,
    email,
    mobile: phone || undefined,
    mediaUrl,
    name,
    urgency: urgency as GridUrgency | undefined,
    deviceId: optionalText(f, 'device_id', 100),
    accountId: optionalText(f, 'account_id', 100),
    attributes: f.attributes,
  };
}

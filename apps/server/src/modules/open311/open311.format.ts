import type { FastifyReply } from 'fastify';
import { XMLBuilder } from 'fast-xml-parser';

/** The two formats GeoReport v2 names: XML (required by the spec) and JSON (its Spark-convention mapping). */
export type Open311Format = 'xml' | 'json';

/** The format a URL asks for by its extension (`/services.json`), or null for none or another. */
export function formatOfUrl(url: string): Open311Format | null {
  const m = /\.([A-Za-z0-9]+)$/.exec(url.split('?')[0] ?? '');
  const ext = m?.[1]?.toLowerCase();
  return ext === 'xml' || ext === 'json' ? ext : null;
}

// The spec's list elements: each plural holds repeated singulars (<services><service>…, <values><value>…).
const ITEM: Record<string, string> = {
  services: 'service',
  attributes: 'attribute',
  values: 'value',
  service_requests: 'request',
  errors: 'error',
  endpoints: 'endpoint',
  formats: 'format',
  notes: 'note',
};

// Characters XML 1.0 cannot hold at all (a stray control character in a description would break the document).
// eslint-disable-next-line no-control-regex -- matching the control characters is the point
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

function toXml(value: unknown, key: string): unknown {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return { [ITEM[key] ?? 'item']: value.map((v) => toXml(v, ITEM[key] ?? 'item')) };
  if (typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toXml(v, k)]));
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return typeof value === 'string' ? value.replace(NOT_XML, '') : value;
}

const builder = new XMLBuilder({ format: true, indentBy: '  ' });

/**
 * The document for `data` under the spec's root element: a list becomes <root><item>…</item></root> (JSON: the
 * array itself), an object <root>…</root> (JSON: the object). Null is an empty element (JSON: null).
 */
export function open311Body(format: Open311Format, root: string, data: unknown): string {
  if (format === 'json') return JSON.stringify(data);
  return `<?xml version="1.0" encoding="utf-8"?>\n${String(builder.build({ [root]: toXml(data, root) }))}`;
}

export const CONTENT_TYPE: Record<Open311Format, string> = { xml: 'text/xml; charset=utf-8', json: 'application/json; charset=utf-8' };

/** Sends a GeoReport answer in the asked format with the spec's content type. */
export function sendOpen311(reply: FastifyReply, format: Open311Format, root: string, data: unknown, status = 200): FastifyReply {
  return reply.status(status).type(CONTENT_TYPE[format]).send(open311Body(format, root, data));
}

/** An error as the spec writes it: a list of {code, description}, with the HTTP status (400, 403, 404 …). */
export function sendOpen311Error(reply: FastifyReply, format: Open311Format, status: number, description: string): FastifyReply {
  return sendOpen311(reply, format, 'errors', [{ code: status, description }], status);
}

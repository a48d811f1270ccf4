import http from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { fieldLabel } from '@duban/shared';
import { AppError, ERROR_CODES, type ErrorCode, type FieldIssue } from '../errors';
import { isDataException } from '../lib/pg-errors';

const LOCATION_LABELS: Record<string, string> = { body: '', querystring: '查询参数 ', params: '路径参数 ', headers: '请求头 ' };

/** `{ error, message, details? }` for every failure; a 5xx never carries the internal message. */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | AppError | Error, request, reply) => {
    if (err instanceof AppError) {
      const retryAfter = retryAfterOf(err);
      if (retryAfter !== null) void reply.header('retry-after', String(retryAfter));
      return reply.status(err.status).send({ error: err.code, message: err.message, details: err.details });
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const where = LOCATION_LABELS[err.validationContext ?? 'body'] ?? '';
      const details: FieldIssue[] = err.validation.map((v) => ({
        field: v.instancePath.replace(/^\//, '').replace(/\//g, '.'),
        message: v.message ?? '格式不正确',
      }));
      const message = details.map((d) => (d.field ? `${where}${fieldLabel(d.field)}：${d.message}` : `${where}${d.message}`)).join('；');
      return reply.status(400).send({ error: 'validation_failed', message, details });
    }
    if (isDataException(err)) {
      // Input the schemas let through but the database cannot hold: the client's mistake, logged for a schema to catch it.
      request.log.warn({ err }, 'value refused by the database');
      return reply.status(400).send({ error: 'invalid_value', message: ERROR_CODES.invalid_value.message });
    }
    const code = 'code' in err && typeof err.code === 'string' ? err.code : '';
    const mapped = FASTIFY_CODES[code];
    if (mapped) {
      return reply.status(ERROR_CODES[mapped].status).send({ error: mapped, message: ERROR_CODES[mapped].message });
    }
    const status = 'statusCode' in err && typeof err.statusCode === 'number' ? err.statusCode : 500;
    if (status >= 400 && status < 500 && !isResponseSerializationError(err)) {
      return reply.status(status).send({ error: 'bad_request', message: ERROR_CODES.bad_request.message });
    }
    request.log.error({ err }, 'unhandled error');
    return reply.status(500).send({ error: 'internal_error', message: ERROR_CODES.internal_error.message });
  });

  app.setNotFoundHandler((request, reply) => {
    reply.status(404).send({ error: 'not_found', message: `${ERROR_CODES.not_found.message}：${request.method} ${request.url.split('?')[0]}` });
  });
}

// A rate_limited error carries the seconds to wait (see modules/abuse/rate-limit.ts).
function retryAfterOf(err: AppError): number | null {
  const d = err.details;
  if (err.code !== 'rate_limited' || typeof d !== 'object' || d === null || !('retryAfterSeconds' in d)) return null;
  return typeof d.retryAfterSeconds === 'number' ? d.retryAfterSeconds : null;
}

// Fastify's own error codes for malformed requests, mapped to ours.
const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'file_too_large',
  FST_REQ_FILE_TOO_LARGE: 'file_too_large',
  FST_PARTS_LIMIT: 'bad_request',
  FST_FILES_LIMIT: 'bad_request',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'bad_request',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'bad_request',
  FST_INVALID_MULTIPART_CONTENT_TYPE: 'bad_request',
};

/**
 * A request node's HTTP parser rejects before Fastify sees it (e.g. raw non-ASCII in the URL,
 * as `curl "…?q=测试"` sends): the same `{ error, message }` envelope as every other failure,
 * instead of Fastify's English default. Mirrors Fastify's default handler otherwise.
 */
export function clientErrorHandler(this: FastifyInstance, err: NodeJS.ErrnoException, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const code: ErrorCode = err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 'request_timeout' : err.code === 'HPE_HEADER_OVERFLOW' ? 'headers_too_large' : 'bad_request';
  const { status, message } = ERROR_CODES[code];
  const body = JSON.stringify({ error: code, message });
  this.log.trace({ err }, 'client error');
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nContent-Type: application/json; charset=utf-8\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(err);
}

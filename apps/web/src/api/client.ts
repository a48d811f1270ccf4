import { errorMessage } from '../i18n/errorMessages';

/** An error answered by the API: stable code for programs, a message for people (the server's Chinese, or English by code), field details. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }

  /** Field problems (`{ field, message }[]`) when the server sent them. */
  get fieldIssues(): { field: string; message: string }[] {
    return Array.isArray(this.details)
      ? this.details.filter((d): d is { field: string; message: string } => !!d && typeof d === 'object' && 'field' in d && 'message' in d)
      : [];
  }
}

function csrfToken(): string {
  const m = /(?:^|;\s*)duban_csrf=([^;]+)/.exec(document.cookie);
  return m?.[1] ? decodeURIComponent(m[1]) : '';
}

type Listener = (err: ApiError) => void;
const unauthenticatedListeners = new Set<Listener>();

/** Called when any request finds the session gone (so the app can return to the login page). */
export function onUnauthenticated(listener: Listener): () => void {
  unauthenticatedListeners.add(listener);
  return () => unauthenticatedListeners.delete(listener);
}

/** Calls the API; throws ApiError for any non-2xx answer. */
export async function api<T>(method: string, url: string, body?: unknown, init: RequestInit = {}): Promise<T> {
  // Extra headers (an Idempotency-Key) join the standard ones rather than replace them.
  const { headers: extra, ...rest } = init;
  const headers: Record<string, string> = { accept: 'application/json', ...(extra as Record<string, string> | undefined) };
  const isForm = typeof FormData !== 'undefined' && body instanceof FormData;
  if (body !== undefined && !isForm) headers['content-type'] = 'application/json';
  if (method !== 'GET' && method !== 'HEAD') headers['x-csrf-token'] = csrfToken();
  const res = await fetch(url, {
    method,
    headers,
    credentials: 'same-origin',
    body: body === undefined ? undefined : isForm ? body : JSON.stringify(body),
    ...rest,
  });
  const text = await res.text();
  const data: unknown = text ? safeJson(text) : null;
  if (!res.ok) {
    const obj = data && typeof data === 'object' ? data : {};
    const code = 'error' in obj && typeof obj.error === 'string' ? obj.error : 'http_error';
    const err = new ApiError(
      res.status,
      code,
      errorMessage(code, 'message' in obj && typeof obj.message === 'string' ? obj.message : undefined, res.status),
      // The ledger import lists its row problems at the top level as `errors`.
      'details' in obj ? obj.details : 'errors' in obj ? { errors: obj.errors } : undefined,
    );
    if (res.status === 401 && url !== '/api/auth/login') unauthenticatedListeners.forEach((l) => l(err));
    throw err;
  }
  return data as T;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return { message: text };
  }
}

export const get = <T>(url: string) => api<T>('GET', url);
export const post = <T>(url: string, body?: unknown) => api<T>('POST', url, body ?? {});
export const put = <T>(url: string, body?: unknown) => api<T>('PUT', url, body ?? {});
export const del = <T>(url: string) => api<T>('DELETE', url);

/** Builds a query string from defined values. */
export function qs(params: Record<string, string | number | boolean | null | undefined | (string | number)[]>): string {
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v)) v.forEach((x) => sp.append(k, String(x)));
    else sp.set(k, String(v));
  }
  const s = sp.toString();
  return s ? `?${s}` : '';
}

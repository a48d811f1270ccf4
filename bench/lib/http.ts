import autocannon from 'autocannon';
import { latency, type Latency } from './stats';

/** A signed-in browser: its cookies and the CSRF token writes must echo. */
export type Session = { cookie: string; csrf: string };

export const BENCH_PASSWORD = 'Demo@2026';

/** Signs in through the API like the web app does. */
export async function login(base: string, username: string, password = BENCH_PASSWORD): Promise<Session> {
  const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  const cookies = res.headers.getSetCookie().map((c) => c.split(';')[0] ?? '');
  const csrf = cookies.find((c) => c.startsWith('duban_csrf='))?.split('=')[1] ?? '';
  return { cookie: cookies.join('; '), csrf };
}

export const headersOf = (s: Session, json = false): Record<string, string> => ({
  cookie: s.cookie,
  'x-csrf-token': s.csrf,
  ...(json ? { 'content-type': 'application/json' } : {}),
});

/** One request autocannon sends next, chosen per call (so a run walks many matters and sessions). */
export type NextRequest = () => { method: 'GET' | 'POST'; path: string; headers: Record<string, string>; body?: string };

export type LoadResult = { lat: Latency; perSecond: number; total: number; non2xx: number; errors: number };

/** HTTP load with autocannon: `connections` at once for `seconds`; latencies from every response. */
export async function load(base: string, opts: { connections: number; seconds: number; next: NextRequest }): Promise<LoadResult> {
  const samples: number[] = [];
  const inst = autocannon({
    url: base,
    connections: opts.connections,
    duration: opts.seconds,
    timeout: 30,
    requests: [
      {
        setupRequest: (req) => {
          const n = opts.next();
          return { ...req, method: n.method, path: n.path, headers: n.headers, body: n.body };
        },
      },
    ],
  });
  inst.on('response', (_c, _status, _bytes, responseTime) => samples.push(responseTime));
  const r = await inst;
  return { lat: latency(samples), perSecond: r.requests.total / r.duration, total: r.requests.total, non2xx: r.non2xx, errors: r.errors + r.timeouts };
}

/** True when the server's OpenAPI document lists the route (method + path as registered). */
export async function hasRoute(base: string, method: string, path: string): Promise<boolean> {
  const doc = (await (await fetch(`${base}/api/openapi.json`)).json()) as { paths?: Record<string, Record<string, unknown>> };
  return !!doc.paths?.[path]?.[method.toLowerCase()];
}

/** All routes the server documents, as "GET /api/x/{id}". */
export async function listRoutes(base: string): Promise<string[]> {
  const doc = (await (await fetch(`${base}/api/openapi.json`)).json()) as { paths?: Record<string, Record<string, unknown>> };
  return Object.entries(doc.paths ?? {}).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`));
}

import { useEffect, useRef } from 'react';

/** A live event from `/api/events`: its type and JSON data. */
export type LiveMessage = { type: string; data: Record<string, unknown> };
type Listener = (m: LiveMessage) => void;

// Event types every page may care about; others are added when someone subscribes to them.
const KNOWN = ['inbox.new', 'inbox.unread', 'inbox.count', 'sync', 'matter.colour', 'matter.report', 'matter.status'];

const listeners = new Set<Listener>();
const types = new Set(KNOWN);
let source: EventSource | null = null;
let retryTimer: ReturnType<typeof setTimeout> | null = null;
let failures = 0;

function dispatch(type: string, e: MessageEvent<string>): void {
  let data: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(e.data);
    if (parsed && typeof parsed === 'object') data = Object.fromEntries(Object.entries(parsed));
  } catch {
    // a malformed frame carries nothing useful
  }
  failures = 0;
  for (const l of listeners) l({ type, data });
}

function attach(s: EventSource, type: string): void {
  s.addEventListener(type, (e) => dispatch(type, e));
}

// One stream per tab, shared by every subscriber. The browser reconnects by itself after a network
// drop (sending Last-Event-ID); when the server refuses (signed out) we retry with a growing pause.
function open(): void {
  if (source || typeof EventSource === 'undefined') return;
  const s = new EventSource('/api/events', { withCredentials: true });
  source = s;
  for (const t of types) attach(s, t);
  s.onerror = () => {
    if (s.readyState !== EventSource.CLOSED) return;
    s.close();
    source = null;
    failures++;
    if (listeners.size && !retryTimer) {
      retryTimer = setTimeout(() => {
        retryTimer = null;
        if (listeners.size) open();
      }, Math.min(30_000, 1000 * 2 ** Math.min(failures, 5)));
    }
  };
}

function close(): void {
  source?.close();
  source = null;
  if (retryTimer) clearTimeout(retryTimer);
  retryTimer = null;
}

/**
 * Subscribes to the signed-in account's live events (SSE) while the component is mounted.
 * `only` limits the types delivered to `onEvent`; a `sync` event means "refetch, something was missed".
 */
export function useLiveEvents(onEvent: (m: LiveMessage) => void, only?: readonly string[]): void {
  const handler = useRef(onEvent);
  useEffect(() => {
    handler.current = onEvent;
  });
  const key = only?.join(',') ?? '';
  useEffect(() => {
    const wanted = key ? key.split(',') : null;
    for (const t of wanted ?? []) {
      if (!types.has(t)) {
        types.add(t);
        if (source) attach(source, t);
      }
    }
    const l: Listener = (m) => {
      if (!wanted || wanted.includes(m.type) || m.type === 'sync') handler.current(m);
    };
    listeners.add(l);
    open();
    return () => {
      listeners.delete(l);
      if (!listeners.size) close();
    };
  }, [key]);
}

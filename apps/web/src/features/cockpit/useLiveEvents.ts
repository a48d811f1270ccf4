import { useEffect, useRef, useState } from 'react';

export type LiveMessage = { type: string; data: Record<string, unknown>; at: number };
const TYPES = ['matter.report', 'matter.colour', 'matter.status', 'cockpit.refresh'] as const;

/**
 * Listens to the cockpit's server-sent events. EventSource retries by itself after a dropped
 * connection; when the server answered with an error (e.g. restarting behind a proxy) the source
 * closes for good, so a new one is opened after a growing pause. `onReconnect` runs after every
 * reconnection so the caller can refetch what it may have missed.
 */
export function useLiveEvents(url: string, onMessage: (m: LiveMessage) => void, onReconnect: () => void): { connected: boolean } {
  const [connected, setConnected] = useState(false);
  const handlers = useRef({ onMessage, onReconnect });
  handlers.current = { onMessage, onReconnect };

  useEffect(() => {
    let source: EventSource | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let delay = 2000;
    let lostOnce = false;
    let stopped = false;
    const open = () => {
      if (stopped) return;
      const es = new EventSource(url, { withCredentials: true });
      source = es;
      es.onopen = () => {
        setConnected(true);
        delay = 2000;
        if (lostOnce) handlers.current.onReconnect();
      };
      es.onerror = () => {
        setConnected(false);
        lostOnce = true;
        if (es.readyState === EventSource.CLOSED) {
          timer = setTimeout(open, delay);
          delay = Math.min(delay * 2, 30_000);
        }
      };
      for (const type of TYPES) {
        es.addEventListener(type, (e) => {
          let data: Record<string, unknown> = {};
          try {
            if (e instanceof MessageEvent && typeof e.data === 'string') data = JSON.parse(e.data);
          } catch {
            // a malformed event still tells us something happened
          }
          handlers.current.onMessage({ type, data, at: Date.now() });
        });
      }
    };
    open();
    return () => {
      stopped = true;
      clearTimeout(timer);
      source?.close();
    };
  }, [url]);
  return { connected };
}

import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { z } from 'zod';
import type { EventBus, LiveEvent } from '../../lib/events';

const CHANNEL = 'duban_live';
const messageSchema = z.object({
  origin: z.string(),
  event: z.object({ tenantId: z.number(), type: z.string(), accountIds: z.array(z.number()).nullable(), data: z.record(z.string(), z.unknown()) }),
});
// NOTIFY payloads are limited to 8000 bytes; larger events stay local (they carry ids, never documents).
const MAX_PAYLOAD = 7900;

/**
 * Joins the buses of every instance on one PostgreSQL: each local event is NOTIFYed, each
 * notification from another instance is published on the local bus. The embedded engine has
 * one process, so it needs none. Returns a stop function.
 */
export async function startLiveBridge(bus: EventBus, databaseUrl: string, log: (msg: string, err?: unknown) => void = () => undefined): Promise<() => Promise<void>> {
  const origin = randomUUID();
  const fromRemote = new WeakSet<LiveEvent>();
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  pool.on('error', (err) => log('live bridge pool error', err));
  let listener: pg.Client | null = null;
  let stopped = false;

  const connect = async (): Promise<void> => {
    if (stopped) return;
    const client = new pg.Client({ connectionString: databaseUrl });
    client.on('notification', (msg) => {
      if (!msg.payload) return;
      try {
        const parsed = messageSchema.parse(JSON.parse(msg.payload));
        if (parsed.origin === origin) return;
        fromRemote.add(parsed.event);
        bus.publish(parsed.event);
      } catch (err) {
        log('live bridge: bad payload', err);
      }
    });
    // A lost connection is re-opened after a pause; events during the gap reach browsers as `sync` on reconnect.
    client.on('error', (err) => {
      log('live bridge connection lost', err);
      void client.end().catch(() => undefined);
      if (!stopped) setTimeout(() => void connect().catch((e: unknown) => log('live bridge reconnect failed', e)), 2000);
    });
    await client.connect();
    await client.query(`listen ${CHANNEL}`);
    listener = client;
  };
  await connect();

  const unsubscribe = bus.subscribe((event) => {
    if (fromRemote.has(event)) return;
    const payload = JSON.stringify({ origin, event });
    if (Buffer.byteLength(payload, 'utf8') > MAX_PAYLOAD) return;
    pool.query('select pg_notify($1, $2)', [CHANNEL, payload]).catch((err: unknown) => log('live bridge notify failed', err));
  });

  return async () => {
    stopped = true;
    unsubscribe();
    await listener?.end().catch(() => undefined);
    await pool.end().catch(() => undefined);
  };
}

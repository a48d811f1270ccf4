import dgram from 'node:dgram';
import os from 'node:os';
import type { Config } from '../../config';
import type { TraceAnchor, AnchorEntry } from './trace.anchor';

/** What goes off the box: the anchor file's entries (each signed with HMAC-SM3), or that the file is gone. */
export type ShippedAnchor = {
  kind: 'duban-trace-anchor';
  host: string;
  sentAt: string;
  state: 'ok' | 'missing' | 'unreadable';
  tenants: Record<string, AnchorEntry>;
};

/**
 * Sends the current anchor to the configured receivers: an HTTP POST of JSON (a 2xx answer expected) and/or
 * one RFC 5424 syslog message over UDP (facility log audit, severity notice). A copy the box's own users
 * cannot reach is what catches a rewrite made together with the anchor file.
 */
export async function shipAnchor(anchor: TraceAnchor, config: Pick<Config, 'traceAnchorUrl' | 'traceAnchorSyslog'>, now: Date): Promise<ShippedAnchor> {
  const state = anchor.read();
  const payload: ShippedAnchor = {
    kind: 'duban-trace-anchor',
    host: os.hostname(),
    sentAt: now.toISOString(),
    state: state.state,
    tenants: state.state === 'ok' ? state.file.tenants : {},
  };
  const body = JSON.stringify(payload);
  if (config.traceAnchorUrl) {
    const res = await fetch(config.traceAnchorUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body, signal: AbortSignal.timeout(10_000) });
    await res.body?.cancel();
    if (!res.ok) throw new Error(`trace anchor upload to ${config.traceAnchorUrl}: HTTP ${res.status}`);
  }
  if (config.traceAnchorSyslog) await sendSyslog(config.traceAnchorSyslog, `<109>1 ${payload.sentAt} ${payload.host} duban ${process.pid} trace-anchor - ${body}`);
  return payload;
}

function sendSyslog(target: string, message: string): Promise<void> {
  const at = target.lastIndexOf(':');
  const host = target.slice(0, at);
  const port = Number(target.slice(at + 1));
  const socket = dgram.createSocket(host.includes(':') ? 'udp6' : 'udp4');
  return new Promise((resolve, reject) => {
    socket.send(Buffer.from(message, 'utf8'), port, host, (err) => {
      socket.close();
      if (err) reject(err);
      else resolve();
    });
  });
}

import { randomUUID } from 'node:crypto';
import { quietRelease, retryDelayMs, ROBOT_CHANNELS } from '@duban/shared';
import type { Deps } from '../../lib/deps';
import { sendTarget } from '../../lib/pii-at-rest';
import { tenantCalendar } from '../calendar/calendar.service';
import { tenantNotify, type ChannelRuntime } from './channel-config';
import { TransientError } from './channels/http';
import { markdownOf } from './channels/render';
import { SENDERS } from './channels/senders';
import { PermanentError, type Msg } from './channels/types';
import { claimDeliveries, finishDeliveries, reserveRobotPosts, type Claimed, type Outcome } from './dispatch.repository';
import { fanOut } from './fanout';

/** What one run of the dispatcher did; the bench reads it. */
export type DispatchStats = { fannedOut: number; claimed: number; sent: number; retrying: number; failed: number; dead: number; deferred: number; calls: number; ms: number };

export type DispatchOptions = {
  /** Stop when nothing is due (the job and `--once`); otherwise run until `signal` aborts. */
  once?: boolean;
  /** Deliveries claimed per batch. */
  limit?: number;
  /** Batches in flight at once. */
  concurrency?: number;
  /** How long a claim holds before another dispatcher may take it over (a killed process's claims come back). */
  leaseMs?: number;
  /** Concurrent provider calls per batch. */
  sendConcurrency?: number;
  idleMs?: number;
  signal?: AbortSignal;
  worker?: string;
};

/** One provider call: the deliveries it settles, to whom, with what. */
type Call = { channel: ChannelRuntime; deliveries: Claimed[]; targets: string[]; messages: Msg[]; key: string };

// Robot posts stay below the 4096-byte markdown limit with room for mentions.
const ROBOT_POST_BYTES = 3500;

function messageOf(deps: Deps, d: Claimed): Msg {
  const url = d.link ? (/^https?:\/\//.test(d.link) ? d.link : `${deps.config.publicUrl}${d.link.startsWith('/') ? '' : '/'}${d.link}`) : null;
  return { title: d.title, body: d.body, url, urgent: d.urgent };
}

// Several messages for one robot become as few markdown digests as fit the size limit.
function robotChunks(deps: Deps, ds: readonly Claimed[]): Claimed[][] {
  const chunks: Claimed[][] = [];
  let cur: Claimed[] = [];
  for (const d of ds) {
    const next = [...cur, d];
    if (cur.length && Buffer.byteLength(markdownOf(next.map((x) => messageOf(deps, x)), { font: true }), 'utf8') > ROBOT_POST_BYTES) {
      chunks.push(cur);
      cur = [d];
    } else {
      cur = next;
    }
  }
  if (cur.length) chunks.push(cur);
  return chunks;
}

const mentionsOf = (ds: readonly Claimed[]) => [...new Set(ds.flatMap((d) => (d.target === '群' ? [] : d.target.split(','))))];

/**
 * The claimed deliveries with their real targets: a mobile number is opened from `target_enc` only now, to send.
 * One the server key does not open fails at once, named in the delivery log (never sent to a masked number).
 */
function openTargets(deps: Deps, claimed: readonly Claimed[], outcomes: Outcome[]): Claimed[] {
  const out: Claimed[] = [];
  for (const d of claimed) {
    try {
      out.push(d.target_enc ? { ...d, target: sendTarget(deps.secretKey, d) } : d);
    } catch {
      outcomes.push({ id: d.id, status: 'failed', nextAt: null, error: '手机号无法解密：服务器密钥与加密时不同，或数据被改动', reply: null, sentAt: null, attempted: false });
    }
  }
  return out;
}

async function planCalls(deps: Deps, claimed: readonly Claimed[], now: Date, outcomes: Outcome[]): Promise<Call[]> {
  const groups = new Map<string, Claimed[]>();
  for (const d of openTargets(deps, claimed, outcomes)) {
    // Robots: everything for one robot together; digests: a person's held messages together;
    // WeCom app: one call per message for all its recipients; the rest one call each.
    const key = ROBOT_CHANNELS.includes(d.channel)
      ? `r|${d.tenant_id}|${d.channel}`
      : d.digest
        ? `d|${d.tenant_id}|${d.channel}|${d.person_id}`
        : d.channel === 'wecom-app'
          ? `w|${d.tenant_id}|${d.outbox_id}`
          : `s|${d.id}`;
    (groups.get(key) ?? groups.set(key, []).get(key))?.push(d);
  }
  const calls: Call[] = [];
  for (const [key, ds] of groups) {
    const first = ds[0];
    if (!first) continue;
    const tn = await tenantNotify(deps.db, deps.secretKey, first.tenant_id);
    const channel = tn.channels.get(first.channel);
    if (!channel?.enabled) {
      // A switched-off channel is "down": its messages wait (up to the 24 h limit) rather than vanish.
      for (const d of ds) outcomes.push(await retryOutcome(deps, d, now, '渠道未启用', null));
      continue;
    }
    if (key.startsWith('r|')) {
      const chunks = robotChunks(deps, [...ds].sort((a, b) => a.id - b.id));
      const { granted, nextFree } = await reserveRobotPosts(deps.db, first.tenant_id, first.channel, chunks.length, now);
      // Over the 20-per-minute limit, the rest wait for the next free slot, untouched (no attempt spent).
      for (const d of chunks.slice(granted).flat()) outcomes.push({ id: d.id, status: d.attempts ? 'retrying' : 'pending', nextAt: nextFree, error: null, reply: null, sentAt: null, attempted: false });
      for (const c of chunks.slice(0, granted)) {
        calls.push({ channel, deliveries: c, targets: mentionsOf(c), messages: c.map((d) => messageOf(deps, d)), key: keyOf(c) });
      }
    } else if (key.startsWith('w|')) {
      for (let i = 0; i < ds.length; i += 1000) {
        const c = ds.slice(i, i + 1000);
        calls.push({ channel, deliveries: c, targets: [...new Set(c.map((d) => d.target))], messages: [messageOf(deps, first)], key: keyOf(c) });
      }
    } else {
      calls.push({ channel, deliveries: ds, targets: [first.target], messages: ds.map((d) => messageOf(deps, d)), key: keyOf(ds) });
    }
  }
  return calls;
}

// A single delivery keeps its own key; a combined message's key names all it carries.
function keyOf(ds: readonly Claimed[]): string {
  if (ds.length === 1 && ds[0]) return ds[0].idempotency_key;
  return `dbn-g-${ds.map((d) => d.id).sort((a, b) => a - b).join('-')}`.slice(0, 120);
}

async function retryOutcome(deps: Deps, d: Claimed, now: Date, error: string, reply: string | null): Promise<Outcome> {
  const attempt = d.attempts + 1;
  let nextAt = new Date(now.getTime() + retryDelayMs(attempt));
  if (!d.quiet_exempt) {
    const tn = await tenantNotify(deps.db, deps.secretKey, d.tenant_id);
    nextAt = quietRelease(nextAt, tn.quiet, await tenantCalendar(deps.db, d.tenant_id));
  }
  const dead = nextAt.getTime() > new Date(d.give_up_at).getTime();
  return { id: d.id, status: dead ? 'dead' : 'retrying', nextAt: dead ? null : nextAt, error: dead ? `${error}（已重试 24 小时，放弃）` : error, reply, sentAt: null, attempted: true };
}

async function runCall(deps: Deps, call: Call, now: Date): Promise<Outcome[]> {
  try {
    const result = await SENDERS[call.channel.channel]({ channel: call.channel, messages: call.messages, targets: call.targets, idempotencyKey: call.key, egress: { allowedHosts: deps.config.channelAllowedHosts } });
    return call.deliveries.map((d) => {
      const refused = result.failedTargets?.get(d.target);
      return refused
        ? { id: d.id, status: 'failed', nextAt: null, error: refused, reply: result.reply, sentAt: null, attempted: true }
        : { id: d.id, status: 'sent', nextAt: null, error: null, reply: result.reply, sentAt: now, attempted: true };
    });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const reply = err instanceof TransientError || err instanceof PermanentError ? err.reply : null;
    if (err instanceof PermanentError) return call.deliveries.map((d) => ({ id: d.id, status: 'failed', nextAt: null, error: message, reply, sentAt: null, attempted: true }));
    return Promise.all(call.deliveries.map((d) => retryOutcome(deps, d, now, message, reply)));
  }
}

async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      const item = items[i];
      if (item !== undefined) out[i] = await fn(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

// One claim at a time per database in this process. Concurrent claims scanning the same due rows with SKIP LOCKED
// interleave, and could split a person's held messages (a digest) between two batches: two messages instead of one.
const claiming = new WeakMap<Deps['db'], Promise<unknown>>();

function claimInTurn(deps: Deps, worker: string, now: Date, leaseUntil: Date, limit: number): Promise<Claimed[]> {
  const before = claiming.get(deps.db) ?? Promise.resolve();
  const mine = before.then(() => claimDeliveries(deps.db, worker, now, leaseUntil, limit));
  claiming.set(
    deps.db,
    mine.catch(() => undefined),
  );
  return mine;
}

/** Claims one batch, sends it and records the outcomes; returns how many deliveries it settled. */
export async function dispatchBatch(deps: Deps, opts: { worker: string; limit: number; leaseMs: number; sendConcurrency: number }, stats: DispatchStats): Promise<number> {
  const now = deps.clock.now();
  const claimed = await claimInTurn(deps, opts.worker, now, new Date(now.getTime() + opts.leaseMs), opts.limit);
  if (!claimed.length) return 0;
  stats.claimed += claimed.length;
  const outcomes: Outcome[] = [];
  const calls = await planCalls(deps, claimed, now, outcomes);
  stats.calls += calls.length;
  outcomes.push(...(await mapLimit(calls, opts.sendConcurrency, (c) => runCall(deps, c, now))).flat());
  await finishDeliveries(deps.db, opts.worker, deps.clock.now(), outcomes);
  for (const o of outcomes) {
    if (o.status === 'sent') stats.sent++;
    else if (o.status === 'failed') stats.failed++;
    else if (o.status === 'dead') stats.dead++;
    else if (!o.attempted) stats.deferred++;
    else stats.retrying++;
  }
  return claimed.length;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
  });

/**
 * The dispatcher: fans new outbox entries out to deliveries, then claims due deliveries in
 * batches (several in flight), sends them and records each outcome. With `once`, returns when
 * nothing is due; otherwise polls until `signal` aborts. Safe to run in several processes at once.
 */
export async function runDispatcher(deps: Deps, opts: DispatchOptions = {}): Promise<DispatchStats> {
  const started = Date.now();
  const stats: DispatchStats = { fannedOut: 0, claimed: 0, sent: 0, retrying: 0, failed: 0, dead: 0, deferred: 0, calls: 0, ms: 0 };
  const batch = { worker: opts.worker ?? `dispatch-${randomUUID().slice(0, 8)}`, limit: opts.limit ?? 100, leaseMs: opts.leaseMs ?? 60_000, sendConcurrency: opts.sendConcurrency ?? 64 };
  const loop = async () => {
    while (!opts.signal?.aborted) {
      const fanned = await fanOut(deps, { limit: 500 });
      stats.fannedOut += fanned;
      const done = await dispatchBatch(deps, batch, stats);
      if (!fanned && !done) {
        if (opts.once) return;
        await sleep(opts.idleMs ?? 1000, opts.signal);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, opts.concurrency ?? 4) }, loop));
  stats.ms = Date.now() - started;
  return stats;
}

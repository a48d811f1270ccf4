import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import type { Actor } from '../../lib/actor';
import type { EventBus, LiveEvent } from '../../lib/events';

/** A live event with its stream id ("<boot>-<seq>"), as SSE sends it. */
export type Numbered = { id: string; seq: number; event: LiveEvent };

const BUFFER = 1000;

/**
 * One per bus: numbers every live event, keeps the last thousand for Last-Event-ID replay, and
 * fans them out to the open streams. The boot prefix tells a reconnecting browser that ids from
 * another process (or before a restart) cannot be replayed.
 */
export class LiveHub {
  readonly boot = randomBytes(4).toString('hex');
  private seq = 0;
  private readonly buffer: Numbered[] = [];
  private readonly listeners = new Set<(n: Numbered) => void>();

  constructor(bus: EventBus) {
    bus.subscribe((event) => {
      const n = { id: `${this.boot}-${++this.seq}`, seq: this.seq, event };
      this.buffer.push(n);
      if (this.buffer.length > BUFFER) this.buffer.shift();
      for (const l of this.listeners) l(n);
    });
  }

  listen(fn: (n: Numbered) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  get streams(): number {
    return this.listeners.size;
  }

  /** Events after `lastId`, or null when they cannot be known (another boot, or pushed out of the buffer). */
  since(lastId: string): Numbered[] | null {
    const m = /^([0-9a-f]{8})-(\d+)$/.exec(lastId);
    if (!m || m[1] !== this.boot) return null;
    const after = Number(m[2]);
    const first = this.buffer[0];
    if (first && first.seq > after + 1) return null;
    return this.buffer.filter((n) => n.seq > after);
  }
}

const hubs = new WeakMap<EventBus, LiveHub>();

/** The hub of a bus, created on first use. */
export function hubOf(bus: EventBus): LiveHub {
  let hub = hubs.get(bus);
  if (!hub) hubs.set(bus, (hub = new LiveHub(bus)));
  return hub;
}

type MatterReach = { unitIds: number[]; leadLeaderId: number | null };

// The units (and lead leader) of a matter event, looked up once per event whichever stream asks.
const reaches = new WeakMap<LiveEvent, Promise<MatterReach>>();

function reachOf(db: Kysely<DB>, event: LiveEvent): Promise<MatterReach> {
  let p = reaches.get(event);
  if (!p) {
    const d = event.data;
    const matterId = typeof d.matterId === 'number' ? d.matterId : 0;
    const listed = Array.isArray(d.unitIds) ? d.unitIds.filter((x): x is number => typeof x === 'number') : typeof d.unitId === 'number' ? [d.unitId] : null;
    p = Promise.all([
      listed ?? db.selectFrom('matter_units').select('unit_id').where('tenant_id', '=', event.tenantId).where('matter_id', '=', matterId).execute().then((rows) => rows.map((r) => r.unit_id)),
      db.selectFrom('matters').select('lead_leader_id').where('tenant_id', '=', event.tenantId).where('id', '=', matterId).executeTakeFirst(),
    ])
      .then(([unitIds, m]) => ({ unitIds, leadLeaderId: m?.lead_leader_id ?? null }))
      .catch(() => ({ unitIds: [], leadLeaderId: null }));
    reaches.set(event, p);
  }
  return p;
}

/**
 * Whether the account may see the event: same tenant; addressed to it when addressed; matter
 * events only for matters in its data scope, as matters-core defines it: tenant-wide scopes see all;
 * otherwise one of the scope's units (own unit, a leader's 分管 units) is on the matter, or the viewer leads it.
 */
export async function maySee(db: Kysely<DB>, actor: Actor, event: LiveEvent): Promise<boolean> {
  if (event.tenantId !== actor.tenantId) return false;
  if (event.accountIds) return actor.accountId !== null && event.accountIds.includes(actor.accountId);
  if (!event.type.startsWith('matter.')) return true;
  if (!actor.permissions.has('matter.read')) return false;
  if (actor.scope.kind === 'tenant') return true;
  const scope = new Set(actor.scope.unitIds);
  const reach = await reachOf(db, event);
  return reach.unitIds.some((u) => scope.has(u)) || (actor.personId !== null && reach.leadLeaderId === actor.personId);
}

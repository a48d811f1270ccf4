import { shanghaiDate, type WarningColour, type WarningReason } from '@duban/shared';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema';
import { inTransaction, type Deps } from '../../lib/deps';
import type { LiveEvent } from '../../lib/events';
import { systemActor } from '../../lib/actor';
import { runExclusive } from '../../lib/exclusive';
import { emitMatterEvent } from '../matters/matter-events';
import { enqueueMany } from '../outbox/outbox.bulk';
import type { OutboxEntry } from '../outbox/outbox.service';
import { decide, rollUp, type Decision, type OwedReminder } from './sweep.decide';
import * as repo from './sweep.repository';
import { pendingOfficeReminders } from './sweep.office';
import { loadTenantRules, type TenantRules } from './tenant-rules';

const LISTED = 200;
const WRITE_ROWS = 1000;

export type SweepChange = { tenantId: number; matterId: number; number: string; title: string; from: WarningColour | null; to: WarningColour | null; reasons: string[] };
export type SweepReminder = { kind: string; eventKey: string; title: string; body: string; recipients: number };

export type SweepStats = {
  at: string;
  dryRun: boolean;
  /** Another instance holds the sweep lock; this run did nothing. */
  skipped: boolean;
  tenants: number;
  reclassifiedTenants: number;
  candidates: number;
  checked: number;
  changed: number;
  reminders: number;
  recipients: number;
  chunks: number;
  ms: number;
  /** The first changes and reminders (up to 200 each), for the command line. */
  changes: SweepChange[];
  sent: SweepReminder[];
};

type Ctx = {
  /** The connection holding the sweep lock on PostgreSQL (the only one when embedded). */
  conn: Kysely<DB>;
  /**
   * Where chunks are read and written: on PostgreSQL the pool, so the next chunks load while this one is
   * decided and two chunks write at once (the lock stays on `conn`); when embedded, `conn` itself.
   */
  pool: Kysely<DB>;
  deps: Deps;
  at: Date;
  dryRun: boolean;
  rules: Map<number, TenantRules>;
  office: Map<number, number[]>;
  stats: SweepStats;
  events: LiveEvent[];
};

/**
 * Recomputes the colour of every matter that could have changed at `at`, writes colour_history and
 * the reminders owed into the outbox, chunk by chunk (each chunk one transaction), then publishes
 * 'matter.colour' live events. Idempotent; one instance at a time (advisory lock).
 */
export async function runSweep(deps: Deps, opts: { at?: Date; dryRun?: boolean; chunkSize?: number } = {}): Promise<SweepStats> {
  const started = Date.now();
  const at = opts.at ?? deps.clock.now();
  const dryRun = opts.dryRun ?? false;
  const chunkSize = opts.chunkSize ?? 2000;
  const stats: SweepStats = {
    at: at.toISOString(),
    dryRun,
    skipped: false,
    tenants: 0,
    reclassifiedTenants: 0,
    candidates: 0,
    checked: 0,
    changed: 0,
    reminders: 0,
    recipients: 0,
    chunks: 0,
    ms: 0,
    changes: [],
    sent: [],
  };
  const work = (conn: Kysely<DB>, pool: Kysely<DB>) => sweepAll({ conn, pool, deps, at, dryRun, rules: new Map(), office: new Map(), stats, events: [] }, chunkSize);
  // One instance at a time; the embedded engine is not pinned, so people's requests run between chunks, and with
  // a pool of one connection the sweep keeps to its pinned connection (see runExclusive).
  const run = await runExclusive(deps, 'sweep', work);
  if (!run.ran) stats.skipped = true;
  stats.ms = Date.now() - started;
  return stats;
}

async function sweepAll(ctx: Ctx, chunkSize: number): Promise<void> {
  const { conn, at, dryRun, stats } = ctx;
  const tenants = await conn.selectFrom('tenants').select(['id', 'settings']).orderBy('id').execute();
  const state = new Map((await conn.selectFrom('sweep_state').select(['tenant_id', 'rules_hash']).execute()).map((s) => [s.tenant_id, s.rules_hash]));
  const reclassify: number[] = [];
  for (const t of tenants) {
    const rules = await loadTenantRules(conn, t.id, t.settings);
    ctx.rules.set(t.id, rules);
    if (state.get(t.id) !== rules.hash) reclassify.push(t.id);
  }
  stats.tenants = tenants.length;
  stats.reclassifiedTenants = reclassify.length;

  const today = shanghaiDate(at);
  const ids = await repo.candidateIds(conn, today, reclassify);
  stats.candidates = ids.length;
  const parents = new Set<number>();
  // The next chunks are asked for before this one is decided and written: on PostgreSQL other
  // connections read them meanwhile, two at a time, so the server reads while JavaScript decides
  // (chunks are disjoint, and a dirty mark read early is only cleared if unchanged).
  const ahead = ctx.pool === conn ? 1 : 2;
  const chunks: number[][] = [];
  for (let i = 0; i < ids.length; i += chunkSize) chunks.push(ids.slice(i, i + chunkSize));
  const loading: Promise<string>[] = [];
  const load = (k: number) => {
    const chunk = chunks[k];
    if (!chunk) return;
    const p = repo.fetchChunk(ctx.pool, chunk, today);
    p.catch(() => undefined); // left unawaited if an earlier chunk fails; that failure is the one reported
    loading.push(p);
  };
  for (let k = 0; k < ahead; k++) load(k);
  const writers = ctx.pool === conn ? 1 : 2;
  const writing: Promise<void>[] = [];
  for (let k = 0; k < chunks.length; k++) {
    const rows = repo.parseChunk(await (loading.shift() ?? Promise.resolve('[]')));
    load(k + ahead);
    const leaves = rows.filter((r) => {
      if (r.open_children) parents.add(r.id);
      return !r.open_children;
    });
    const decisions = leaves.map((r) => ({ row: r, d: decide(r, at, rulesOf(ctx, r.tenant_id), null) }));
    for (const { row, d } of decisions) if (d.history && row.parent_id !== null) parents.add(row.parent_id);
    // Written WRITE_ROWS matters per transaction, so a person's report on one of them waits at most for a
    // short transaction; and two transactions at once on PostgreSQL: most of a write is the matters rows and
    // their indexes, which do not contend (disjoint), and the cockpit's triggers lock counter rows in key order.
    for (let j = 0; j < decisions.length; j += WRITE_ROWS) {
      const w = commitChunk(ctx, decisions.slice(j, j + WRITE_ROWS));
      w.catch(() => undefined); // awaited below; a failure is reported from there
      writing.push(w);
      if (writing.length >= writers) await writing.shift();
    }
  }
  for (const w of writing.splice(0)) await w;
  await sweepParents(ctx, parents, chunkSize);
  await commitOffice(ctx);

  if (!dryRun) {
    for (const id of reclassify) {
      const hash = rulesOf(ctx, id).hash;
      await conn
        .insertInto('sweep_state')
        .values({ tenant_id: id, rules_hash: hash, swept_at: at })
        .onConflict((oc) => oc.column('tenant_id').doUpdateSet({ rules_hash: hash, swept_at: at }))
        .execute();
    }
  }
}

// Parents take the worst colour of their open children, deepest first so a grandparent sees its
// children's new colours; a parent that changes makes its own parent a candidate in turn.
async function sweepParents(ctx: Ctx, parents: Set<number>, chunkSize: number): Promise<void> {
  const done = new Set<number>();
  while (parents.size) {
    const batch = [...parents].filter((id) => !done.has(id)).slice(0, chunkSize);
    parents.clear();
    if (!batch.length) break;
    const rows = (await repo.loadChunk(ctx.conn, batch, shanghaiDate(ctx.at))).sort((a, b) => b.depth - a.depth || a.id - b.id);
    const maxDepth = rows[0]?.depth ?? 0;
    const now = rows.filter((r) => r.depth === maxDepth);
    for (const r of rows) if (r.depth !== maxDepth) parents.add(r.id);
    const children = await repo.childColours(ctx.conn, now.map((r) => r.id));
    const decisions = now.map((r) => {
      done.add(r.id);
      const rolled = rollUp(children.filter((c) => c.parent_id === r.id));
      return { row: r, d: decide(r, ctx.at, rulesOf(ctx, r.tenant_id), rolled) };
    });
    for (const { row, d } of decisions) if (d.history && row.parent_id !== null && !done.has(row.parent_id)) parents.add(row.parent_id);
    await commitChunk(ctx, decisions);
  }
}

function rulesOf(ctx: Ctx, tenantId: number): TenantRules {
  const rules = ctx.rules.get(tenantId);
  if (!rules) throw new Error(`tenant ${tenantId} has no rules loaded`);
  return rules;
}

async function officeOf(ctx: Ctx, tenantId: number): Promise<number[]> {
  let office = ctx.office.get(tenantId);
  if (!office) {
    office = await repo.officePeople(ctx.conn, tenantId);
    ctx.office.set(tenantId, office);
  }
  return office;
}

/**
 * Turns owed reminders into outbox entries with their recipients, climbing the ladder. Reminders
 * whose event key is in the outbox already (a repeat an earlier sweep today sent) are dropped first:
 * the outbox would skip them anyway, and a full reclassification owes thousands of them. Titles and
 * unit names are read for the rest only, with those of the changes the run lists (`listed`).
 */
async function addressed(ctx: Ctx, due: readonly OwedReminder[], listed: readonly number[]): Promise<{ entries: OutboxEntry[]; names: Map<number, repo.MatterNames> }> {
  const owed = await repo.notYetOwed(ctx.pool, due);
  const matterIds = [...new Set(owed.map((o) => o.matterId))];
  const [names, people] = await Promise.all([repo.matterNames(ctx.pool, [...new Set([...matterIds, ...listed])]), repo.matterPeople(ctx.pool, matterIds)]);
  const byMatter = new Map<number, typeof people>();
  for (const p of people) byMatter.set(p.matter_id, [...(byMatter.get(p.matter_id) ?? []), p]);
  const entries: OutboxEntry[] = [];
  for (const o of owed) {
    const on = byMatter.get(o.matterId) ?? [];
    const ids = on.filter((p) => p.handler || p.liaison || (p.head && o.audience !== 'unit')).map((p) => p.person_id);
    if (o.audience === 'all') {
      if (o.leadLeaderId !== null) ids.push(o.leadLeaderId);
      ids.push(...(await officeOf(ctx, o.tenantId)));
    }
    const n = names.get(o.matterId);
    const text = o.text({ title: n?.title ?? '', unitName: n?.unit_name ?? '' });
    entries.push({ tenantId: o.tenantId, kind: o.kind, eventKey: o.eventKey, matterId: o.matterId, title: text.title, body: text.body, link: `/matters/${o.matterId}`, personIds: ids, at: ctx.at });
  }
  return { entries, names };
}

async function commitChunk(ctx: Ctx, decisions: readonly { row: repo.SweepRow; d: Decision }[]): Promise<void> {
  if (!decisions.length) return;
  const { stats } = ctx;
  stats.chunks++;
  stats.checked += decisions.length;
  const changed = decisions.filter((x) => x.d.history);
  stats.changed += changed.length;
  const listed = changed.slice(0, Math.max(0, LISTED - stats.changes.length));
  const { entries, names } = await addressed(
    ctx,
    decisions.flatMap((x) => x.d.reminders),
    listed.map((x) => x.row.id),
  );
  for (const { row, d } of listed) {
    if (stats.changes.length >= LISTED) break; // another chunk listed some meanwhile
    const n = names.get(row.id);
    stats.changes.push({ tenantId: row.tenant_id, matterId: row.id, number: n?.number ?? '', title: n?.title ?? '', from: d.from, to: d.to, reasons: d.update.reasons.map((r) => r.text) });
  }
  const updates = decisions.filter((x) => x.d.rewrite).map((x) => x.d.update);
  const schedule = decisions.filter((x) => !x.row.has_state || x.row.due_was !== x.d.due).map((x) => ({ id: x.row.id, due: x.d.due }));
  const marks = decisions.flatMap((x) => (x.row.mark === null ? [] : [{ id: x.row.id, mark: x.row.mark }]));
  const history = changed.flatMap((x) => (x.d.history ? [x.d.history] : []));
  // Most chunks of a sweep that changes little have nothing to write: no transaction for them.
  if (!entries.length && !updates.length && !schedule.length && !marks.length && !history.length) return;
  await record(ctx, entries, async (trx) => {
    await repo.writeSchedule(trx, schedule);
    await repo.clearDirty(trx, marks);
    await repo.insertHistory(trx, history, ctx.at);
    // The matters rows last: they stay locked only from their update to the commit, and a person's
    // report on one of them waits that long at most.
    await repo.writeColours(trx, updates, ctx.at);
    // Subscribers (assessment, …) see each colour change in the same transaction (matter-events.ts).
    for (const { row, d } of changed) {
      await emitMatterEvent(trx, ctx.deps, { kind: 'colour_changed', tenantId: row.tenant_id, matterId: row.id, actor: systemActor(row.tenant_id), at: ctx.at, from: d.from, to: d.to, reasons: d.update.reasons });
    }
  });
  if (!ctx.dryRun) {
    for (const { row, d } of changed) {
      ctx.deps.bus.publish(colourEvent(row.tenant_id, row.id, d.from, d.to, d.update.reasons));
    }
  }
}

/** Enqueues and then writes (unless dry-run) in one transaction; counts what was, or would be, sent. */
async function record(ctx: Ctx, entries: readonly OutboxEntry[], write: (trx: Transaction<DB>) => Promise<void>): Promise<void> {
  const { stats } = ctx;
  let keys: Set<string>;
  if (ctx.dryRun) {
    keys = new Set(entries.filter((e) => new Set(e.personIds).size > 0).map((e) => e.eventKey));
    if (entries.length) {
      const owed = await ctx.conn
        .selectFrom('outbox')
        .select(['tenant_id', 'event_key'])
        .where('event_key', 'in', entries.map((e) => e.eventKey))
        .execute();
      const already = new Set(owed.map((o) => `${o.tenant_id}/${o.event_key}`));
      for (const e of entries) if (already.has(`${e.tenantId}/${e.eventKey}`)) keys.delete(e.eventKey);
    }
  } else {
    keys = await inTransaction(ctx.pool, async (trx) => {
      const enqueued = new Set((await enqueueMany(trx, entries)).keys);
      await write(trx);
      return enqueued;
    });
  }
  for (const e of entries) {
    if (!keys.has(e.eventKey)) continue;
    const recipients = new Set(e.personIds).size;
    stats.reminders++;
    stats.recipients += recipients;
    if (stats.sent.length < LISTED) stats.sent.push({ kind: e.kind, eventKey: e.eventKey, title: e.title, body: e.body, recipients });
  }
}

async function commitOffice(ctx: Ctx): Promise<void> {
  const owed = await pendingOfficeReminders(ctx.conn, ctx.at, ctx.rules, (tenantId) => officeOf(ctx, tenantId));
  if (owed.length) await record(ctx, owed, async () => undefined);
}

function colourEvent(tenantId: number, matterId: number, from: WarningColour | null, to: WarningColour | null, reasons: readonly WarningReason[]): LiveEvent {
  return { tenantId, type: 'matter.colour', accountIds: null, data: { matterId, from, to, reasons: reasons.map((r) => ({ code: r.code, colour: r.colour, text: r.text })) } };
}

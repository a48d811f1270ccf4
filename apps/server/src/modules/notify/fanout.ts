import { breaksQuietHours, isUrgentMessage, maskMobile, nextDigestAt, quietRelease, ROBOT_CHANNELS, type Channel, type WorkCalendar } from '@duban/shared';
import { sql, type Transaction } from 'kysely';
import type { Insertable } from 'kysely';
import type { DB } from '../../db/schema';
import { inTransaction, type Deps } from '../../lib/deps';
import { deliveryTarget, openMobile } from '../../lib/pii-at-rest';
import { tenantCalendar } from '../calendar/calendar.service';
import { tenantNotify, type TenantNotify } from './channel-config';
import type { DeliveryTable } from './notify.table';
import { publishInboxNew } from './inbox.live';

const GIVE_UP_MS = 24 * 3600_000;

type Recipient = { person_id: number; wecom_user_id: string | null; dingtalk_user_id: string | null; mobile_enc: string | null; email: string | null; notify_digest: boolean; notify_muted: string[]; active: boolean };
type Entry = { id: number; tenant_id: number; kind: string; matter_id: number | null; title: string; body: string; link: string | null; payload: Record<string, unknown> | null };

// The priority of each entry's matter, read when the message goes out (null for messages about no matter).
type Priorities = ReadonlyMap<number, string>;

/**
 * People's numbers, opened once per fan-out and only where a channel needs one (the delivery log's masked copy, a
 * DingTalk mention). A number the server key does not open is null here; an SMS delivery still carries it sealed,
 * and fails visibly in the delivery log when the dispatcher cannot open it either.
 */
class Mobiles {
  private readonly opened = new Map<number, string | null>();
  constructor(readonly key: string) {}
  of(p: Recipient): string | null {
    if (!this.opened.has(p.person_id)) {
      let mobile: string | null;
      try {
        mobile = openMobile(this.key, p.mobile_enc);
      } catch {
        mobile = null;
      }
      this.opened.set(p.person_id, mobile);
    }
    return this.opened.get(p.person_id) ?? null;
  }
}

/** Where a person is reached on a per-person channel (stored with a number masked and sealed), or null when their profile lacks it. */
function addressOf(channel: Channel, p: Recipient, mobiles: Mobiles): { target: string; target_enc: string | null } | null {
  if (channel === 'wecom-app') return p.wecom_user_id ? { target: p.wecom_user_id, target_enc: null } : null;
  // The sealed number is copied as it is: no second encryption, and opened again only to send.
  if (channel === 'sms') return p.mobile_enc ? { target: maskMobile(mobiles.of(p)) ?? '（无法解密）', target_enc: p.mobile_enc } : null;
  if (channel === 'email') return p.email ? { target: p.email, target_enc: null } : null;
  return null;
}

// A robot mentions recipients: WeCom by user id; DingTalk by user id, else by mobile.
function mentionsOf(channel: Channel, people: readonly Recipient[], mobiles: Mobiles): { target: string; target_enc: string | null } {
  const tokens = people.map((p) => {
    if (channel === 'wecom-robot') return p.wecom_user_id ? `u:${p.wecom_user_id}` : null;
    if (p.dingtalk_user_id) return `u:${p.dingtalk_user_id}`;
    const mobile = mobiles.of(p);
    return mobile ? `m:${mobile}` : null;
  });
  return deliveryTarget(mobiles.key, channel, tokens.filter(Boolean).join(',') || '群');
}

type NewDelivery = Insertable<DeliveryTable>;

type TenantContext = { tn: TenantNotify; cal: WorkCalendar };

function plan(e: Entry, people: readonly Recipient[], { tn, cal }: TenantContext, priorities: Priorities, mobiles: Mobiles, now: Date): NewDelivery[] {
  const urgent = isUrgentMessage(e.kind, e.payload);
  const matterPriority = e.matter_id === null ? null : (priorities.get(e.matter_id) ?? null);
  const exempt = breaksQuietHours({ kind: e.kind, payload: e.payload, matterPriority, urgentMattersExempt: tn.exemptUrgentMatters });
  // Urgent messages skip the digest but, unless exempt, still wait for the end of quiet hours.
  const quietAt = exempt ? now : quietRelease(now, tn.quiet, cal);
  const digestAt = urgent ? now : nextDigestAt(now, tn.digestMinute, cal);
  const out: NewDelivery[] = [];
  const row = (channel: Channel, personId: number | null, { target, target_enc }: { target: string; target_enc: string | null }, digest: boolean): NewDelivery => {
    const nextAt = digest ? digestAt : quietAt;
    return {
      tenant_id: e.tenant_id,
      outbox_id: e.id,
      person_id: personId,
      matter_id: e.matter_id,
      channel,
      target,
      target_enc,
      urgent,
      quiet_exempt: exempt,
      digest,
      next_at: nextAt,
      give_up_at: new Date(nextAt.getTime() + GIVE_UP_MS),
      idempotency_key: `dbn-${e.tenant_id}-${e.id}-${personId ?? 0}-${channel}`,
      created_at: now,
      updated_at: now,
    };
  };
  for (const c of tn.channels.values()) {
    if (!c.enabled || (c.urgentOnly && !urgent)) continue;
    if (ROBOT_CHANNELS.includes(c.channel)) {
      out.push(row(c.channel, null, mentionsOf(c.channel, people, mobiles), false));
      continue;
    }
    for (const p of people) {
      if (p.notify_muted.includes(c.channel)) continue;
      const address = addressOf(c.channel, p, mobiles);
      if (!address) continue;
      out.push(row(c.channel, p.person_id, address, p.notify_digest && !urgent));
    }
  }
  return out;
}

/**
 * The SMS owed to a citizen (issue 17): the outbox entry carries their sealed number (`citizenSms`), copied as it is
 * into the delivery (masked in the log), held for quiet hours like any other message; none without the SMS channel.
 */
function citizenSms(e: Entry, { tn, cal }: TenantContext, mobiles: Mobiles, now: Date): NewDelivery | null {
  const sealed = e.payload?.citizenSms;
  const sms = tn.channels.get('sms');
  if (typeof sealed !== 'string' || !sms?.enabled) return null;
  let shown = '（无法解密）';
  try {
    shown = maskMobile(openMobile(mobiles.key, sealed)) ?? shown;
  } catch {
    // fails visibly in the delivery log when the dispatcher cannot open it either
  }
  const nextAt = quietRelease(now, tn.quiet, cal);
  return {
    tenant_id: e.tenant_id,
    outbox_id: e.id,
    person_id: null,
    matter_id: e.matter_id,
    channel: 'sms',
    target: shown,
    target_enc: sealed,
    urgent: false,
    quiet_exempt: false,
    digest: false,
    next_at: nextAt,
    give_up_at: new Date(nextAt.getTime() + GIVE_UP_MS),
    idempotency_key: `dbn-${e.tenant_id}-${e.id}-c-sms`,
    created_at: now,
    updated_at: now,
  };
}

async function loadRecipients(trx: Transaction<DB>, ids: number[]) {
  return trx
    .selectFrom('outbox_recipients as r')
    .innerJoin('people as p', 'p.id', 'r.person_id')
    .select(['r.outbox_id', 'r.person_id', 'p.wecom_user_id', 'p.dingtalk_user_id', 'p.mobile_enc', 'p.email', 'p.notify_digest', 'p.notify_muted', 'p.active'])
    .where('r.outbox_id', 'in', ids)
    .execute();
}

async function loadPriorities(trx: Transaction<DB>, entries: readonly Entry[]): Promise<Priorities> {
  const ids = [...new Set(entries.flatMap((e) => (e.matter_id === null ? [] : [e.matter_id])))];
  if (!ids.length) return new Map();
  const rows = await trx.selectFrom('matters').select(['id', 'priority']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.priority]));
}

/**
 * Turns pending outbox entries into inbox messages (written at once, whatever the hour) and
 * per-recipient per-channel deliveries (held for quiet hours unless exempt, and for a digest when not urgent).
 * Entries are claimed with SKIP LOCKED, so several dispatchers share the work. Returns entries handled.
 */
export async function fanOut(deps: Deps, opts: { limit?: number } = {}): Promise<number> {
  const now = deps.clock.now();
  const limit = opts.limit ?? 500;
  // Settings and calendars are read before the transaction: the embedded engine has one connection,
  // and the transaction holds it.
  const pending = await deps.db
    .selectFrom((eb) => eb.selectFrom('outbox').select('tenant_id').where('fanned_out_at', 'is', null).orderBy('id').limit(limit).as('p'))
    .select('p.tenant_id')
    .distinct()
    .execute();
  if (!pending.length) return 0;
  const contexts = new Map<number, TenantContext>();
  for (const { tenant_id } of pending) {
    contexts.set(tenant_id, { tn: await tenantNotify(deps.db, deps.secretKey, tenant_id), cal: await tenantCalendar(deps.db, tenant_id) });
  }
  const inboxRows = await inTransaction(deps.db, async (trx) => {
    const entries = await trx
      .selectFrom('outbox')
      .select(['id', 'tenant_id', 'kind', 'matter_id', 'title', 'body', 'link', 'payload'])
      .where('fanned_out_at', 'is', null)
      .where('tenant_id', 'in', [...contexts.keys()])
      .orderBy('id')
      .limit(limit)
      .forUpdate()
      .skipLocked()
      .execute();
    if (!entries.length) return null;
    const ids = entries.map((e) => e.id);
    const recipients = await loadRecipients(trx, ids);
    const priorities = await loadPriorities(trx, entries);
    const byEntry = new Map<number, Recipient[]>();
    for (const r of recipients) if (r.active) (byEntry.get(r.outbox_id) ?? byEntry.set(r.outbox_id, []).get(r.outbox_id))?.push(r);
    const inbox = [];
    const deliveries: NewDelivery[] = [];
    const mobiles = new Mobiles(deps.secretKey);
    for (const e of entries) {
      const people = byEntry.get(e.id) ?? [];
      const ctx = contexts.get(e.tenant_id);
      if (!ctx) continue;
      const urgent = isUrgentMessage(e.kind, e.payload);
      for (const p of people) {
        inbox.push({ tenant_id: e.tenant_id, person_id: p.person_id, outbox_id: e.id, kind: e.kind, matter_id: e.matter_id, title: e.title, body: e.body, link: e.link, urgent, created_at: now });
      }
      if (people.length) deliveries.push(...plan(e, people, ctx, priorities, mobiles, now));
      const citizen = citizenSms(e, ctx, mobiles, now);
      if (citizen) deliveries.push(citizen);
    }
    const written: { tenant_id: number; person_id: number; id: number; title: string }[] = [];
    for (let i = 0; i < inbox.length; i += 1000) {
      written.push(
        ...(await trx
          .insertInto('inbox_messages')
          .values(inbox.slice(i, i + 1000))
          .onConflict((oc) => oc.columns(['outbox_id', 'person_id']).doNothing())
          .returning(['tenant_id', 'person_id', 'id', 'title'])
          .execute()),
      );
    }
    for (let i = 0; i < deliveries.length; i += 1000) {
      await trx
        .insertInto('deliveries')
        .values(deliveries.slice(i, i + 1000))
        .onConflict((oc) => oc.expression(sql`outbox_id, coalesce(person_id, 0), channel`).doNothing())
        .execute();
    }
    await trx.updateTable('outbox').set({ fanned_out_at: now }).where('id', 'in', ids).execute();
    return { entries: entries.length, written };
  });
  if (!inboxRows) return 0;
  // Live pushes go out only after the commit, so a browser never fetches a message that is not there yet.
  await publishInboxNew(deps, inboxRows.written);
  return inboxRows.entries;
}

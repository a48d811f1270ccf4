import { maskMobile, type Channel } from '@duban/shared';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema';
import { mobileSearchHash, normaliseMobile, openPii, sealMobile, sealPii } from './pii';

/**
 * Mobile numbers at rest (等保 L3, issue 14), on top of lib/pii.ts: the columns a person's number is stored in, the
 * sealed targets of deliveries, sealing what older versions stored in clear (at start, in batches), and the check
 * that the server key opens what is stored.
 */

/** A person's number as stored: sealed, with its search hash (both null without a number). */
export function mobileColumns(key: string, mobile: string | null | undefined): { mobile_enc: string | null; mobile_hash: string | null } {
  const { enc, hash } = sealMobile(key, mobile);
  return { mobile_enc: enc, mobile_hash: hash };
}

/** The number stored in `mobile_enc` (null for none); throws when the server key does not open it. */
export function openMobile(key: string, enc: string | null): string | null {
  return enc ? openPii(key, enc) : null;
}

/** The search hash of what someone typed, when it is a mobile number (11 digits, +86 allowed); otherwise null. */
export function mobileQueryHash(key: string, text: string): string | null {
  return /^[\d\s+-]+$/.test(text) && normaliseMobile(text).length === 11 ? mobileSearchHash(key, text) : null;
}

/** A robot's mentions ("u:<id>,m:<mobile>") with each mobile masked. */
export const maskMentions = (target: string): string =>
  target
    .split(',')
    .map((t) => (t.startsWith('m:') ? `m:${maskMobile(t.slice(2))}` : t))
    .join(',');

const holdsMobile = (channel: Channel, target: string) => channel === 'sms' || (channel === 'dingtalk-robot' && /(^|,)m:/.test(target));

/**
 * A delivery's target as stored: the delivery log's `target` with any mobile number masked, and the real one sealed
 * in `target_enc` (opened by the dispatcher when it sends).
 */
export function deliveryTarget(key: string, channel: Channel, target: string): { target: string; target_enc: string | null } {
  if (!holdsMobile(channel, target)) return { target, target_enc: null };
  return { target: channel === 'sms' ? (maskMobile(target) ?? '') : maskMentions(target), target_enc: sealPii(key, target) };
}

/** The target a claimed delivery is sent to. */
export const sendTarget = (key: string, d: { target: string; target_enc: string | null }): string => (d.target_enc ? openPii(key, d.target_enc) : d.target);

const BATCH = 1000;

/**
 * Seals what an older version stored in clear: `people.mobile` into `mobile_enc`/`mobile_hash` (the plain column is
 * emptied in the same statement), and the targets of SMS and DingTalk-mention deliveries. Run when the application
 * starts and by `duban migrate`, after the migrations; idempotent (only rows still in clear are touched, in batches
 * of 1,000 by id), and safe with several instances starting at once. Returns the rows sealed.
 */
export async function sealPlainMobiles(db: Kysely<DB>, key: string): Promise<{ people: number; deliveries: number }> {
  let people = 0;
  for (let after = 0; ; ) {
    const rows = (await sql<{ id: number; mobile: string }>`select id, mobile from people where mobile is not null and id > ${after} order by id limit ${BATCH}`.execute(db)).rows;
    if (!rows.length) break;
    const sealed = rows.map((r) => sealMobile(key, r.mobile.trim()));
    const r = await sql`
      update people p set mobile_enc = u.enc, mobile_hash = u.hash, mobile = null
      from unnest(${rows.map((x) => x.id)}::int[], ${sealed.map((s) => s.enc)}::text[], ${sealed.map((s) => s.hash)}::text[]) as u(id, enc, hash)
      where p.id = u.id and p.mobile is not null`.execute(db);
    people += Number(r.numAffectedRows ?? 0);
    after = rows[rows.length - 1]?.id ?? after;
    if (rows.length < BATCH) break;
  }
  let deliveries = 0;
  for (let after = 0; ; ) {
    const rows = (
      await sql<{ id: number; channel: Channel; target: string }>`
        select id, channel, target from deliveries
        where target_enc is null and (channel = 'sms' or (channel = 'dingtalk-robot' and target like '%m:%')) and id > ${after}
        order by id limit ${BATCH}`.execute(db)
    ).rows.map((x) => ({ ...x, id: Number(x.id) }));
    if (!rows.length) break;
    const sealed = rows.map((x) => deliveryTarget(key, x.channel, x.target));
    const r = await sql`
      update deliveries d set target = u.target, target_enc = u.enc
      from unnest(${rows.map((x) => x.id)}::bigint[], ${sealed.map((s) => s.target)}::text[], ${sealed.map((s) => s.target_enc)}::text[]) as u(id, target, enc)
      where d.id = u.id and d.target_enc is null and u.enc is not null`.execute(db);
    deliveries += Number(r.numAffectedRows ?? 0);
    after = rows[rows.length - 1]?.id ?? after;
    if (rows.length < BATCH) break;
  }
  return { people, deliveries };
}

/** The server refuses to start: its key does not open the personal data stored in the database. */
export class PiiKeyError extends Error {
  constructor(where: string) {
    super(
      `The server key (SECRET_KEY or DATA_DIR/secret.key) does not open the mobile numbers stored in this database (${where}): it is not the key they were sealed with. ` +
        'Refusing to start rather than send messages to numbers it cannot read; start with the key this database was used with.',
    );
  }
}

/**
 * Opens the newest sealed number among the newest people and deliveries with the server key; throws PiiKeyError
 * when one fails (a changed SECRET_KEY, another server's DATA_DIR). Run at start, before anything is sealed or sent.
 * Looks at the newest 1,000 rows of each table only, so a start never scans a large delivery log.
 */
export async function assertPiiKey(db: Kysely<DB>, key: string): Promise<void> {
  const newest = (table: 'people' | 'deliveries', column: 'mobile_enc' | 'target_enc') =>
    sql<{ id: number; sealed: string }>`
      select id, ${sql.ref(column)} as sealed from (select id, ${sql.ref(column)} from ${sql.table(table)} order by id desc limit 1000) x
      where ${sql.ref(column)} is not null order by id desc limit 1`.execute(db);
  for (const [table, column] of [
    ['people', 'mobile_enc'],
    ['deliveries', 'target_enc'],
  ] as const) {
    const row = (await newest(table, column)).rows[0];
    if (!row) continue;
    try {
      openPii(key, row.sealed);
    } catch {
      throw new PiiKeyError(`${table} ${row.id}`);
    }
  }
}

import { CHANNEL_FIELDS, DEFAULT_QUIET, type Channel, type QuietRule } from '@duban/shared';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import { openSecret } from '../../lib/secret';
import { findSettings, listChannels } from './settings.repository';

export type ConfigValues = Record<string, string | number | boolean>;

/** A channel as senders use it: config with defaults filled in, and the decrypted secrets. */
export type ChannelRuntime = { channel: Channel; enabled: boolean; urgentOnly: boolean; config: ConfigValues; secrets: Record<string, string> };

/** What the dispatcher needs to know about one tenant's notifications. */
export type TenantNotify = { tenantId: number; quiet: QuietRule; exemptUrgentMatters: boolean; digestMinute: number; channels: Map<Channel, ChannelRuntime> };

export const DEFAULT_BASE_URLS: Partial<Record<Channel, string>> = {
  'wecom-robot': 'https://qyapi.weixin.qq.com',
  'wecom-app': 'https://qyapi.weixin.qq.com',
  'dingtalk-robot': 'https://oapi.dingtalk.com',
};

export const DEFAULT_DIGEST_MINUTE = 8 * 60 + 30;

/** Config with defaults applied (base URLs, SMTP port), as senders read it. */
export function withDefaults(channel: Channel, config: ConfigValues): ConfigValues {
  const out: ConfigValues = { ...config };
  const base = DEFAULT_BASE_URLS[channel];
  if (base && !out.baseUrl) out.baseUrl = base;
  if (channel === 'email' && !out.port) out.port = out.secure === false ? 587 : 465;
  if (channel === 'wecom-robot' && out.mention === undefined) out.mention = true;
  return out;
}

/** Decrypts a channel's secrets; an unreadable blob (server key changed) reads as no secrets. */
export function readSecrets(serverKey: string, sealed: string | null): Record<string, string> {
  if (!sealed) return {};
  try {
    const parsed: unknown = JSON.parse(openSecret(serverKey, sealed));
    if (!parsed || typeof parsed !== 'object') return {};
    return Object.fromEntries(Object.entries(parsed).filter((e): e is [string, string] => typeof e[1] === 'string'));
  } catch {
    return {};
  }
}

/** Names of the secret fields of a channel. */
export const secretKeys = (channel: Channel): string[] => CHANNEL_FIELDS[channel].filter((f) => f.kind === 'secret').map((f) => f.key);

const TTL_MS = 5_000;
const cache = new WeakMap<Kysely<DB>, Map<number, { at: number; value: TenantNotify }>>();

/** The tenant's notification settings, cached a few seconds per process (an edit here drops the cache). */
export async function tenantNotify(db: Kysely<DB>, serverKey: string, tenantId: number): Promise<TenantNotify> {
  let perDb = cache.get(db);
  if (!perDb) cache.set(db, (perDb = new Map()));
  const hit = perDb.get(tenantId);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.value;
  const [settings, rows] = await Promise.all([findSettings(db, tenantId), listChannels(db, tenantId)]);
  const quiet: QuietRule = settings
    ? { enabled: settings.quiet_enabled, start: settings.quiet_start, end: settings.quiet_end, holdRestDays: settings.hold_rest_days }
    : DEFAULT_QUIET;
  const channels = new Map<Channel, ChannelRuntime>();
  for (const r of rows) {
    channels.set(r.channel, {
      channel: r.channel,
      enabled: r.enabled,
      urgentOnly: r.urgent_only,
      config: withDefaults(r.channel, r.config),
      secrets: readSecrets(serverKey, r.secret_enc),
    });
  }
  const value = { tenantId, quiet, exemptUrgentMatters: settings?.quiet_exempt_urgent_matters ?? false, digestMinute: settings?.digest_minute ?? DEFAULT_DIGEST_MINUTE, channels };
  perDb.set(tenantId, { at: Date.now(), value });
  return value;
}

/** Forgets the cached settings after an edit. */
export function invalidateTenantNotify(db: Kysely<DB>, tenantId: number): void {
  cache.get(db)?.delete(tenantId);
}

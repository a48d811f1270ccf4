import {
  CHANNEL_FIELDS,
  CHANNELS,
  DEFAULT_QUIET,
  hhmmOf,
  minutesOf,
  type ChannelSetting,
  type ChannelSettingInput,
  type NotifySettings,
  type NotifySettingsInput,
} from '@duban/shared';
import { validationError, type FieldIssue } from '../../errors';
import { requirePermission, type Actor } from '../../lib/actor';
import { inTransaction, type Deps } from '../../lib/deps';
import { sealSecret } from '../../lib/secret';
import { recordTrace } from '../trace/trace.service';
import { DEFAULT_DIGEST_MINUTE, invalidateTenantNotify, readSecrets, secretKeys, type ConfigValues } from './channel-config';
import { findSettings, listChannels, upsertChannel, upsertSettings } from './settings.repository';

/** The tenant's channel settings for the admin page; secrets appear only as "set / not set". */
export async function getNotifySettings(deps: Deps, actor: Actor): Promise<NotifySettings> {
  requirePermission(actor, 'channel.manage');
  const [s, rows] = await Promise.all([findSettings(deps.db, actor.tenantId), listChannels(deps.db, actor.tenantId)]);
  const byChannel = new Map(rows.map((r) => [r.channel, r]));
  const channels: ChannelSetting[] = CHANNELS.map((channel) => {
    const r = byChannel.get(channel);
    const secrets = readSecrets(deps.secretKey, r?.secret_enc ?? null);
    const flags = Object.fromEntries(secretKeys(channel).map((k) => [k, Boolean(secrets[k])]));
    return {
      channel,
      enabled: r?.enabled ?? false,
      urgentOnly: r?.urgent_only ?? false,
      config: r?.config ?? {},
      secrets: flags,
      hasSecret: Object.values(flags).some(Boolean),
    };
  });
  return {
    quietHours: s
      ? { enabled: s.quiet_enabled, start: hhmmOf(s.quiet_start), end: hhmmOf(s.quiet_end), holdRestDays: s.hold_rest_days, exemptUrgentMatters: s.quiet_exempt_urgent_matters }
      : { enabled: DEFAULT_QUIET.enabled, start: hhmmOf(DEFAULT_QUIET.start), end: hhmmOf(DEFAULT_QUIET.end), holdRestDays: DEFAULT_QUIET.holdRestDays, exemptUrgentMatters: false },
    digestTime: hhmmOf(s?.digest_minute ?? DEFAULT_DIGEST_MINUTE),
    channels,
  };
}

// Keeps only known fields of the right kind; URLs must be http(s).
function checkConfig(input: ChannelSettingInput, at: number, issues: FieldIssue[]): ConfigValues {
  const out: ConfigValues = {};
  const fields = CHANNEL_FIELDS[input.channel];
  for (const [key, value] of Object.entries(input.config)) {
    const field = fields.find((f) => f.key === key && f.kind !== 'secret');
    const path = `channels.${at}.config.${key}`;
    if (!field) {
      issues.push({ field: path, message: '未知的设置项' });
    } else if (field.kind === 'number' ? typeof value !== 'number' || !Number.isInteger(value) || value < 0 : field.kind === 'boolean' ? typeof value !== 'boolean' : typeof value !== 'string') {
      issues.push({ field: path, message: `${field.label}格式不正确` });
    } else if (typeof value === 'string' && /url/i.test(key) && value && !/^https?:\/\/[^\s]+$/.test(value)) {
      issues.push({ field: path, message: `${field.label}应以 http:// 或 https:// 开头` });
    } else if (value !== '') {
      out[key] = value;
    }
  }
  for (const key of Object.keys(input.secrets ?? {})) {
    if (!secretKeys(input.channel).includes(key)) issues.push({ field: `channels.${at}.secrets.${key}`, message: '未知的密钥项' });
  }
  return out;
}

/** Saves quiet hours, digest time and channels; a secret is replaced only when a new value is given. */
export async function putNotifySettings(deps: Deps, actor: Actor, input: NotifySettingsInput): Promise<NotifySettings> {
  requirePermission(actor, 'channel.manage');
  const issues: FieldIssue[] = [];
  const configs = (input.channels ?? []).map((c, i) => checkConfig(c, i, issues));
  const seen = new Set(input.channels?.map((c) => c.channel));
  if (seen.size !== (input.channels?.length ?? 0)) issues.push({ field: 'channels', message: '同一渠道只能出现一次' });
  if (issues.length) throw validationError(issues);
  const now = deps.clock.now();
  await inTransaction(deps.db, async (trx) => {
    const current = await findSettings(trx, actor.tenantId);
    if (input.quietHours || input.digestTime) {
      const q = input.quietHours;
      await upsertSettings(
        trx,
        actor.tenantId,
        {
          quiet_enabled: q?.enabled ?? current?.quiet_enabled ?? DEFAULT_QUIET.enabled,
          quiet_start: q ? minutesOf(q.start) : (current?.quiet_start ?? DEFAULT_QUIET.start),
          quiet_end: q ? minutesOf(q.end) : (current?.quiet_end ?? DEFAULT_QUIET.end),
          hold_rest_days: q?.holdRestDays ?? current?.hold_rest_days ?? DEFAULT_QUIET.holdRestDays,
          quiet_exempt_urgent_matters: q?.exemptUrgentMatters ?? current?.quiet_exempt_urgent_matters ?? false,
          digest_minute: input.digestTime ? minutesOf(input.digestTime) : (current?.digest_minute ?? DEFAULT_DIGEST_MINUTE),
        },
        now,
      );
    }
    const stored = new Map((await listChannels(trx, actor.tenantId)).map((r) => [r.channel, r]));
    const changedSecrets: Record<string, string[]> = {};
    for (const [i, c] of (input.channels ?? []).entries()) {
      const secrets = readSecrets(deps.secretKey, stored.get(c.channel)?.secret_enc ?? null);
      for (const [key, value] of Object.entries(c.secrets ?? {})) {
        if (value === '') delete secrets[key];
        else secrets[key] = value;
        (changedSecrets[c.channel] ??= []).push(key);
      }
      const sealed = Object.keys(secrets).length ? sealSecret(deps.secretKey, JSON.stringify(secrets)) : null;
      await upsertChannel(trx, actor.tenantId, c.channel, { enabled: c.enabled, urgent_only: c.urgentOnly, config: configs[i] ?? {}, secret_enc: sealed }, now);
    }
    // The trace names which secrets changed, never their values.
    await recordTrace(trx, deps.clock, actor, {
      action: 'notify.settings',
      entityType: 'notify_settings',
      entityId: actor.tenantId,
      after: {
        quietHours: input.quietHours ?? null,
        digestTime: input.digestTime ?? null,
        channels: (input.channels ?? []).map((c, i) => ({ channel: c.channel, enabled: c.enabled, urgentOnly: c.urgentOnly, config: configs[i] ?? {}, secretsChanged: changedSecrets[c.channel] ?? [] })),
      },
    });
  });
  invalidateTenantNotify(deps.db, actor.tenantId);
  return getNotifySettings(deps, actor);
}

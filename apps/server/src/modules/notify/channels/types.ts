import type { EgressPolicy } from '../../../lib/egress';
import type { ChannelRuntime } from '../channel-config';

/** One message as people read it. */
export type Msg = { title: string; body: string; url: string | null; urgent: boolean };

/** One provider call: a message, or several combined into a digest, to one or more addresses. */
export type SendRequest = {
  channel: ChannelRuntime;
  messages: Msg[];
  /** Person addresses (WeCom user ids, mobiles, e-mail) or, for robots, "u:<id>" / "m:<mobile>" mentions. */
  targets: string[];
  idempotencyKey: string;
  /** Which addresses the server may call (internal ones only when allow-listed). */
  egress: EgressPolicy;
};

/** What the provider said; `failedTargets` are addresses it refused for good (e.g. WeCom `invaliduser`). */
export type SendResult = { reply: string; failedTargets?: Map<string, string> };

export type Sender = (req: SendRequest) => Promise<SendResult>;

/** A refusal that retrying will not cure (bad address, rejected request). */
export class PermanentError extends Error {
  constructor(
    message: string,
    readonly reply: string | null = null,
  ) {
    super(message);
  }
}

/** A config value as text, or throws PermanentError naming the missing field. */
export function need(c: ChannelRuntime, key: string, label: string, from: 'config' | 'secrets' = 'config'): string {
  const v = from === 'config' ? c.config[key] : c.secrets[key];
  if (v === undefined || v === '' || v === null) throw new MissingSettingError(`渠道未配置${label}`);
  return String(v);
}

/** The channel lacks a setting: an admin can fix it, so the dispatcher keeps retrying until then. */
export class MissingSettingError extends Error {}

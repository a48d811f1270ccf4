import nodemailer, { type Transporter } from 'nodemailer';
import { sha256 } from '../../../lib/crypto';
import { checkEgressHost } from '../../../lib/egress';
import type { ChannelRuntime } from '../channel-config';
import { TransientError } from './http';
import { htmlOf, plainOf, subjectOf } from './render';
import { need, PermanentError, type SendRequest, type SendResult } from './types';

// One pooled SMTP transport per distinct configuration.
const transports = new Map<string, Transporter>();

function transportFor(c: ChannelRuntime): Transporter {
  const host = need(c, 'host', 'SMTP 服务器');
  const key = sha256(JSON.stringify([host, c.config.port, c.config.secure, c.config.user, c.secrets.password ?? '']));
  let t = transports.get(key);
  if (!t) {
    const user = typeof c.config.user === 'string' && c.config.user ? c.config.user : null;
    t = nodemailer.createTransport({
      host,
      port: Number(c.config.port),
      secure: c.config.secure !== false && Number(c.config.port) === 465,
      pool: true,
      maxConnections: 4,
      auth: user ? { user, pass: c.secrets.password ?? '' } : undefined,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 20_000,
      tls: { rejectUnauthorized: c.config.secure !== false },
    });
    transports.set(key, t);
  }
  return t;
}

/** Sends one e-mail; the Message-ID is derived from the idempotency key, so mail clients fold a resend into one. */
export async function sendEmail(req: SendRequest): Promise<SendResult> {
  const from = need(req.channel, 'from', '发件人');
  const [to] = req.targets;
  if (!to) throw new PermanentError('没有电子邮箱');
  // nodemailer resolves the name itself: the addresses are checked just before (a rebinding window remains).
  await checkEgressHost(req.egress, need(req.channel, 'host', 'SMTP 服务器'));
  try {
    const info = await transportFor(req.channel).sendMail({
      from,
      to,
      subject: subjectOf(req.messages),
      text: plainOf(req.messages),
      html: htmlOf(req.messages),
      messageId: `<${req.idempotencyKey}@duban.notify>`,
    });
    return { reply: String(info.response ?? 'ok') };
  } catch (err) {
    const code = err && typeof err === 'object' && 'responseCode' in err && typeof err.responseCode === 'number' ? err.responseCode : 0;
    const message = err instanceof Error ? err.message : String(err);
    // 5xx is the server's final "no" (unknown mailbox …); anything else (4xx, network) is worth retrying.
    if (code >= 500) throw new PermanentError(`邮件服务器拒收：${message}`);
    throw new TransientError(`邮件发送失败：${message}`);
  }
}

/** Closes pooled SMTP connections (tests, shutdown). */
export function closeEmailTransports(): void {
  for (const t of transports.values()) t.close();
  transports.clear();
}

import type { Msg } from './types';

/** Cuts text to at most `maxBytes` UTF-8 bytes without splitting a character. */
export function clampBytes(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text, 'utf8') <= maxBytes) return text;
  let out = '';
  let bytes = 0;
  for (const ch of text) {
    const b = Buffer.byteLength(ch, 'utf8');
    if (bytes + b > maxBytes - 3) break;
    out += ch;
    bytes += b;
  }
  return `${out}…`;
}

/** Cuts text to `max` characters. */
export const clampChars = (text: string, max: number): string => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** The subject line: the title, or "N 条督办消息" for a digest. */
export function subjectOf(messages: readonly Msg[]): string {
  if (messages.length === 1 && messages[0]) return `${messages[0].urgent ? '【紧急】' : ''}${messages[0].title}`;
  return `督办消息汇总（${messages.length} 条）`;
}

/** Plain text for SMS and text messages. */
export function plainOf(messages: readonly Msg[]): string {
  if (messages.length === 1 && messages[0]) {
    const m = messages[0];
    return [subjectOf(messages), m.body, m.url ? `详情：${m.url}` : ''].filter(Boolean).join('\n');
  }
  return [subjectOf(messages), ...messages.map((m, i) => `${i + 1}. ${m.title}：${m.body}${m.url ? ` ${m.url}` : ''}`)].join('\n');
}

/** Markdown for robots and WeCom/DingTalk markdown messages; `font` adds WeCom's colour tags. */
export function markdownOf(messages: readonly Msg[], opts: { font?: boolean } = {}): string {
  const urgent = (m: Msg) => (m.urgent ? (opts.font ? '<font color="warning">【紧急】</font>' : '**【紧急】**') : '');
  if (messages.length === 1 && messages[0]) {
    const m = messages[0];
    return [`### ${urgent(m)}${m.title}`, m.body, m.url ? `[查看详情](${m.url})` : ''].filter(Boolean).join('\n');
  }
  const lines = messages.map((m) => `- ${urgent(m)}**${m.title}**：${m.body}${m.url ? ` [详情](${m.url})` : ''}`);
  return [`### ${subjectOf(messages)}`, ...lines].join('\n');
}

/** HTML for e-mail. */
export function htmlOf(messages: readonly Msg[]): string {
  const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);
  const item = (m: Msg) =>
    `<li><strong>${m.urgent ? '【紧急】' : ''}${esc(m.title)}</strong><br>${esc(m.body).replace(/\n/g, '<br>')}${m.url ? `<br><a href="${esc(m.url)}">查看详情</a>` : ''}</li>`;
  return `<h3>${esc(subjectOf(messages))}</h3><ul>${messages.map(item).join('')}</ul><p style="color:#888">智慧督查平台自动发送，请勿直接回复。</p>`;
}

// Why a matter is cited in a report, as the server stores it in the report's figures (Chinese words, kept as
// written in reports already generated) → the UI's message key.
const TAG_KEYS: Record<string, string> = { 新增: 'new', 办结: 'closed', 预警: 'warned', 逾期: 'overdue' };

/** The message key of a report tag (`reports.tag.new` …), or null for a tag this version does not know. */
export function reportTagKey(tag: string): string | null {
  const k = TAG_KEYS[tag];
  return k ? `reports.tag.${k}` : null;
}

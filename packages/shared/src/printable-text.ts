// Text for printed documents (.docx in 公文 layout): the 公文 fonts (仿宋_GB2312, 方正小标宋, 黑体, 楷体, 宋体)
// hold the GB2312/GBK repertoire, not emoji, so an emoji typed on a phone prints as an empty box. Marks with a
// plain equivalent become it; other pictographs are dropped, with the joiners and selectors that build them.

const TICKS = /[\u2705\u2611\u2713\u2714\u{1F5F8}]/gu; // ✅ ☑ ✓ ✔ 🗸 → √
const CROSSES = /[\u274C\u274E\u2716\u2717\u2718]/gu; // ❌ ❎ ✖ ✗ ✘ → ×
// Emoji shown as pictures, the emoji and symbol blocks beyond the BMP (U+1F000–1FAFF), the misc-symbol and dingbat blocks bar the
// GB2312 ones (★ ☆ ♀ ♂), and the pieces emoji are built from: variation selectors, zero-width joiner,
// keycap, skin tones, tags, regional indicators (flags). Also private-use characters and control codes.
const UNPRINTABLE = new RegExp(
  [
    String.raw`\p{Emoji_Presentation}`,
    String.raw`[\u{1F000}-\u{1FAFF}]`,
    String.raw`(?![\u2605\u2606\u2640\u2642])[\u2600-\u27BF\u2B00-\u2BFF]`,
    String.raw`\uFE0E|\uFE0F|\u200D|\u20E3|[\u{E0000}-\u{E007F}]`,
    String.raw`[\uE000-\uF8FF\u{F0000}-\u{10FFFF}]`,
    String.raw`(?![\t\n\r])\p{Cc}`,
  ].join('|'),
  'gu',
);

/** The text with what the 公文 fonts cannot show replaced (✅ → √, ❌ → ×) or removed (👍, 🇨🇳, ⚠️, 1️⃣ → 1). */
export function printableText(text: string): string {
  return text.replace(TICKS, '√').replace(CROSSES, '×').replace(UNPRINTABLE, '');
}

/** Every string inside a JSON-like value (a notice, a report's figures) made printable; other values kept. */
export function printableDeep<T>(value: T): T {
  return JSON.parse(JSON.stringify(value), (_key, v: unknown) => (typeof v === 'string' ? printableText(v) : v));
}

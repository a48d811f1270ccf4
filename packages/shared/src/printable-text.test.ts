import { describe, expect, it } from 'vitest';
import { printableDeep, printableText } from './printable-text';

describe('printable text for 公文 documents', () => {
  it('drops emoji, with their joiners, selectors, skin tones and flags', () => {
    expect(printableText('已完成整改👍')).toBe('已完成整改');
    expect(printableText('👨‍👩‍👧 家庭医生签约')).toBe(' 家庭医生签约');
    expect(printableText('👍🏽好')).toBe('好');
    expect(printableText('🇨🇳国庆')).toBe('国庆');
    expect(printableText('⚠️注意安全')).toBe('注意安全');
    expect(printableText('❤️为民')).toBe('为民');
    expect(printableText('1️⃣第一项')).toBe('1第一项');
    expect(printableText('🔥🚧施工')).toBe('施工');
    expect(printableText('私用\uE001区\u0007')).toBe('私用区');
  });

  it('turns ticks and crosses into √ and ×', () => {
    expect(printableText('路灯✅ 井盖❌ 绿化✔️')).toBe('路灯√ 井盖× 绿化√');
  });

  it('keeps Chinese, Latin, digits, 公文 punctuation and the GB2312 symbols', () => {
    const plain = '二七督〔2026〕12号：“背街小巷”整治①②③，★重点☆、※、→、○●◆□▲、√×、♀♂、©®™、50%、Tab\t换行\n。';
    expect(printableText(plain)).toBe(plain);
    expect(printableText('𠀀𪚥')).toBe('𠀀𪚥'); // CJK Extension B, names written with rare characters
  });

  it('cleans every string of a document model, leaving numbers, nulls and shapes alone', () => {
    expect(printableDeep({ title: '通知📢', n: 3, none: null, list: [{ text: '好👌', ok: true }] })).toEqual({ title: '通知', n: 3, none: null, list: [{ text: '好', ok: true }] });
  });
});

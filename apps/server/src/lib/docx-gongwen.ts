import { LineRuleType } from 'docx';

// The 公文 fonts (GB/T 9704): Latin text in Times New Roman, Chinese in the standard faces.
const face = (eastAsia: string) => ({ ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia });

/** Fonts of a 公文: title 小标宋, body 仿宋, first-level headings 黑体, second-level 楷体, tables 宋体. */
export const GONGWEN_FONT = { title: face('方正小标宋简体'), body: face('仿宋_GB2312'), h1: face('黑体'), h2: face('楷体_GB2312'), song: face('宋体') };

/** Exactly 28 pt between lines (22 lines a page at 三号). */
export const GONGWEN_LINE = { line: 560, lineRule: LineRuleType.EXACT };

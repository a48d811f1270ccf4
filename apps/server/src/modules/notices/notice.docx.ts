import {
  AlignmentType,
  BorderStyle,
  Document,
  DocumentGridType,
  Footer,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  TextRun,
  type IRunOptions,
} from 'docx';
import { printableDeep, printableText, shanghaiDate } from '@duban/shared';
import type { NoticeDetail } from './notice.presenter';

/** 公文 fonts (GB/T 9704), or the common ones every Windows has when the GB fonts are missing. */
export type FontSet = 'official' | 'common';

const FONTS: Record<FontSet, { title: string; titleBold: boolean; body: string; heading: string }> = {
  official: { title: '方正小标宋简体', titleBold: false, body: '仿宋_GB2312', heading: '黑体' },
  common: { title: '宋体', titleBold: true, body: '仿宋', heading: '黑体' },
};

// Sizes in half-points: 二号 22pt, 三号 16pt, 四号 14pt; the red head is set large (小初, 36pt).
const SIZE = { head: 72, title: 44, body: 32, footer: 28 };
// A fixed 28-point line (560 twips) gives the 22-line page of GB/T 9704 on A4 with these margins.
const LINE = { line: 560, lineRule: LineRuleType.EXACT };
const RED = 'FF0000';
// Millimetres to twips, rounded (docx's own helper truncates: 37 mm would become 2097).
const mm = (v: number) => Math.round((v * 1440) / 25.4);

const cjk = (name: string) => ({ ascii: name === '仿宋_GB2312' ? 'Times New Roman' : name, hAnsi: name === '仿宋_GB2312' ? 'Times New Roman' : name, eastAsia: name, cs: name });

/** 2026-11-20 → 2026年11月20日 (Arabic numerals, as GB/T 9704-2012 prescribes). */
export function chineseDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

/**
 * A 督查通知单 as a Word document in 公文 layout: A4, margins 37/35/28/26 mm, the red head with the
 * issuing office and a red rule, the document number, the title in 小标宋 二号, the addressees, the
 * body in 仿宋 三号 on a 28-point line, signature and date, page numbers "— 1 —" in the footer. Text the
 * 公文 fonts cannot show (emoji) is replaced or left out (printableText).
 */
export async function noticeDocx(given: NoticeDetail, givenOffice: string, fonts: FontSet = 'official'): Promise<Buffer> {
  // Emoji typed on a phone would print as empty boxes in the 公文 fonts.
  const notice = printableDeep(given);
  const office = printableText(givenOffice);
  const f = FONTS[fonts];
  const body = (text: string, extra: Partial<IRunOptions> = {}) => new TextRun({ text, font: cjk(f.body), size: SIZE.body, ...extra });
  const para = (children: TextRun[], opts: { indent?: boolean; align?: (typeof AlignmentType)[keyof typeof AlignmentType]; right?: number; keepNext?: boolean } = {}) =>
    new Paragraph({
      children,
      spacing: LINE,
      alignment: opts.align ?? AlignmentType.JUSTIFIED,
      indent: { firstLine: opts.indent ? 640 : 0, right: opts.right ?? 0 },
      keepNext: opts.keepNext,
      keepLines: opts.keepNext,
    });

  const addressees = notice.recipients.map((r) => `${r.unitName && !r.roleLabel?.includes(r.unitName) ? r.unitName : ''}${r.roleLabel ?? ''}${r.name}同志`).join('、');
  const paragraphs = notice.body
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);

  const children: Paragraph[] = [
    // 版头: the issuing office in red, the number, the red rule.
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { before: 0, after: 240 },
      children: [new TextRun({ text: office, font: cjk(f.title), size: SIZE.head, color: RED, bold: f.titleBold, characterSpacing: 40 })],
    }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: LINE,
      border: { bottom: { style: BorderStyle.SINGLE, size: 18, color: RED, space: 6 } },
      children: [body(notice.number)],
    }),
    new Paragraph({ spacing: LINE, children: [] }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { line: 700, lineRule: LineRuleType.EXACT },
      children: [new TextRun({ text: notice.title, font: cjk(f.title), size: SIZE.title, bold: f.titleBold })],
    }),
    new Paragraph({ spacing: LINE, children: [] }),
    para([body(`${addressees}：`)]),
    ...paragraphs.map((p) => para([body(p)], { indent: true })),
  ];
  // The closing block — the last body paragraph, one blank line, the office and the date — is kept on
  // one page (keep-with-next), so the date never falls alone onto the next page and the signature page
  // always carries body text (GB/T 9704).
  const reply = notice.replyBy ? `请于${chineseDate(notice.replyBy)}前将落实情况书面报送${office}。` : null;
  children.push(para([body(`督办事项：${notice.matterNumber} ${notice.matterTitle}`)], { indent: true, keepNext: !reply }));
  if (reply) children.push(para([body(reply)], { indent: true, keepNext: true }));
  children.push(
    new Paragraph({ spacing: LINE, children: [], keepNext: true }),
    para([body(office)], { align: AlignmentType.RIGHT, right: 1280, keepNext: true }),
    para([body(chineseDate(shanghaiDate(new Date(notice.issuedAt))))], { align: AlignmentType.RIGHT, right: 1280 }),
  );

  const doc = new Document({
    creator: office,
    title: `${notice.number} ${notice.title}`,
    styles: { default: { document: { run: { font: cjk(f.body), size: SIZE.body } } } },
    sections: [
      {
        properties: {
          page: {
            size: { width: mm(210), height: mm(297) },
            margin: {
              top: mm(37),
              bottom: mm(35),
              left: mm(28),
              right: mm(26),
              footer: mm(20),
            },
          },
          grid: { type: DocumentGridType.LINES, linePitch: 560 },
        },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'], font: cjk('宋体'), size: SIZE.footer })],
              }),
            ],
          }),
        },
        children,
      },
    ],
  });
  return Packer.toBuffer(doc);
}

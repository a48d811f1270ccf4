import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  WidthType,
  type IRunOptions,
} from 'docx';
import { chineseDate, chineseDateRange, COLOUR_LABELS, hasMeetingSection, printableDeep, type ReportFigures, type ReportKind, type ReportMeetings, type ReportSections } from '@duban/shared';
import { GONGWEN_FONT, GONGWEN_LINE } from '../../lib/docx-gongwen';
import { REPORT_OVERDUE_NAMED } from './report.cited';

/** What a report document shows besides its figures and sections. */
export type ReportDocMeta = { kind: ReportKind; issue: string; title: string; office: string; date: string };

// 公文 layout (GB/T 9704): A4, margins 37/35/28/26 mm, title 方正小标宋简体 二号 (22 pt), body 仿宋_GB2312
// 三号 (16 pt) at a fixed 28 pt line pitch, headings 黑体 / 楷体_GB2312, page numbers "— 1 —" in 宋体 四号.
const MM = 56.7; // twips per millimetre
const FONT = GONGWEN_FONT;
const RED = 'C00000';
const line = GONGWEN_LINE;

const run = (text: string, opts: IRunOptions = {}) => new TextRun({ text, font: FONT.body, size: 32, ...opts });
const body = (text: string) => new Paragraph({ children: [run(text)], indent: { firstLine: 640 }, spacing: line, alignment: AlignmentType.JUSTIFIED });
// Headings and the sentence introducing a table stay on the page of what follows them (keep-with-next),
// so none is left alone at the foot of a page.
const h1 = (text: string) => new Paragraph({ children: [run(text, { font: FONT.h1 })], indent: { firstLine: 640 }, spacing: line, keepNext: true, keepLines: true });
const h2 = (text: string) => new Paragraph({ children: [run(text, { font: FONT.h2 })], indent: { firstLine: 640 }, spacing: line, keepNext: true, keepLines: true });
const keepNext = (text: string) => new Paragraph({ children: [run(text)], indent: { firstLine: 640 }, spacing: line, alignment: AlignmentType.JUSTIFIED, keepNext: true });
const paragraphs = (text: string, fallback: string) =>
  (text.trim() ? text : fallback)
    .split(/\n+/)
    .map((t) => t.trim())
    .filter(Boolean)
    .map(body);

const TEXT_WIDTH = 11906 - Math.round(28 * MM) - Math.round(26 * MM); // A4 less the side margins, in twips

/** A table at full text width; `widths` are percentages. Cells use 五号 (10.5 pt) so rows stay on one line. */
function table(headers: string[], rows: string[][], widths: number[]): Table {
  const dxa = widths.map((w) => Math.floor((w / 100) * TEXT_WIDTH));
  const cell = (text: string, head: boolean, i: number) =>
    new TableCell({
      width: { size: dxa[i] ?? 800, type: WidthType.DXA },
      children: [new Paragraph({ alignment: i === 1 && !head ? AlignmentType.LEFT : AlignmentType.CENTER, children: [new TextRun({ text, font: head ? FONT.h1 : FONT.body, size: 21 })] })],
    });
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: dxa,
    layout: TableLayoutType.FIXED,
    rows: [
      new TableRow({ tableHeader: true, children: headers.map((h, i) => cell(h, true, i)) }),
      ...rows.map((r) => new TableRow({ cantSplit: true, children: r.map((c, i) => cell(c, false, i)) })),
    ],
  });
}

const pct = (n: number) => `${n.toFixed(1)}%`;

/** The opening paragraph of a weekly issue, written from its figures (the office may rewrite it). */
export function weeklySummary(f: ReportFigures): string {
  const byColour = (w: ReportFigures['warnings']) => `${w.yellow + w.blue + w.red}项（${COLOUR_LABELS.yellow.label}${w.yellow}项、${COLOUR_LABELS.blue.label}${w.blue}项、${COLOUR_LABELS.red.label}${w.red}项）`;
  return (
    `${chineseDateRange(f.from, f.to)}，新增督办事项${f.newCount}项，办结${f.closedCount}项（按期办结${f.closedOnTime}项）；` +
    `本年度累计立项${f.yearAll}项，办结率${pct(f.yearCompletionRate)}，按期办结率${pct(f.yearOnTimeRate)}。` +
    `本期新增预警${byColour(f.warnings)}` +
    (f.warningsAtEnd ? `；截至${chineseDate(f.to)}，处于预警状态的事项${byColour(f.warningsAtEnd)}` : '') +
    `，逾期未办结${f.overdueCount}项。`
  );
}

/** The opening paragraph of a 《督促检查情况》 report. */
export function inspectionSummary(f: ReportFigures): string {
  const i = f.inspections;
  if (!i) return '';
  return `${chineseDateRange(f.from, f.to)}，围绕“${i.campaignName}”开展督促检查${i.total}次（其中暗访${i.unannounced}次），涉及督办事项${f.matters.length}项。经实地核查，汇报属实${i.confirms}次，与汇报不符${i.disputes}次，发现问题${i.problem}次。`;
}
const LIST_LIMIT = REPORT_OVERDUE_NAMED;

const ORDINALS = ['一', '二', '三', '四', '五', '六', '七', '八'];

/** The 会议议定事项 section: how many meetings and decisions, and the decisions made, carried out or overdue. */
function meetingSection(m: ReportMeetings, to: string): (Paragraph | Table)[] {
  const out: (Paragraph | Table)[] = [
    keepNext(
      `本期召开联席会议${m.joint}次、督查工作例会${m.supervision}次，议定事项${m.decided}项；本期落实议定事项${m.done}项；截至${chineseDate(to)}，逾期未落实${m.overdue}项${m.decisions.length > LIST_LIMIT ? `（列前${LIST_LIMIT}项）` : ''}：`,
    ),
  ];
  const state = (d: ReportMeetings['decisions'][number]) =>
    d.status === 'done' ? `已落实（${d.doneOn ?? ''}）` : d.tags.includes('逾期未落实') ? '逾期未落实' : d.matterNumber ? `督办中（${d.matterNumber}）` : '落实中';
  if (m.decisions.length) {
    out.push(
      table(
        ['会议', '议定事项', '责任单位', '时限', '落实情况'],
        m.decisions.slice(0, LIST_LIMIT).map((d) => [`${d.meetingTitle}（${d.heldOn.slice(5)}）`, d.content, d.unitName, d.deadline, state(d)]),
        [22, 34, 18, 12, 14],
      ),
    );
  }
  return out;
}

function weeklyBody(f: ReportFigures, s: ReportSections): (Paragraph | Table)[] {
  const overdue = f.matters.filter((m) => m.tags.includes('逾期')).sort((a, b) => (b.daysOverdue ?? 0) - (a.daysOverdue ?? 0));
  // The figures list the most overdue matters only (REPORT_LISTED_PER_SECTION); the count is the figure's.
  const overdueN = Math.max(f.overdueCount, overdue.length);
  const auto = weeklySummary(f);
  // Headings are numbered as they come: the meetings section appears only in a period that had meetings.
  let n = 0;
  const head = (title: string) => h1(`${ORDINALS[n++] ?? String(n)}、${title}`);
  const out: (Paragraph | Table)[] = [head('总体情况'), ...paragraphs(s.summary, auto)];
  out.push(head('逾期未办结事项'));
  if (overdue.length) {
    const asOf = `截至${chineseDate(f.to)}，`;
    out.push(
      keepNext(
        overdueN > LIST_LIMIT
          ? `${asOf}共${overdueN}项事项超过办理时限仍未办结，以下为逾期时间最长的${LIST_LIMIT}项（另有${overdueN - LIST_LIMIT}项，见附件）：`
          : `${asOf}以下${overdueN}项事项超过办理时限仍未办结：`,
      ),
    );
    out.push(
      table(
        ['编号', '事项', '牵头单位', '牵头领导', '时限', '逾期天数'],
        overdue.slice(0, LIST_LIMIT).map((m) => [m.number, m.title, m.unitName, m.leaderName ?? '—', m.deadline, String(m.daysOverdue ?? '')]),
        [19, 29, 19, 10, 15, 8],
      ),
    );
  } else out.push(body('本期无逾期未办结事项。'));
  if (hasMeetingSection(f.meetings)) out.push(head('会议议定事项落实情况'), ...meetingSection(f.meetings, f.to));
  out.push(head('单位办理情况排名'));
  if (f.league.length) {
    out.push(
      table(
        ['序号', '单位', '事项数', '办结', '按期办结', '逾期', '办结率'],
        f.league.map((u, i) => [String(i + 1), u.unitName, String(u.all), String(u.done), String(u.onTime), String(u.overdue), pct(u.completionRate)]),
        [8, 36, 11, 10, 13, 10, 12],
      ),
    );
  } else out.push(body('本年度暂无督办事项。'));
  out.push(head('通报表扬'), ...paragraphs(s.praise, '（无）'));
  out.push(head('通报批评'), ...paragraphs(s.criticism, '（无）'));
  if (s.nextSteps.trim()) out.push(head('下步工作'), ...paragraphs(s.nextSteps, ''));
  out.push(body(`附件：本期涉及督办事项清单（${f.mattersTotal ?? f.matters.length}项，见 Excel 附件）`));
  return out;
}

function inspectionBody(f: ReportFigures, s: ReportSections, office: string): (Paragraph | Table)[] {
  const i = f.inspections;
  const auto = inspectionSummary(f);
  const out: (Paragraph | Table)[] = [h1('一、基本情况'), ...paragraphs(s.summary, auto)];
  out.push(h1('二、检查发现'));
  const findings = i?.items.filter((x) => x.finding !== 'confirms') ?? [];
  if (findings.length) {
    findings.slice(0, LIST_LIMIT).forEach((x, n) => out.push(h2(`（${n + 1}）${x.unitName}：${x.title}`), body(`${x.location ? `${x.location}，` : ''}${x.notes || '现场核查与汇报不符。'}`)));
  } else out.push(body('检查事项进展与汇报情况基本一致，未发现突出问题。'));
  out.push(h1('三、通报表扬'), ...paragraphs(s.praise, '（无）'));
  out.push(h1('四、通报批评'), ...paragraphs(s.criticism, '（无）'));
  out.push(h1('五、整改要求'), ...paragraphs(s.nextSteps, `请相关单位对检查发现的问题立行立改，并于 5 个工作日内将整改情况报${office}。`));
  return out;
}

/**
 * The report as a .docx in 公文 layout: masthead, 期号 and date, red rule, body, page numbers. Text the 公文 fonts
 * cannot show (emoji in a report's sections or a matter's title) is replaced or left out (printableText).
 */
export async function reportDocx(givenMeta: ReportDocMeta, givenFigures: ReportFigures, givenSections: ReportSections): Promise<Buffer> {
  const [meta, figures, sections] = printableDeep([givenMeta, givenFigures, givenSections] as const);
  const masthead = meta.kind === 'weekly' ? '督 查 周 报' : '督 查 专 报';
  const children: (Paragraph | Table)[] = [
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 200 }, children: [new TextRun({ text: masthead, font: FONT.title, size: 88, color: RED, bold: true })] }),
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: line, children: [run(meta.issue)] }),
    new Paragraph({
      spacing: line,
      border: { bottom: { style: BorderStyle.SINGLE, size: 18, color: RED, space: 4 } },
      tabStops: [{ type: 'right', position: 9000 }],
      children: [run(meta.office), run(`\t${meta.date}`)],
    }),
    new Paragraph({ spacing: { before: 400, after: 200 }, alignment: AlignmentType.CENTER, children: [new TextRun({ text: meta.title, font: FONT.title, size: 44, bold: true })] }),
    ...(meta.kind === 'weekly' ? weeklyBody(figures, sections) : inspectionBody(figures, sections, meta.office)),
  ];
  const doc = new Document({
    creator: meta.office,
    title: meta.title,
    styles: { default: { document: { run: { font: FONT.body, size: 32 } } } },
    sections: [
      {
        properties: {
          page: {
            size: { width: 11906, height: 16838 },
            margin: { top: Math.round(37 * MM), bottom: Math.round(35 * MM), left: Math.round(28 * MM), right: Math.round(26 * MM), footer: Math.round(28 * MM) },
          },
        },
        footers: {
          default: new Footer({
            children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'], font: FONT.song, size: 28 })] })],
          }),
        },
        children,
      },
    ],
  });
  return Packer.toBuffer(doc);
}

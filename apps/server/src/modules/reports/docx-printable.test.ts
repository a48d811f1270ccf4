import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ReportFigures } from '@duban/shared';
import { describe, expect, it } from 'vitest';
import { noticeDocx } from '../notices/notice.docx';
import type { NoticeDetail } from '../notices/notice.presenter';
import { reportDocx } from './report.docx';

// Pictographs, and the pieces emoji are built from, that the 公文 fonts print as empty boxes.
const UNPRINTABLE = /\p{Emoji_Presentation}|[\u{1F000}-\u{1FAFF}]|\uFE0F|\u200D|\u26A0/u;

function documentXml(buffer: Buffer): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'duban-docx-'));
  try {
    fs.writeFileSync(path.join(dir, 'd.docx'), buffer);
    return execFileSync('unzip', ['-p', path.join(dir, 'd.docx'), 'word/document.xml']).toString('utf8');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const notice: NoticeDetail = {
  id: 1,
  number: '二七督通〔2026〕3号',
  title: '关于加快背街小巷整治的督查通知🚧',
  body: '请于本周内完成整改✅\n⚠️注意施工安全👷‍♂️',
  replyBy: '2026-12-15',
  issuedBy: '王督查',
  issuedAt: '2026-12-07T02:00:00Z',
  recipients: [{ personId: 1, name: '小张😀', unitName: '五里堡街道办事处', roleLabel: '联络员', acknowledgedAt: null }],
  docxUrl: '/api/notices/1/docx',
  matterId: 9,
  matterNumber: '二七督〔2026〕9号',
  matterTitle: '背街小巷整治🔥',
  acknowledged: 0,
  pending: 1,
  closed: false,
  replyUnits: [{ unitId: 1, unitName: '五里堡街道办事处', repliedAt: null }],
  replies: [],
  canReply: false,
};

const figures: ReportFigures = {
  from: '2026-11-30',
  to: '2026-12-06',
  generatedAt: '2026-12-07T00:00:00Z',
  newCount: 1,
  closedCount: 0,
  closedOnTime: 0,
  yearCompletionRate: 50,
  yearOnTimeRate: 40,
  yearAll: 2,
  openCount: 1,
  warnings: { yellow: 0, blue: 0, red: 1 },
  overdueCount: 1,
  league: [{ unitName: '区住建局🏗️', all: 2, done: 1, onTime: 1, overdue: 0, completionRate: 50 }],
  inspections: null,
  matters: [{ id: 9, number: '二七督〔2026〕9号', title: '老旧小区改造👍', unitName: '区住建局', leaderName: null, status: 'in_progress', colour: 'red', progress: 30, deadline: '2026-12-31', createdOn: '2026-12-01', closedOn: null, daysOverdue: 6, tags: ['逾期'] }],
};

describe('every .docx generator prints no emoji', () => {
  it('督查通知单: emoji left out, ticks as √', async () => {
    const xml = documentXml(await noticeDocx(notice, '区委区政府督查室📌'));
    expect(xml).not.toMatch(UNPRINTABLE);
    expect(xml).toContain('请于本周内完成整改√');
    expect(xml).toContain('注意施工安全');
    expect(xml).toContain('关于加快背街小巷整治的督查通知');
    expect(xml).toContain('区委区政府督查室');
  });

  it('督查周报: sections, figures and matter titles cleaned', async () => {
    const sections = { summary: '本周进展顺利🎉', praise: '区住建局表现突出👏', criticism: '', nextSteps: '继续推进💪' };
    const xml = documentXml(await reportDocx({ kind: 'weekly', issue: '2026年第48期', title: '督查周报', office: '督查室', date: '2026年12月7日' }, figures, sections));
    expect(xml).not.toMatch(UNPRINTABLE);
    expect(xml).toContain('本周进展顺利');
    expect(xml).toContain('老旧小区改造'); // the overdue list
    expect(xml).toContain('区住建局'); // the league table
  });
});

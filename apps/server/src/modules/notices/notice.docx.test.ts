import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { canPrint, printAllWithLibreOffice } from '../../../test/office';
import { noticeDocx } from './notice.docx';
import type { NoticeDetail } from './notice.presenter';

const notice = (paragraphs: number): NoticeDetail => ({
  id: 1,
  number: '二七督通〔2026〕12号',
  title: '关于加快推进五里堡片区道路改造的督查通知',
  body: Array.from({ length: paragraphs }, (_, i) => `第${i + 1}项：请立即组织力量加快施工，确保按期完成。`).join('\n'),
  replyBy: '2026-12-11',
  issuedBy: '督查办',
  issuedAt: '2026-12-04T02:00:00Z',
  recipients: [{ personId: 1, name: '王强', unitName: '五里堡街道办事处', roleLabel: '党工委书记', acknowledgedAt: null }],
  docxUrl: '/api/notices/1/docx',
  closed: false,
  replyUnits: [{ unitId: 1, unitName: '五里堡街道办事处', repliedAt: null }],
  replies: [],
  canReply: false,
  matterId: 1,
  matterNumber: '二七督〔2026〕1006号',
  matterTitle: '五里堡片区道路改造',
  acknowledged: 0,
  pending: 1,
});

describe('督查通知单 .docx layout', () => {
  it('keeps the signature and date together, and with body text, wherever the page breaks', async () => {
    if (!canPrint()) return; // images without LibreOffice skip the rendering check
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'notice-pdf-'));
    try {
      // One-line paragraphs from 8 to 22: the page break falls on every line of the closing block once.
      const counts = Array.from({ length: 15 }, (_, i) => i + 8);
      const files = [];
      for (const n of counts) {
        const file = path.join(dir, `notice-${n}.docx`);
        fs.writeFileSync(file, await noticeDocx(notice(n), '郑州市二七区委区政府督查办公室'));
        files.push(file);
      }
      const printed = printAllWithLibreOffice(files, dir);
      printed.forEach((pdf, i) => {
        const last = pdf.pageText[pdf.pages - 1] ?? '';
        const where = `${counts[i]} paragraphs, ${pdf.pages} pages`;
        expect(last, where).toContain('2026年12月4日');
        expect(last, where).toContain('郑州市二七区委区政府督查办公室');
        // The signature page carries body text too (GB/T 9704: no signature alone on a page).
        expect(last.replace(/—\d+—/, ''), where).toMatch(/第\d+项|督办事项|书面报送/);
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);
});

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, login, seedTenant, testApp, type Session } from '../../../test/fixtures';
import { insertMatter } from '../../../test/files-fixtures';
import { createTestRuntime, type TestRuntime } from '../../../test/runtime';
import { createReport, reportDocument } from '../reports/report.service';

// Issue 12, item 10: the office's name was 督查室 on notices and 督查办公室 on reports; now one configured name.

let rt: TestRuntime;
let app: FastifyInstance;
let t: Awaited<ReturnType<typeof seedTenant>>;
const s: Record<string, Session> = {};
const NAME = '二七区委区政府督查办公室';

const documentXml = (buffer: Buffer, name: string) => {
  const file = path.join(rt.dataDir, name);
  fs.writeFileSync(file, buffer);
  return execFileSync('unzip', ['-p', file, 'word/document.xml']).toString('utf8');
};

describe('one configured office name on every document', () => {
  beforeAll(async () => {
    rt = await createTestRuntime({ at: '2026-11-23T02:00:00Z' });
    t = await seedTenant(rt, 'o1');
    app = await testApp(rt);
    for (const u of ['dcb', 'handler', 'admin']) s[u] = await login(app, `o1${u}`);
  });
  afterAll(async () => {
    await app.close();
    await rt.close();
  });

  it('defaults to 区委区政府督查办公室 and is set on the settings page by the office, validated and traced', async () => {
    expect((await app.inject({ url: '/api/settings/office', headers: as(s.dcb!) })).json()).toEqual({ officeName: '区委区政府督查办公室' });
    const short = await app.inject({ method: 'PUT', url: '/api/settings/office', headers: as(s.dcb!), payload: { officeName: ' ' } });
    expect(short.statusCode).toBe(400);
    expect(short.body).toContain('督查机构名称至少 2 个字');
    expect((await app.inject({ method: 'PUT', url: '/api/settings/office', headers: as(s.dcb!), payload: { officeName: 'x'.repeat(41) } })).statusCode).toBe(400);
    expect((await app.inject({ method: 'PUT', url: '/api/settings/office', headers: as(s.handler!), payload: { officeName: NAME } })).statusCode).toBe(403);
    const ok = await app.inject({ method: 'PUT', url: '/api/settings/office', headers: as(s.dcb!), payload: { officeName: ` ${NAME} ` } });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toEqual({ officeName: NAME });
    expect((await app.inject({ url: '/api/settings/office', headers: as(s.admin!) })).json()).toEqual({ officeName: NAME });
    const trace = await rt.db.selectFrom('trace').select(['before', 'after']).where('action', '=', 'settings.office').executeTakeFirstOrThrow();
    expect(trace.after).toEqual({ officeName: NAME });
  });

  it('heads and signs the notice with it, and asks for the reply to it', async () => {
    const matterId = await insertMatter(rt, t);
    const n = await app.inject({
      method: 'POST',
      url: `/api/matters/${matterId}/notices`,
      headers: as(s.dcb!),
      payload: { title: '关于加快推进的督查通知', body: '请加快推进。', replyBy: '2026-11-27', recipients: [{ personId: t.people.head }] },
    });
    const res = await app.inject({ url: `/api/notices/${n.json().id}/docx`, headers: as(s.dcb!) });
    expect(res.statusCode).toBe(200);
    const xml = documentXml(res.rawPayload, 'notice.docx');
    expect(xml.split(NAME).length - 1).toBe(3); // the red head, the reply sentence, the signature
    expect(xml).not.toContain('督查室');
  });

  it('signs the weekly report with it', async () => {
    const office = await t.actor('o1dcb');
    const report = await createReport(rt, office, { kind: 'weekly', from: '2026-11-16', to: '2026-11-22' });
    const docx = await reportDocument(rt, office, report.id);
    const xml = documentXml(docx.body, 'weekly.docx');
    expect(xml).toContain(NAME);
    expect(xml).not.toContain('测试区o1督查办公室');
  });
});

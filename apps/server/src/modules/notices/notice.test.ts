import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, login, seedTenant, testApp, type Session } from '../../../test/fixtures';
import { insertMatter } from '../../../test/files-fixtures';
import { createTestRuntime, type TestRuntime } from '../../../test/runtime';

let rt: TestRuntime;
let app: FastifyInstance;
let t: Awaited<ReturnType<typeof seedTenant>>;
let t2: Awaited<ReturnType<typeof seedTenant>>;
const s: Record<string, Session> = {};
let matterId: number;

const hasBinary = (name: string) => ['/usr/bin', '/usr/local/bin', '/bin'].some((d) => fs.existsSync(path.join(d, name)));

function issue(who: string, id: number, payload: Record<string, unknown>) {
  return app.inject({ method: 'POST', url: `/api/matters/${id}/notices`, headers: as(s[who]!), payload });
}
const notice = () => ({
  title: '关于加快推进五里堡片区道路改造的督查通知',
  body: '经现场督查，该项目进度滞后于计划节点。\n请立即组织力量加快施工，确保按期完成。',
  replyBy: '2026-11-27',
  recipients: [
    { personId: t.people.head, roleLabel: '党工委书记' },
    { personId: t.people.handler, roleLabel: '项目负责人' },
    { personId: t.people.housingLiaison, roleLabel: null },
  ],
});

describe('supervision notices (督查通知单)', () => {
  beforeAll(async () => {
    rt = await createTestRuntime();
    t = await seedTenant(rt, 't1');
    t2 = await seedTenant(rt, 't2');
    app = await testApp(rt);
    for (const u of ['t1dcb', 't1liaison', 't1head', 't1handler', 't1hliaison', 't2dcb']) s[u] = await login(app, u);
    matterId = await insertMatter(rt, t);
  });
  afterAll(async () => {
    await app.close();
    await rt.close();
  });

  it('numbers notices per tenant and year, apart from matters, and owes each recipient a message', async () => {
    const first = await issue('t1dcb', matterId, notice());
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ number: '测督通〔2026〕1号', matterId, acknowledged: 0, pending: 3, replyBy: '2026-11-27', issuedBy: '王督查' });
    expect((await issue('t1dcb', matterId, notice())).json().number).toBe('测督通〔2026〕2号');
    const other = await insertMatter(rt, t2);
    expect((await issue('t2dcb', other, { ...notice(), recipients: [{ personId: t2.people.head }] })).json().number).toBe('测督通〔2026〕1号');
    rt.clock.set('2027-01-04T01:00:00Z');
    s.t1dcb = await login(app, 't1dcb');
    expect((await issue('t1dcb', matterId, notice())).json().number).toBe('测督通〔2027〕1号');
    rt.clock.set('2026-11-20T02:00:00Z');
    for (const u of Object.keys(s)) s[u] = await login(app, u); // the jump in time ended the sessions

    const outbox = await rt.db
      .selectFrom('outbox')
      .innerJoin('outbox_recipients', 'outbox_recipients.outbox_id', 'outbox.id')
      .select(['outbox.kind', 'outbox.title', 'outbox_recipients.person_id'])
      .where('outbox.event_key', '=', `notice.issued:${first.json().id}`)
      .execute();
    expect(outbox.map((o) => o.person_id).sort()).toEqual([t.people.head, t.people.handler, t.people.housingLiaison].sort());
    expect(outbox[0]!.title).toContain('测督通〔2026〕1号');
    const trace = await rt.db.selectFrom('trace').select('entity_id').where('action', '=', 'notice.issue').where('tenant_id', '=', t.tenantId).execute();
    expect(trace.map((r) => r.entity_id)).toContain(String(first.json().id));
  });

  it('lets only the office issue, only on open matters, only to real people', async () => {
    expect((await issue('t1liaison', matterId, notice())).statusCode).toBe(403);
    const closed = await insertMatter(rt, t, { status: 'closed' });
    const c = await issue('t1dcb', closed, notice());
    expect(c.statusCode).toBe(409);
    expect(c.json().error).toBe('invalid_transition');
    const ghost = await issue('t1dcb', matterId, { ...notice(), recipients: [{ personId: 999999 }] });
    expect(ghost.json().error).toBe('person_not_found');
    expect((await issue('t1dcb', matterId, { ...notice(), recipients: [] })).statusCode).toBe(400);
    expect((await issue('t2dcb', matterId, notice())).statusCode).toBe(404);
  });

  it('records who acknowledged (签收) and who has not; only recipients may acknowledge', async () => {
    const n = (await issue('t1dcb', matterId, notice())).json();
    const ack = await app.inject({ method: 'POST', url: `/api/notices/${n.id}/acknowledge`, headers: as(s.t1head!) });
    expect(ack.statusCode).toBe(200);
    expect(ack.json()).toMatchObject({ acknowledged: 1, pending: 2 });
    const again = await app.inject({ method: 'POST', url: `/api/notices/${n.id}/acknowledge`, headers: as(s.t1head!) });
    expect(again.json().acknowledged).toBe(1);
    const stranger = await app.inject({ method: 'POST', url: `/api/notices/${n.id}/acknowledge`, headers: as(s.t1liaison!) });
    expect(stranger.statusCode).toBe(403);
    expect(stranger.json().error).toBe('not_notice_recipient');
    const view = await app.inject({ url: `/api/notices/${n.id}`, headers: as(s.t1dcb!) });
    const byName = Object.fromEntries(view.json().recipients.map((r: { name: string; acknowledgedAt: string | null }) => [r.name, r.acknowledgedAt]));
    expect(byName['街道书记']).toBe('2026-11-20T02:00:00.000Z');
    expect(byName['承办人小李']).toBeNull();
    const list = await app.inject({ url: `/api/matters/${matterId}/notices`, headers: as(s.t1liaison!) });
    expect(list.json().items.length).toBeGreaterThanOrEqual(4);
    expect((await app.inject({ url: `/api/notices/${n.id}`, headers: as(s.t2dcb!) })).statusCode).toBe(404);
  });

  it('shows a notice to its recipient even outside the matter’s units, and to nobody else', async () => {
    const edu = await insertMatter(rt, t, { leadUnitId: t.units.edu });
    const n = (await issue('t1dcb', edu, { ...notice(), recipients: [{ personId: t.people.head, roleLabel: '街道党工委书记' }] })).json();
    expect((await app.inject({ url: `/api/notices/${n.id}`, headers: as(s.t1head!) })).statusCode).toBe(200);
    expect((await app.inject({ url: `/api/notices/${n.id}`, headers: as(s.t1liaison!) })).statusCode).toBe(404);
    expect((await app.inject({ url: `/api/matters/${edu}/notices`, headers: as(s.t1liaison!) })).statusCode).toBe(404);
  });

  it('renders the notice as a 公文-style .docx', async () => {
    const n = (await issue('t1dcb', matterId, notice())).json();
    const res = await app.inject({ url: `/api/notices/${n.id}/docx`, headers: as(s.t1handler!) });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('wordprocessingml');
    expect(res.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent(n.number)}`);
    const file = path.join(rt.dataDir, 'notice.docx');
    fs.writeFileSync(file, res.rawPayload);
    const xml = execFileSync('unzip', ['-p', file, 'word/document.xml']).toString('utf8');
    for (const text of ['区委区政府督查办公室', n.number, '关于加快推进五里堡片区道路改造的督查通知', '五里堡街道办事处党工委书记街道书记同志', '请立即组织力量加快施工', '2026年11月27日', '2026年11月20日']) {
      expect(xml).toContain(text);
    }
    expect(xml).toContain('方正小标宋简体');
    expect(xml).toContain('仿宋_GB2312');
    expect(xml).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    expect(xml).toMatch(/<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1587"/);
    expect(xml).toContain('w:line="560" w:lineRule="exact"');
    expect(xml).toMatch(/w:color="FF0000"/);
    const footer = execFileSync('sh', ['-c', `unzip -p '${file}' 'word/footer*.xml'`]).toString('utf8');
    expect(footer).toContain('PAGE');
    const common = await app.inject({ url: `/api/notices/${n.id}/docx?fonts=common`, headers: as(s.t1dcb!) });
    fs.writeFileSync(file, common.rawPayload);
    expect(execFileSync('unzip', ['-p', file, 'word/document.xml']).toString('utf8')).toContain('仿宋');

    if (!hasBinary('libreoffice') || !hasBinary('pdftotext')) return; // the PDF round trip needs both binaries
    execFileSync('libreoffice', ['--headless', '--convert-to', 'pdf', '--outdir', rt.dataDir, file], { timeout: 120_000 });
    // pdftotext puts spaces between Chinese and Latin characters; compare without whitespace.
    const text = execFileSync('pdftotext', [path.join(rt.dataDir, 'notice.pdf'), '-']).toString('utf8').replace(/\s+/g, '');
    for (const part of ['区委区政府督查办公室', n.number, '关于加快推进五里堡片区道路改造的督查通知', '2026年11月27日前', '—1—']) expect(text).toContain(part);
  });
});

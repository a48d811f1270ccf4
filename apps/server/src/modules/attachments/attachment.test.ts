import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, login, seedTenant, testApp, type Session } from '../../../test/fixtures';
import { insertMatter, multipartBody, PNG_1PX } from '../../../test/files-fixtures';
import { createTestRuntime, type TestRuntime } from '../../../test/runtime';

let rt: TestRuntime;
let app: FastifyInstance;
let t: Awaited<ReturnType<typeof seedTenant>>;
const s: Record<string, Session> = {};

const upload = (who: string, file: Buffer, name: string, type?: string) => app.inject({ method: 'POST', url: '/api/attachments', ...multipartBody(as(s[who]!), file, name, type) });

describe('attachments', () => {
  beforeAll(async () => {
    rt = await createTestRuntime();
    t = await seedTenant(rt, 't1');
    await seedTenant(rt, 't2');
    app = await testApp(rt);
    for (const u of ['t1dcb', 't1liaison', 't1hliaison', 't1deputy', 't1admin', 't2dcb']) s[u] = await login(app, u);
  });
  afterAll(async () => {
    await app.close();
    await rt.close();
  });

  it('stores an image, sniffed from its content, and lets the uploader download it under its Chinese name', async () => {
    const res = await upload('t1liaison', PNG_1PX, '现场照片 1.jpg', 'image/jpeg');
    expect(res.statusCode).toBe(200);
    const view = res.json();
    expect(view).toMatchObject({ fileName: '现场照片 1.jpg', mime: 'image/png', size: PNG_1PX.length });
    const dl = await app.inject({ url: view.url, headers: as(s.t1liaison!) });
    expect(dl.statusCode).toBe(200);
    expect(dl.headers['content-type']).toBe('image/png');
    expect(dl.headers['content-disposition']).toBe(`attachment; filename="____ 1.jpg"; filename*=UTF-8''${encodeURIComponent('现场照片 1.jpg')}`);
    expect(dl.rawPayload.equals(PNG_1PX)).toBe(true);
    const inline = await app.inject({ url: `${view.url}?inline=true`, headers: as(s.t1liaison!) });
    expect(inline.headers['content-disposition']).toMatch(/^inline;/);
  });

  it('refuses a program or a text file renamed to .jpg with 415, whatever the claimed type', async () => {
    const exe = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff', 'latin1'), Buffer.alloc(200, 0)]);
    const a = await upload('t1liaison', exe, 'photo.jpg', 'image/jpeg');
    expect(a.statusCode).toBe(415);
    expect(a.json().error).toBe('unsupported_media_type');
    const b = await upload('t1liaison', Buffer.from('just some text, not a picture\n'.repeat(10)), 'photo.jpg', 'image/jpeg');
    expect(b.statusCode).toBe(415);
    expect(b.json().message).toContain('不支持的文件类型');
  });

  it('accepts PDF and Word documents', async () => {
    const pdf = await upload('t1liaison', Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n'), '整改报告.pdf');
    expect(pdf.json().mime).toBe('application/pdf');
    const { Document, Packer, Paragraph } = await import('docx');
    const docx = await Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph('整改方案')] }] }));
    const word = await upload('t1liaison', docx, '整改方案.docx');
    expect(word.json().mime).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
  });

  it('refuses a file over 20 MB with 413', async () => {
    const big = Buffer.concat([PNG_1PX, Buffer.alloc(20 * 1024 * 1024 + 10, 1)]);
    const res = await upload('t1liaison', big, 'big.png', 'image/png');
    expect(res.statusCode).toBe(413);
    expect(res.json().error).toBe('file_too_large');
  });

  it('lets only those who see the matter download its files; an unattached upload only its uploader', async () => {
    const own = (await upload('t1liaison', PNG_1PX, 'a.png')).json();
    for (const who of ['t1hliaison', 't1dcb', 't2dcb']) expect((await app.inject({ url: own.url, headers: as(s[who]!) })).statusCode).toBe(404);
    const streetMatter = await insertMatter(rt, t); // street leads, housing co-unit
    const attach = await app.inject({ method: 'POST', url: `/api/matters/${streetMatter}/attachments`, headers: as(s.t1liaison!), payload: { attachmentIds: [own.id] } });
    expect(attach.statusCode).toBe(200);
    for (const who of ['t1liaison', 't1hliaison', 't1dcb', 't1deputy']) expect((await app.inject({ url: own.url, headers: as(s[who]!) })).statusCode).toBe(200);
    expect((await app.inject({ url: own.url, headers: as(s.t2dcb!) })).statusCode).toBe(404);
    expect((await app.inject({ url: own.url, headers: as(s.t1admin!) })).statusCode).toBe(403);
    // Used once, it cannot be claimed again.
    const again = await app.inject({ method: 'POST', url: `/api/matters/${streetMatter}/attachments`, headers: as(s.t1liaison!), payload: { attachmentIds: [own.id] } });
    expect(again.json().error).toBe('attachment_not_available');

    const dcbFile = (await upload('t1dcb', PNG_1PX, 'b.png')).json();
    const eduMatter = await insertMatter(rt, t, { leadUnitId: t.units.edu });
    expect((await app.inject({ method: 'POST', url: `/api/matters/${eduMatter}/attachments`, headers: as(s.t1dcb!), payload: { attachmentIds: [dcbFile.id] } })).statusCode).toBe(200);
    for (const who of ['t1liaison', 't1hliaison', 't1deputy']) expect((await app.inject({ url: dcbFile.url, headers: as(s[who]!) })).statusCode).toBe(404);
    const list = await app.inject({ url: `/api/matters/${eduMatter}/attachments`, headers: as(s.t1dcb!) });
    expect(list.json().items.map((i: { id: number }) => i.id)).toEqual([dcbFile.id]);
    expect((await app.inject({ url: `/api/matters/${eduMatter}/attachments`, headers: as(s.t1liaison!) })).statusCode).toBe(404);
  });

  it('keeps one copy of identical content and traces every upload', async () => {
    await upload('t1dcb', PNG_1PX, 'c.png');
    const rows = await rt.db.selectFrom('attachments').select('sha256').where('tenant_id', '=', t.tenantId).where('mime', '=', 'image/png').execute();
    expect(new Set(rows.map((r) => r.sha256)).size).toBe(1);
    const traces = await rt.db.selectFrom('trace').select('action').where('tenant_id', '=', t.tenantId).where('action', '=', 'attachment.upload').execute();
    expect(traces.length).toBeGreaterThanOrEqual(rows.length);
  });
});

describe('attachments: malformed uploads', () => {
  let rt2: TestRuntime;
  let app2: FastifyInstance;
  let session: Session;
  beforeAll(async () => {
    rt2 = await createTestRuntime();
    await seedTenant(rt2, 't1');
    app2 = await testApp(rt2);
    session = await login(app2, 't1liaison');
  });
  afterAll(async () => {
    await app2.close();
    await rt2.close();
  });

  it('answers truncated, empty or fileless multipart bodies with a 4xx', async () => {
    const boundary = '----x';
    const ct = { ...as(session), 'content-type': `multipart/form-data; boundary=${boundary}` };
    const bodies = [
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\n\r\n\x89PNG`, // cut off
      `--${boundary}\r\nContent-Disposition: form-data; name="note"\r\n\r\nhello\r\n--${boundary}--\r\n`, // no file
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\n\r\n\r\n--${boundary}--\r\n`, // empty file
      'not multipart at all',
    ];
    for (const payload of bodies) {
      const res = await app2.inject({ method: 'POST', url: '/api/attachments', headers: ct, payload });
      expect(res.statusCode, payload.slice(0, 40)).toBeGreaterThanOrEqual(400);
      expect(res.statusCode).toBeLessThan(500);
      expect(res.json()).toHaveProperty('error');
    }
    const noBoundary = await app2.inject({ method: 'POST', url: '/api/attachments', headers: { ...as(session), 'content-type': 'multipart/form-data' }, payload: 'x' });
    expect(noBoundary.statusCode).toBeLessThan(500);
  });
});

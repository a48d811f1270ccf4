import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, login, seedTenant, testApp, type Session } from '../../../test/fixtures';
import { createTestRuntime, type TestRuntime } from '../../../test/runtime';
import { mobileSearchHash, openPii } from '../../lib/pii';

let rt: TestRuntime;
let app: FastifyInstance;
let t: Awaited<ReturnType<typeof seedTenant>>;
let other: Awaited<ReturnType<typeof seedTenant>>;
const s: Record<string, Session> = {};

async function workbook(units: (string | number)[][], people: (string | number)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const u = wb.addWorksheet('单位');
  u.addRow(['单位名称*', '简称', '类型*', '上级单位', '编码', '排序']);
  units.forEach((r) => u.addRow(r));
  const p = wb.addWorksheet('人员');
  p.addRow(['姓名*', '手机', '邮箱', '职级*', '职务', '所属单位*', '处室/科室', '企业微信账号', '钉钉账号', '单位负责人', '联络员', '分管单位']);
  people.forEach((r) => p.addRow(r));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function multipart(session: Session, file: Buffer, name = 'org.xlsx') {
  const boundary = '----duban' + Math.random().toString(16).slice(2);
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { payload: Buffer.concat([head, file, tail]), headers: { ...as(session), 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describe('organisation', () => {
  beforeAll(async () => {
    rt = await createTestRuntime();
    t = await seedTenant(rt, 't1');
    other = await seedTenant(rt, 't2');
    app = await testApp(rt);
    for (const u of ['t1admin', 't1sec', 't1audit', 't1liaison', 't1dcb', 't1shuji', 't2admin']) s[u] = await login(app, u);
  });
  afterAll(async () => {
    await app.close();
    await rt.close();
  });

  describe('三员分立: the three admin roles cannot do one another’s job', () => {
    it('system admin manages units but cannot grant roles or read the trace', async () => {
      expect((await app.inject({ method: 'POST', url: '/api/units', headers: as(s.t1admin!), payload: { name: '区统计局', kind: 'government' } })).statusCode).toBe(200);
      const roles = await app.inject({ method: 'PUT', url: `/api/accounts/${t.accounts.t1liaison}/roles`, headers: as(s.t1admin!), payload: { roles: ['supervisor'], version: 1 } });
      expect(roles.statusCode).toBe(403);
      expect((await app.inject({ url: '/api/trace', headers: as(s.t1admin!) })).statusCode).toBe(403);
      expect((await app.inject({ url: '/api/trace/verify', headers: as(s.t1admin!) })).statusCode).toBe(403);
    });

    it('security admin grants roles but cannot change the organisation or read the trace', async () => {
      expect((await app.inject({ method: 'POST', url: '/api/units', headers: as(s.t1sec!), payload: { name: '区档案馆', kind: 'department' } })).statusCode).toBe(403);
      expect((await app.inject({ method: 'POST', url: '/api/accounts', headers: as(s.t1sec!), payload: { username: 'newbie', displayName: 'x', password: 'Aa#12345678' } })).statusCode).toBe(403);
      expect((await app.inject({ url: '/api/trace', headers: as(s.t1sec!) })).statusCode).toBe(403);
      const acc = await rt.db.selectFrom('accounts').select('version').where('id', '=', t.accounts.t1handler!).executeTakeFirstOrThrow();
      const ok = await app.inject({ method: 'PUT', url: `/api/accounts/${t.accounts.t1handler}/roles`, headers: as(s.t1sec!), payload: { roles: ['handler', 'inspector'], version: acc.version } });
      expect(ok.statusCode).toBe(200);
      expect(ok.json().roles).toEqual(['handler', 'inspector']);
      // The answer shows the account as the list does, unit included.
      const listed = (await app.inject({ url: '/api/accounts', headers: as(s.t1sec!) })).json().items.find((a: { id: number }) => a.id === t.accounts.t1handler);
      expect(listed.unitName).toBeTruthy();
      expect(ok.json()).toEqual({ ...listed, roles: ['handler', 'inspector'] });
    });

    it('refuses combining admin roles, or an admin role with a business role, or changing one’s own roles', async () => {
      const acc = await rt.db.selectFrom('accounts').select('version').where('id', '=', t.accounts.t1shuji!).executeTakeFirstOrThrow();
      const two = await app.inject({ method: 'PUT', url: `/api/accounts/${t.accounts.t1shuji}/roles`, headers: as(s.t1sec!), payload: { roles: ['sysadmin', 'auditor'], version: acc.version } });
      expect(two.statusCode).toBe(400);
      expect(two.json().error).toBe('role_conflict');
      const mixed = await app.inject({ method: 'PUT', url: `/api/accounts/${t.accounts.t1shuji}/roles`, headers: as(s.t1sec!), payload: { roles: ['secadmin', 'leader'], version: acc.version } });
      expect(mixed.json().error).toBe('role_conflict');
      const own = await app.inject({ method: 'PUT', url: `/api/accounts/${t.accounts.t1sec}/roles`, headers: as(s.t1sec!), payload: { roles: ['secadmin', 'auditor'], version: 1 } });
      expect(own.statusCode).toBe(403);
    });

    it('audit admin reads and verifies the trace but changes nothing', async () => {
      expect((await app.inject({ url: '/api/trace', headers: as(s.t1audit!) })).statusCode).toBe(200);
      const v = await app.inject({ url: '/api/trace/verify', headers: as(s.t1audit!) });
      expect(v.json().firstBroken).toBeNull();
      expect(v.json().status).toBe('intact');
      expect((await app.inject({ method: 'POST', url: '/api/units', headers: as(s.t1audit!), payload: { name: 'x', kind: 'department' } })).statusCode).toBe(403);
      expect((await app.inject({ method: 'POST', url: `/api/accounts/${t.accounts.t1head}/unlock`, headers: as(s.t1audit!) })).statusCode).toBe(403);
    });
  });

  describe('units', () => {
    it('validates input with Chinese messages and field details', async () => {
      const res = await app.inject({ method: 'POST', url: '/api/units', headers: as(s.t1admin!), payload: { name: '', kind: 'castle' } });
      expect(res.statusCode).toBe(400);
      const body = res.json();
      expect(body.error).toBe('validation_failed');
      expect(body.details.map((d: { field: string }) => d.field).sort()).toEqual(['kind', 'name']);
      expect(body.message).toContain('单位名称不能为空');
    });

    it('requires a division to have a parent, refuses cycles and duplicate names', async () => {
      expect((await app.inject({ method: 'POST', url: '/api/units', headers: as(s.t1admin!), payload: { name: '综合科', kind: 'division' } })).json().error).toBe('division_parent');
      const dup = await app.inject({ method: 'POST', url: '/api/units', headers: as(s.t1admin!), payload: { name: '区住建局', kind: 'government' } });
      expect(dup.statusCode).toBe(409);
      expect(dup.json().error).toBe('unit_name_taken');
      const street = await rt.db.selectFrom('units').select('version').where('id', '=', t.units.street).executeTakeFirstOrThrow();
      const cycle = await app.inject({
        method: 'PUT',
        url: `/api/units/${t.units.street}`,
        headers: as(s.t1admin!),
        payload: { name: '五里堡街道办事处', kind: 'street', parentId: t.division, version: street.version },
      });
      expect(cycle.statusCode).toBe(400);
      expect(cycle.json().error).toBe('unit_cycle');
    });

    it('detects a concurrent edit: the second writer gets 409 and the first edit stays', async () => {
      const before = await rt.db.selectFrom('units').selectAll().where('id', '=', t.units.edu).executeTakeFirstOrThrow();
      const first = await app.inject({ method: 'PUT', url: `/api/units/${t.units.edu}`, headers: as(s.t1admin!), payload: { name: '区教育体育局', kind: 'government', version: before.version } });
      expect(first.statusCode).toBe(200);
      const second = await app.inject({ method: 'PUT', url: `/api/units/${t.units.edu}`, headers: as(s.t1admin!), payload: { name: '区教育局（旧）', kind: 'government', version: before.version } });
      expect(second.statusCode).toBe(409);
      expect(second.json().error).toBe('version_conflict');
      const after = await rt.db.selectFrom('units').select('name').where('id', '=', t.units.edu).executeTakeFirstOrThrow();
      expect(after.name).toBe('区教育体育局');
    });

    it('refuses to delete a unit that still has people', async () => {
      const res = await app.inject({ method: 'DELETE', url: `/api/units/${t.units.street}`, headers: as(s.t1admin!) });
      expect(res.statusCode).toBe(409);
      expect(res.json().message).toMatch(/名人员/);
    });

    it('writes each change to the trace in the same transaction, visible on the record', async () => {
      const tr = await app.inject({ url: `/api/trace?entityType=unit&entityId=${t.units.edu}`, headers: as(s.t1admin!) });
      expect(tr.statusCode).toBe(200);
      const entry = tr.json().items[0];
      expect(entry).toMatchObject({ action: 'unit.update', actionLabel: '修改单位', actorName: 't1admin' });
      expect(entry.before.name).toBe('区教育局');
      expect(entry.after.name).toBe('区教育体育局');
    });
  });

  describe('people and data scope', () => {
    it('a unit’s people see only their unit, with mobiles masked', async () => {
      const res = await app.inject({ url: '/api/people?limit=100', headers: as(s.t1liaison!) });
      const items: { unitId: number; mobile: string | null }[] = res.json().items;
      expect(items.length).toBeGreaterThan(0);
      expect(items.every((p) => p.unitId === t.units.street)).toBe(true);
      expect(items.find((p) => p.mobile)?.mobile).toMatch(/^\d{3}\*{4}\d{4}$/);
    });

    it('a leader sees their 分管 units; the supervision office sees the tenant with full mobiles', async () => {
      const leader = (await app.inject({ url: '/api/people?limit=100', headers: as(s.t1shuji!) })).json().items as { unitId: number }[];
      expect(new Set(leader.map((p) => p.unitId))).toEqual(new Set([t.units.leaders, t.units.office, t.units.housing, t.units.street]));
      const office = (await app.inject({ url: '/api/people?limit=100', headers: as(s.t1dcb!) })).json();
      expect(office.total).toBe(7);
      expect(office.items.find((p: { mobile: string | null }) => p.mobile)?.mobile).toMatch(/^1\d{10}$/);
    });

    it('masks the current and previous mobile numbers in a person’s trace for those who see them masked elsewhere', async () => {
      const person = await rt.db.selectFrom('people').selectAll().where('id', '=', t.people.handler).executeTakeFirstOrThrow();
      const put = await app.inject({
        method: 'PUT',
        url: `/api/people/${person.id}`,
        headers: as(s.t1admin!),
        payload: { name: person.name, unitId: person.unit_id, rank: person.rank, mobile: '13912345678', version: person.version },
      });
      expect(put.statusCode, put.body).toBe(200);
      const url = `/api/trace?entityType=person&entityId=${person.id}`;
      const seen = (await app.inject({ url, headers: as(s.t1liaison!) })).json();
      const update = seen.items.find((e: { action: string }) => e.action === 'person.update');
      expect(update.before.mobile).toBe('138****0004');
      expect(update.after.mobile).toBe('139****5678');
      expect(JSON.stringify(seen)).not.toMatch(/13800000004|13912345678/);
      // The office, who sees full numbers in the people list, sees them here too; the hash is of what was stored.
      const office = (await app.inject({ url, headers: as(s.t1dcb!) })).json();
      expect(office.items.find((e: { action: string }) => e.action === 'person.update').after.mobile).toBe('13912345678');
      const restored = await app.inject({
        method: 'PUT',
        url: `/api/people/${person.id}`,
        headers: as(s.t1admin!),
        payload: { name: person.name, unitId: person.unit_id, rank: person.rank, mobile: '13800000004', version: put.json().version },
      });
      expect(restored.statusCode).toBe(200);
    });

    it('never crosses tenants: another tenant’s admin cannot see or touch these records', async () => {
      const list = (await app.inject({ url: '/api/people?limit=100', headers: as(s.t2admin!) })).json().items as { unitId: number }[];
      const t1units = new Set(Object.values(t.units));
      expect(list.some((p) => t1units.has(p.unitId))).toBe(false);
      const units = (await app.inject({ url: '/api/units', headers: as(s.t2admin!) })).json().items as { id: number }[];
      expect(units.some((u) => t1units.has(u.id))).toBe(false);
      const edit = await app.inject({ method: 'PUT', url: `/api/units/${t.units.housing}`, headers: as(s.t2admin!), payload: { name: '被改名', kind: 'government', version: 1 } });
      expect(edit.statusCode).toBe(404);
      const person = await app.inject({
        method: 'POST',
        url: '/api/people',
        headers: as(s.t2admin!),
        payload: { name: '越权', rank: 'staff', unitId: t.units.housing },
      });
      expect(person.statusCode).toBe(404);
      expect(other.tenantId).not.toBe(t.tenantId);
    });

    it('rejects a division that does not belong to the unit', async () => {
      const res = await app.inject({ method: 'POST', url: '/api/people', headers: as(s.t1admin!), payload: { name: '错位', rank: 'staff', unitId: t.units.housing, divisionId: t.division } });
      expect(res.statusCode).toBe(400);
      expect(res.json().details[0].field).toBe('divisionId');
    });
  });

  describe('mobile numbers at rest', () => {
    it('keeps no number in clear: people hold it sealed with a search hash, and the trace holds it sealed (raw rows)', async () => {
      const people = (await sql<Record<string, unknown>>`select * from people where tenant_id = ${t.tenantId}`.execute(rt.db)).rows;
      expect(people.length).toBeGreaterThan(5);
      expect(people.every((p) => p.mobile === null)).toBe(true);
      expect(people.filter((p) => p.mobile_enc).every((p) => String(p.mobile_enc).startsWith('s4:') && /^[0-9a-f]{64}$/.test(String(p.mobile_hash)))).toBe(true);
      const numbers = /1380000000\d|13912345678/; // the fixture's and the one written above
      expect(JSON.stringify(people)).not.toMatch(numbers);
      // The person.update above wrote 13912345678 and 13800000004 into the trace: sealed, like the row.
      const trace = (await sql<Record<string, unknown>>`select before, after from trace where tenant_id = ${t.tenantId} and entity_type = 'person'`.execute(rt.db)).rows;
      expect(trace.length).toBeGreaterThan(1);
      expect(JSON.stringify(trace)).not.toMatch(numbers);
    });

    it('finds a person by number (by its search hash, however it is written), within the viewer’s scope', async () => {
      const office = (await app.inject({ url: `/api/people?q=${encodeURIComponent('138-0000-0004')}`, headers: as(s.t1dcb!) })).json();
      expect(office.items.map((p: { id: number; mobile: string }) => [p.id, p.mobile])).toEqual([[t.people.handler, '13800000004']]);
      const liaison = (await app.inject({ url: '/api/people?q=13800000004', headers: as(s.t1liaison!) })).json();
      expect(liaison.items.map((p: { id: number; mobile: string }) => [p.id, p.mobile])).toEqual([[t.people.handler, '138****0004']]);
      const elsewhere = (await app.inject({ url: '/api/people?q=13800000005', headers: as(s.t1liaison!) })).json();
      expect(elsewhere.total).toBe(0); // the housing liaison, outside the street's scope
      const otherTenant = (await app.inject({ url: '/api/people?q=13800000004', headers: as(s.t2admin!) })).json();
      expect(otherTenant.items.map((p: { id: number }) => p.id)).toEqual([other.people.handler]);
    });

    it('refuses a number already registered to another person of the tenant (compared by hash)', async () => {
      const created = await app.inject({ method: 'POST', url: '/api/people', headers: as(s.t1admin!), payload: { name: '重号', rank: 'staff', unitId: t.units.edu, mobile: '13800000001' } });
      expect(created.statusCode).toBe(409);
      expect(created.json()).toMatchObject({ error: 'mobile_taken', details: [{ field: 'mobile' }] });
      expect(created.json().message).toContain('王督查');
      const person = await rt.db.selectFrom('people').selectAll().where('id', '=', t.people.head).executeTakeFirstOrThrow();
      const moved = await app.inject({
        method: 'PUT',
        url: `/api/people/${person.id}`,
        headers: as(s.t1admin!),
        payload: { name: person.name, unitId: person.unit_id, rank: person.rank, mobile: '13800000003', version: person.version },
      });
      expect(moved.statusCode).toBe(409);
    });
  });

  describe('import from Excel', () => {
    it('offers a template with both sheets', async () => {
      const res = await app.inject({ url: '/api/org/import/template.xlsx', headers: as(s.t1admin!) });
      expect(res.statusCode).toBe(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(new Uint8Array(res.rawPayload).buffer);
      expect(wb.worksheets.map((w) => w.name)).toEqual(['单位', '人员']);
    });

    it('imports nothing when any row is wrong, and lists every problem by sheet, row and column', async () => {
      const before = await rt.db.selectFrom('units').select('id').where('tenant_id', '=', t.tenantId).execute();
      const file = await workbook(
        [
          ['区应急管理局', '', '政府部门'],
          ['安全生产监管科', '', '处室', '区应急管理局'],
          ['区发改委', '', '火星部门'],
        ],
        [
          ['张三', '13912345678', '', '正科级', '局长', '区应急管理局', '安全生产监管科'],
          ['李四', '12345', '', '大官', '', '不存在的局'],
        ],
      );
      const res = await app.inject({ method: 'POST', url: '/api/org/import', ...multipart(s.t1admin!, file) });
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toBe('import_failed');
      const issues = res.json().details.issues as { sheet: string; row: number; column: string }[];
      expect(issues).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ sheet: '单位', row: 4, column: '类型' }),
          expect.objectContaining({ sheet: '人员', row: 3, column: '手机' }),
          expect.objectContaining({ sheet: '人员', row: 3, column: '职级' }),
          expect.objectContaining({ sheet: '人员', row: 3, column: '所属单位' }),
        ]),
      );
      const after = await rt.db.selectFrom('units').select('id').where('tenant_id', '=', t.tenantId).execute();
      expect(after.length).toBe(before.length);
    });

    it('imports a good sheet in one go, and importing it again changes nothing', async () => {
      const file = await workbook(
        [
          ['区应急管理局', '', '政府部门'],
          ['安全生产监管科', '', '处室', '区应急管理局'],
        ],
        [
          ['张三', '13912345678', '', '正科级', '局长', '区应急管理局', '安全生产监管科', 'zhangsan', '', '是', ''],
          ['赵副区长', '', '', '副处级', '副区长', '区领导', '', '', '', '', '', '区应急管理局、区住建局'],
        ],
      );
      const first = await app.inject({ method: 'POST', url: '/api/org/import', ...multipart(s.t1admin!, file) });
      expect(first.statusCode).toBe(200);
      expect(first.json()).toEqual({ units: { created: 2, updated: 0 }, people: { created: 1, updated: 1 } });
      const second = await app.inject({ method: 'POST', url: '/api/org/import', ...multipart(s.t1admin!, file) });
      expect(second.json()).toEqual({ units: { created: 0, updated: 2 }, people: { created: 0, updated: 2 } });
      // Matched by the number's search hash; sealed once: the second import left the sealed text as it was.
      const zhang = await rt.db.selectFrom('people').selectAll().where('mobile_hash', '=', mobileSearchHash(rt.secretKey, '13912345678')).executeTakeFirstOrThrow();
      expect(zhang).toMatchObject({ rank: 'section_principal', is_unit_head: true, wecom_user_id: 'zhangsan' });
      expect(openPii(rt.secretKey, zhang.mobile_enc ?? '')).toBe('13912345678');
      const third = await app.inject({ method: 'POST', url: '/api/org/import', ...multipart(s.t1admin!, file) });
      expect(third.statusCode).toBe(200);
      const again = await rt.db.selectFrom('people').select(['mobile_enc']).where('id', '=', zhang.id).executeTakeFirstOrThrow();
      expect(again.mobile_enc).toBe(zhang.mobile_enc);
      const listed = (await app.inject({ url: '/api/people?q=13912345678', headers: as(s.t1admin!) })).json();
      expect(listed.items.map((p: { id: number; mobile: string }) => [p.id, p.mobile])).toEqual([[zhang.id, '13912345678']]);
      const led = await rt.db.selectFrom('leader_units').select('unit_id').where('person_id', '=', t.people.deputy).execute();
      expect(led.length).toBe(2);
    });

    it('answers a file that is not a workbook with a clear 400', async () => {
      const res = await app.inject({ method: 'POST', url: '/api/org/import', ...multipart(s.t1admin!, Buffer.from('not excel at all')) });
      expect(res.statusCode).toBe(400);
      expect(res.json().message).toContain('.xlsx');
    });
  });
});

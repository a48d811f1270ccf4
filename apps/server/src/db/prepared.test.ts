import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedTenant } from '../../test/fixtures';
import { createTestRuntime, engine, type TestRuntime } from '../../test/runtime';
import { inTransaction } from '../lib/deps';
import { executePrepared, forgetPreparedTexts, MAX_PREPARED } from './prepared';
import type { DB } from './schema';

let rt: TestRuntime;

describe('executePrepared', () => {
  beforeAll(async () => {
    rt = await createTestRuntime();
    await seedTenant(rt, 'p1');
  });
  afterAll(() => rt.close());

  const unitsStar = (code: string) => rt.db.selectFrom('units as u').innerJoin('tenants as t', 't.id', 'u.tenant_id').selectAll('u').where('t.code', '=', code).orderBy('u.id').compile();

  it('answers as the plain query does, call after call (a named statement on PostgreSQL)', async () => {
    const plain = await rt.db.executeQuery(unitsStar('p1'));
    for (let i = 0; i < 8; i++) expect((await executePrepared(rt.db, unitsStar('p1'))).rows).toEqual(plain.rows);
    expect((await executePrepared(rt.db, unitsStar('nope'))).rows).toEqual([]);
    await rt.db.connection().execute(async (conn) => {
      await executePrepared(conn, unitsStar('p1'));
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from pg_prepared_statements where name like 'duban_%'`.execute(conn);
      expect(rows[0]?.n).toBe(engine() === 'postgres' ? 1 : 0);
    });
  });

  it('prepares at most MAX_PREPARED texts; past that a new text runs as a plain query', async () => {
    // Texts that embed a value (which callers should not send this way) each make a new statement.
    const distinct = (i: number) => sql<{ n: number }>`select ${sql.lit(i)}::int as n`.compile(rt.db);
    try {
      for (let i = 0; i < MAX_PREPARED + 20; i++) expect((await executePrepared(rt.db, distinct(i))).rows).toEqual([{ n: i }]);
      await rt.db.connection().execute(async (conn) => {
        // The text just run on this connection was not prepared there (without the bound it would be).
        const past = distinct(MAX_PREPARED + 100);
        expect((await executePrepared(conn, past)).rows).toEqual([{ n: MAX_PREPARED + 100 }]);
        const seen = async (text: string) => (await sql<{ n: number }>`select count(*)::int as n from pg_prepared_statements where statement = ${text}`.execute(conn)).rows[0]?.n;
        expect(await seen(past.sql)).toBe(0);
        // A text registered before the bound still is.
        await executePrepared(conn, distinct(0));
        expect(await seen(distinct(0).sql)).toBe(engine() === 'postgres' ? 1 : 0);
      });
    } finally {
      forgetPreparedTexts(); // the files after this one in the worker register their own
    }
  });

  // The migration runs as the owner, on its own connection (on the embedded engine, the one connection there is).
  const asOwner = (conn: Kysely<DB>) => (rt.owner === rt.db ? conn : rt.owner);

  // A migration adding a column while instances run: PostgreSQL refuses the cached plan of a `select u.*`
  // ("cached plan must not change result type"); the statement is prepared again and the call succeeds.
  it('prepares again when a table it reads gains a column', async () => {
    await rt.db.connection().execute(async (conn) => {
      for (let i = 0; i < 3; i++) await executePrepared(conn, unitsStar('p1'));
      await sql`alter table units add column prepared_test_extra integer`.execute(asOwner(conn));
      try {
        const { rows } = await executePrepared(conn, unitsStar('p1'));
        expect(rows.length).toBeGreaterThan(0);
        expect(rows[0]).toHaveProperty('prepared_test_extra', null);
      } finally {
        await sql`alter table units drop column prepared_test_extra`.execute(asOwner(conn));
      }
      expect((await executePrepared(conn, unitsStar('p1'))).rows[0]).not.toHaveProperty('prepared_test_extra');
    });
  });

  // The same inside a transaction: PostgreSQL has aborted it, so the statement cannot simply run again
  // there; the 0A000 reaches inTransaction, which runs the whole transaction again under the new names.
  it('runs a transaction again when a prepared statement in it meets a table that gained a column', async () => {
    await rt.db.connection().execute(async (conn) => {
      for (let i = 0; i < 3; i++) await executePrepared(conn, unitsStar('p1'));
      await sql`alter table units add column prepared_test_tx integer`.execute(asOwner(conn));
      try {
        const rows = await inTransaction(conn, async (trx) => (await executePrepared(trx, unitsStar('p1'))).rows);
        expect(rows[0]).toHaveProperty('prepared_test_tx', null);
      } finally {
        await sql`alter table units drop column prepared_test_tx`.execute(asOwner(conn));
      }
    });
  });
});

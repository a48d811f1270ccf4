import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestRuntime, engine, type TestRuntime } from '../../test/runtime';
import { inTransaction } from './deps';

let rt: TestRuntime;

describe('inTransaction', () => {
  beforeAll(async () => {
    rt = await createTestRuntime();
  });
  afterAll(() => rt.close());

  // Two transactions taking two locks in opposite orders: PostgreSQL aborts one with 40P01 after
  // deadlock_timeout; it runs again and both commit. (The embedded engine has one connection: no deadlocks.)
  it.runIf(engine() === 'postgres')('runs a transaction again when PostgreSQL aborts it for a deadlock', async () => {
    let runs = 0;
    const crossing = (first: number, second: number) =>
      inTransaction(rt.db, async (trx) => {
        runs++;
        await sql`select pg_advisory_xact_lock(${first})`.execute(trx);
        await sql`select pg_sleep(0.2)`.execute(trx);
        await sql`select pg_advisory_xact_lock(${second})`.execute(trx);
        return first;
      });
    await expect(Promise.all([crossing(7001, 7002), crossing(7002, 7001)])).resolves.toEqual([7001, 7002]);
    expect(runs).toBe(3);
  });

  it('does not run a transaction again for other errors', async () => {
    let runs = 0;
    await expect(
      inTransaction(rt.db, async (trx) => {
        runs++;
        await sql`select 1 / 0`.execute(trx);
      }),
    ).rejects.toMatchObject({ code: '22012' });
    expect(runs).toBe(1);
  });
});

import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, login, seedTenant, testApp, type Session } from '../../../test/fixtures';
import { createTestRuntime, engine, type TestRuntime } from '../../../test/runtime';
import { seedGrid } from './grid.fixtures';

// Every statement the server sends to PostgreSQL goes through a pool client's query (BEGIN and COMMIT too); counted
// from before the pool's first connection, so each connection's prepared-statement wrapper calls the counting one.
let sent = 0;
const original = pg.Client.prototype.query;
function counting(this: pg.Client, ...args: Parameters<typeof original>) {
  sent++;
  return original.apply(this, args);
}

let rt: TestRuntime;
let app: FastifyInstance;
let g: Awaited<ReturnType<typeof seedGrid>>;
let grid: Session;

beforeAll(async () => {
  pg.Client.prototype.query = counting as typeof original;
  rt = await createTestRuntime({ at: '2026-11-18T02:00:00Z' });
  const t = await seedTenant(rt);
  g = await seedGrid(rt, t);
  app = await testApp(rt);
  grid = await login(app, 't1grida');
});
afterAll(async () => {
  await app.close();
  await rt.close();
  pg.Client.prototype.query = original;
});

describe.skipIf(engine() !== 'postgres')('a 网格长’s report over HTTP, in statements sent to PostgreSQL', () => {
  it('is 8: session, Idempotency-Key claim, category with cells-version and id, BEGIN, the write with the duplicate search and the trace head, the trace row, COMMIT, the claim completed', async () => {
    const report = async (key: string) => {
      const before = sent;
      const res = await app.inject({
        method: 'POST',
        url: '/api/grid/problems',
        headers: { ...as(grid), 'idempotency-key': key },
        payload: { categoryId: g.cat('SJ0101'), description: '路边暴露垃圾', ...g.points.a },
      });
      expect(res.statusCode, res.body).toBe(200);
      return { statements: sent - before, body: res.json() as { possibleDuplicates: unknown[] } };
    };
    await report('count-warm-0001'); // the first fills the per-process caches (settings, limits, calendar, cell index)
    const second = await report('count-next-0002');
    expect(second.body.possibleDuplicates).toHaveLength(1); // the duplicate search ran, inside the write
    expect(second.statements).toBe(8);
  });
});

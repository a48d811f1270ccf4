import { ledgerQuerySchema, permissionsOf } from '@duban/shared';
import { sql } from 'kysely';
import { openPostgres } from './src/db/database';
import { exportBatch } from './src/modules/ledger/ledger.export.query';
const { db, close } = openPostgres('postgres://postgres@127.0.0.1:5432/bench_million', 4);
console.log((await sql<{ jit: string }>`show jit`.execute(db)).rows);
const actor = { tenantId: 1, accountId: 1, username: 'x', name: 'x', roles: ['supervisor'], permissions: permissionsOf(['supervisor']), personId: null, unitId: null, scope: { kind: 'tenant' }, ip: null, requestId: null } as never;
const q = ledgerQuerySchema.parse({ createdFrom: '2026-08-20', sort: 'created_at', order: 'desc', limit: 200 });
let t0 = performance.now(); let after = 0; let n = 0;
for (;;) { const rows = await exportBatch(db, actor, q, new Date(), after, 2000).execute(); n += rows.length; if (rows.length < 2000) break; after = rows.at(-1)!.id; }
console.log(`all batches: ${n} rows in ${(performance.now() - t0).toFixed(0)} ms`);
await close();

import { DEFAULT_RULE_BOOK, ruleBookSchema, type RuleBook, type VersionedRuleBook } from '@duban/shared';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema';
import { AppError } from '../../errors';
import { requirePermission, type Actor } from '../../lib/actor';
import { inTransaction, type Deps } from '../../lib/deps';
import { recordTrace } from '../trace/trace.service';

type Conn = Kysely<DB> | Transaction<DB>;
export type StoredBook = VersionedRuleBook & { id: number; effectiveFrom: string; locked: boolean };

// A stored book written before a field existed reads with that field's default.
const parse = (rules: unknown): RuleBook => ruleBookSchema.parse(rules);

async function present(db: Conn, row: { id: number; version: number; effective_from: string; rules: unknown }): Promise<StoredBook> {
  const used = await db.selectFrom('assessment_periods').select('id').where('rule_book_id', '=', row.id).where('status', '=', 'published').executeTakeFirst();
  return { id: row.id, version: row.version, effectiveFrom: row.effective_from, rules: parse(row.rules), locked: !!used };
}

/** The tenant's versions, newest first (a tenant without one gets version 1 of the defaults). */
export async function ruleBookVersions(db: Conn, tenantId: number, now: Date): Promise<StoredBook[]> {
  let rows = await db.selectFrom('assessment_rule_books').select(['id', 'version', 'effective_from', 'rules']).where('tenant_id', '=', tenantId).orderBy('version', 'desc').execute();
  if (!rows.length) {
    await db
      .insertInto('assessment_rule_books')
      .values({ tenant_id: tenantId, version: 1, effective_from: '2000-01-01', rules: JSON.stringify(DEFAULT_RULE_BOOK), created_by: null, created_at: now, updated_at: now })
      .onConflict((oc) => oc.columns(['tenant_id', 'version']).doNothing())
      .execute();
    rows = await db.selectFrom('assessment_rule_books').select(['id', 'version', 'effective_from', 'rules']).where('tenant_id', '=', tenantId).orderBy('version', 'desc').execute();
  }
  return Promise.all(rows.map((r) => present(db, r)));
}

/** The version in force for a period ending on `to`: the newest whose effective date is on or before it. */
export async function bookInForce(db: Conn, tenantId: number, to: string, now: Date): Promise<StoredBook> {
  const all = await ruleBookVersions(db, tenantId, now);
  const book = all.find((b) => b.effectiveFrom <= to) ?? all[all.length - 1];
  if (!book) throw new AppError('not_found', '考核办法不存在');
  return book;
}

export async function bookById(db: Conn, id: number): Promise<StoredBook> {
  const row = await db.selectFrom('assessment_rule_books').select(['id', 'version', 'effective_from', 'rules']).where('id', '=', id).executeTakeFirstOrThrow();
  return present(db, row);
}

export async function getRuleBooks(deps: Deps, actor: Actor): Promise<StoredBook[]> {
  requirePermission(actor, 'assess.read');
  return ruleBookVersions(deps.db, actor.tenantId, deps.clock.now());
}

/**
 * Saves the rule book (督查办). The newest version is changed in place while no published period used
 * it; otherwise the edit becomes the next version, so a published ranking can always be replayed.
 */
export async function saveRuleBook(deps: Deps, actor: Actor, input: { rules: RuleBook; effectiveFrom: string; version: number }): Promise<StoredBook> {
  requirePermission(actor, 'assess.manage');
  const now = deps.clock.now();
  return inTransaction(deps.db, async (trx) => {
    const [latest] = await ruleBookVersions(trx, actor.tenantId, now);
    if (!latest) throw new AppError('not_found');
    if (latest.version !== input.version) throw new AppError('version_conflict', `考核办法已有第 ${latest.version} 版，请刷新后再改`);
    let id = latest.id;
    if (latest.locked) {
      const row = await trx
        .insertInto('assessment_rule_books')
        .values({ tenant_id: actor.tenantId, version: latest.version + 1, effective_from: input.effectiveFrom, rules: JSON.stringify(input.rules), created_by: actor.accountId, created_at: now, updated_at: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      id = row.id;
    } else {
      await trx.updateTable('assessment_rule_books').set({ rules: JSON.stringify(input.rules), effective_from: input.effectiveFrom, updated_at: now }).where('id', '=', latest.id).execute();
    }
    const saved = await bookById(trx, id);
    await recordTrace(trx, deps.clock, actor, {
      action: 'assessment.rule_book',
      entityType: 'assessment_rule_book',
      entityId: id,
      before: { version: latest.version, rules: latest.rules, effectiveFrom: latest.effectiveFrom },
      after: { version: saved.version, newVersion: latest.locked, rules: saved.rules, effectiveFrom: saved.effectiveFrom },
    });
    return saved;
  });
}

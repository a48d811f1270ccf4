import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { Migrator, sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';

const MIGRATIONS_DIR = path.join(path.dirname(new URL(import.meta.url).pathname), 'migrations');

/**
 * Finds the migration files (timestamped, one per change) and imports them from our own code,
 * so the same loader (tsx at run time, Vite in tests) handles them as any other module.
 */
// The number is four digits, or five (the 10100… ranges of work done in parallel).
const MIGRATION_FILE = /^\d{4}_\d{2}_\d{2}_\d{4,5}_[\w-]+\.ts$/;

const provider: MigrationProvider = {
  async getMigrations() {
    const files = (await fs.readdir(MIGRATIONS_DIR)).filter((f) => MIGRATION_FILE.test(f)).sort();
    const out: Record<string, Migration> = {};
    for (const f of files) {
      const mod: Partial<Migration> = await import(path.join(MIGRATIONS_DIR, f));
      if (typeof mod.up !== 'function') throw new Error(`migration ${f} has no up()`);
      out[f.replace(/\.ts$/, '')] = { up: mod.up, down: mod.down };
    }
    return out;
  },
};

function migrator<T>(db: Kysely<T>): Migrator {
  return new Migrator({ db, provider, allowUnorderedMigrations: true });
}

/**
 * The sha256 of each migration's source, by migration name. Migrations are always loaded from their .ts source
 * (tsx at run time, Vite in tests), so the file's text is what ran; line endings are normalised so a checkout
 * with CRLF does not count as a change.
 */
export async function migrationChecksums(): Promise<Map<string, string>> {
  const files = (await fs.readdir(MIGRATIONS_DIR)).filter((f) => MIGRATION_FILE.test(f)).sort();
  const out = new Map<string, string>();
  for (const f of files) {
    const text = (await fs.readFile(path.join(MIGRATIONS_DIR, f), 'utf8')).replace(/\r\n/g, '\n');
    out.set(f.replace(/\.ts$/, ''), createHash('sha256').update(text).digest('hex'));
  }
  return out;
}

/** An applied migration whose file has changed since: the database ran an earlier body. */
export class MigrationChangedError extends Error {
  constructor(readonly names: string[]) {
    super(
      `migration ${names.join(', ')} changed after it was applied to this database (its sha256 differs from the one recorded ` +
        'in migration_checksums). Applied migrations are frozen: restore the file as it was (git log -p on it) and put ' +
        'the change in a new migration. Refusing to continue.',
    );
    this.name = 'MigrationChangedError';
  }
}

async function hasChecksumTable<T>(db: Kysely<T>): Promise<boolean> {
  const r = await sql<{ t: string | null }>`select to_regclass('migration_checksums')::text as t`.execute(db);
  return r.rows[0]?.t != null;
}

/**
 * Compares each applied migration with the checksum recorded when it was applied; throws MigrationChangedError
 * naming every one that changed. With `record` (the owner, after migrating) it records the checksum of applied
 * migrations that have none yet: those just applied, and on the first run after migration 7000 every earlier one
 * (backfilled with the current text). Does nothing before migration 7000 has run.
 */
export async function verifyMigrationChecksums<T>(db: Kysely<T>, opts: { record?: boolean } = {}): Promise<void> {
  if (!(await hasChecksumTable(db))) return;
  const current = await migrationChecksums();
  const applied = (await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db)).rows.map((r) => r.name);
  const recorded = new Map((await sql<{ name: string; sha256: string }>`select name, sha256 from migration_checksums`.execute(db)).rows.map((r) => [r.name, r.sha256]));
  const changed = applied.filter((n) => recorded.has(n) && current.has(n) && recorded.get(n) !== current.get(n));
  if (changed.length) throw new MigrationChangedError(changed);
  if (!opts.record) return;
  const missing = applied.filter((n) => !recorded.has(n) && current.has(n));
  if (!missing.length) return;
  await sql`
    insert into migration_checksums (name, sha256)
    select * from unnest(${missing}::text[], ${missing.map((n) => current.get(n))}::text[])
    on conflict (name) do nothing`.execute(db);
}

/**
 * Applies every pending migration (under Kysely's lock); throws naming the one that failed. Refuses first when an
 * applied migration has changed since (MigrationChangedError), and records the checksums of what it applied.
 */
export async function migrateToLatest<T>(db: Kysely<T>): Promise<string[]> {
  await verifyMigrationChecksums(db);
  const result = await migrator(db).migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error');
    const reason = result.error instanceof Error ? result.error.message : String(result.error);
    throw new Error(`migration ${failed?.migrationName ?? '(unknown)'} failed: ${reason}`);
  }
  await verifyMigrationChecksums(db, { record: true });
  return (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Names of migrations not yet applied. */
export async function pendingMigrations<T>(db: Kysely<T>): Promise<string[]> {
  return (await migrator(db).getMigrations()).filter((m) => !m.executedAt).map((m) => m.name);
}

import { promises as fs } from 'node:fs';
import path from 'node:path';
import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';

const MIGRATIONS_DIR = path.join(path.dirname(new URL(import.meta.url).pathname), 'migrations');

/**
 * Finds the migration files (timestamped, one per change) and imports them from our own code,
 * so the same loader (tsx at run time, Vite in tests) handles them as any other module.
 */
const provider: MigrationProvider = {
  async getMigrations() {
    const files = (await fs.readdir(MIGRATIONS_DIR)).filter((f) => /^\d{4}_\d{2}_\d{2}_\d{4}_[\w-]+\.ts$/.test(f)).sort();
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

/** Applies every pending migration (under Kysely's lock); throws naming the one that failed. */
export async function migrateToLatest<T>(db: Kysely<T>): Promise<string[]> {
  const result = await migrator(db).migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error');
    const reason = result.error instanceof Error ? result.error.message : String(result.error);
    throw new Error(`migration ${failed?.migrationName ?? '(unknown)'} failed: ${reason}`);
  }
  return (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Names of migrations not yet applied. */
export async function pendingMigrations<T>(db: Kysely<T>): Promise<string[]> {
  return (await migrator(db).getMigrations()).filter((m) => !m.executedAt).map((m) => m.name);
}

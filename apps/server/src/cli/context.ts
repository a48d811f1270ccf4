import type { Runtime } from '../bootstrap';
import { loadConfig } from '../config';
import { AppError } from '../errors';

/**
 * Opens the runtime for one command and always closes it (releasing the embedded lock). `asOwner`: connect as the
 * database owner (MIGRATION_DATABASE_URL) when the application runs as another role.
 */
export async function withRuntime<T>(fn: (rt: Runtime) => Promise<T>, opts: { migrate?: 'auto' | 'always' | 'never'; asOwner?: boolean } = {}): Promise<T> {
  const config = loadConfig();
  // Loaded here, not at the top: `duban --help` and the commands that need no database start without the server.
  const { openRuntime } = await import('../bootstrap');
  const rt = await openRuntime(opts.asOwner && config.migrationDatabaseUrl ? { ...config, databaseUrl: config.migrationDatabaseUrl } : config, opts);
  try {
    return await fn(rt);
  } finally {
    await rt.close();
  }
}

/** The tenant a command acts on: by code, or the only one there is. */
export async function resolveTenant(rt: Runtime, code: string | undefined): Promise<{ id: number; code: string; name: string }> {
  const tenants = await rt.db.selectFrom('tenants').select(['id', 'code', 'name']).orderBy('id').execute();
  if (code) {
    const t = tenants.find((x) => x.code === code);
    if (!t) throw new Error(`no tenant with code "${code}" (have: ${tenants.map((x) => x.code).join(', ') || 'none'})`);
    return t;
  }
  if (tenants.length === 1 && tenants[0]) return tenants[0];
  throw new Error(tenants.length ? `several tenants: pass --tenant <code> (${tenants.map((x) => x.code).join(', ')})` : 'no tenant yet: create one with `duban create-tenant -c CODE -n 名称` (or load the demo: `duban seed demo`)');
}

/** Prints an error the way a person at a terminal wants it: the message, and issues one per line. */
export function describeError(err: unknown): string {
  if (err instanceof AppError) {
    const issues = err.details && typeof err.details === 'object' && 'issues' in err.details && Array.isArray(err.details.issues) ? err.details.issues : [];
    const lines = issues.map((i: { sheet?: string; row?: number; column?: string | null; message?: string }) => `  ${i.sheet ?? ''} 第 ${i.row} 行 ${i.column ?? ''}：${i.message}`);
    return [`${err.code}: ${err.message}`, ...lines].join('\n');
  }
  return err instanceof Error ? err.message : String(err);
}

import fs from 'node:fs';
import path from 'node:path';

const serverSrc = path.resolve(new URL('.', import.meta.url).pathname, '../../apps/server/src');

function* tsFiles(dir: string): Generator<string> {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) yield* tsFiles(p);
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.test.ts')) yield p;
  }
}

/**
 * Finds a function another feature exports (e.g. runSweep) by scanning the server's sources,
 * and imports it; null when it has not landed on this branch yet.
 */
export async function findExport<T>(name: string): Promise<T | null> {
  const re = new RegExp(`export (async )?function ${name}\\b|export const ${name}\\b`);
  for (const file of tsFiles(serverSrc)) {
    if (!re.test(fs.readFileSync(file, 'utf8'))) continue;
    const mod: Record<string, unknown> = await import(file);
    const fn = mod[name];
    if (typeof fn === 'function') return fn as T;
  }
  return null;
}

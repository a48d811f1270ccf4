import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { engine } from '../../test/runtime';
import { DataDirLockedError, openEmbedded } from './database';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'duban-lock-'));

describe.skipIf(engine() === 'postgres')('the embedded engine’s data directory lock', () => {
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('refuses a second opener of the same DATA_DIR at once, with a clear message, and lets it in once the first closes', async () => {
    const first = await openEmbedded(dir);
    const started = Date.now();
    const second = openEmbedded(dir);
    await expect(second).rejects.toBeInstanceOf(DataDirLockedError);
    await expect(second).rejects.toThrow(`The embedded database in ${dir} is already open in another Duban process`);
    expect(Date.now() - started).toBeLessThan(2_000);
    await first.close();
    const again = await openEmbedded(dir);
    await again.close();
  });

  it('takes over at once a lock left by a process that was killed (kill -9), but not one whose owner still runs', async () => {
    const other = fs.mkdtempSync(path.join(os.tmpdir(), 'duban-lock-'));
    const lockDir = path.join(other, 'duban.lock');
    const owner = path.join(other, 'duban.lock.owner');
    // What a killed server leaves: a fresh lock (younger than the 15 s staleness) naming a pid that no longer runs.
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    fs.mkdirSync(lockDir);
    fs.writeFileSync(owner, JSON.stringify({ pid: dead, host: os.hostname() }));
    // Before, this threw DataDirLockedError: the lock was younger than its 15 s staleness.
    const db = await openEmbedded(other);
    expect(JSON.parse(fs.readFileSync(owner, 'utf8'))).toEqual({ pid: process.pid, host: os.hostname() });
    await db.close();
    expect(fs.existsSync(owner)).toBe(false);

    // A live owner (here: our parent process) keeps its lock.
    fs.mkdirSync(lockDir);
    fs.writeFileSync(owner, JSON.stringify({ pid: process.ppid, host: os.hostname() }));
    await expect(openEmbedded(other)).rejects.toBeInstanceOf(DataDirLockedError);
    // Another machine's pid means nothing here: that lock lapses by staleness only.
    fs.writeFileSync(owner, JSON.stringify({ pid: dead, host: `${os.hostname()}-other` }));
    await expect(openEmbedded(other)).rejects.toBeInstanceOf(DataDirLockedError);
    fs.rmSync(other, { recursive: true, force: true });
  }, 120_000);
});

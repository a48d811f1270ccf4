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
});

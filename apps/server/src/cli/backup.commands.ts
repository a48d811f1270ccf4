import path from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '../config';
import { withRuntime } from './context';

/** backup, restore. */
export function registerBackupCommands(program: Command): void {
  program
    .command('backup')
    .argument('<dir>', 'a new (or empty) directory to write the backup into')
    .description('back up the database, the uploaded files and the trace anchor (not the server key: keep it separately)')
    .action((dir: string) =>
      withRuntime(async (rt) => {
        const { backup } = await import('../modules/backup/backup.service');
        const m = await backup(rt, path.resolve(dir));
        const rows = Object.values(m.tables).reduce((a, b) => a + b, 0);
        console.log(`backup in ${path.resolve(dir)}: ${m.engine}, ${Object.keys(m.tables).length} tables, ${rows} rows, ${m.files} files; trace heads ${m.traceHeads.map((h) => `${h.tenantId}#${h.seq}`).join(', ') || 'none'}`);
      }),
    );

  program
    .command('restore')
    .argument('<dir>', 'a directory written by `duban backup`')
    .description('restore a backup into an empty database (DATABASE_URL, or a DATA_DIR without one), then check row counts, trace heads and the trace')
    .action(async (dir: string) => {
      const config = loadConfig();
      const { restore } = await import('../modules/backup/backup.service');
      const report = await restore(config, path.resolve(dir), config.migrationDatabaseUrl ?? config.databaseUrl);
      for (const p of report.problems) console.log(`MISMATCH: ${p}`);
      const b = report.trace.firstBroken;
      console.log(`trace: ${report.trace.status}${b ? ` — tenant ${b.tenantId}, entry #${b.seq}: ${b.reason} — ${b.message}` : ''}`);
      if (report.problems.length || report.trace.status !== 'intact') {
        process.exitCode = 2;
      } else {
        console.log(`restored from ${path.resolve(dir)} (${report.manifest.createdAt}): every row count and trace head as backed up`);
      }
    });
}

import { Command } from 'commander';
import { VERSION } from './config';
import { describeError } from './cli/context';
import { registerNotifyCommands } from './cli/notify.commands';
import { registerFoundationCommands } from './cli/org.commands';
import { registerSweepCommands } from './cli/sweep.commands';
import { registerReportCommands } from './cli/report.commands';
import { registerBenchCommands } from './cli/bench.commands';
import { registerSecurityCommands } from './cli/security.commands';
import { registerBackupCommands } from './cli/backup.commands';
import { registerAssessCommands } from './cli/assess.commands';

// The admin command line (`npx duban …`); each feature registers its commands here.
const program = new Command('duban').version(VERSION).description('Duban 智慧督查 — administration');
registerFoundationCommands(program);
registerSweepCommands(program);
registerNotifyCommands(program);
registerReportCommands(program);
registerBenchCommands(program);
registerSecurityCommands(program);
registerBackupCommands(program);
registerAssessCommands(program);

program.parseAsync(process.argv).catch((err: unknown) => {
  process.stderr.write(`${describeError(err)}\n`);
  process.exit(1);
});

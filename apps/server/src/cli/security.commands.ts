import type { Command } from 'commander';
import { totpCode } from '../modules/auth/totp';

/** Security helpers of the command line. */
export function registerSecurityCommands(program: Command): void {
  program
    .command('totp-code')
    .argument('<secret>', 'a base32 TOTP secret (the demo admins\' are in the README)')
    .description('print the current six-digit sign-in code for a TOTP secret, as an authenticator app would (needs no database)')
    .action((secret: string) => {
      process.stdout.write(`${totpCode(secret.replace(/\s+/g, '').toUpperCase(), new Date())}\n`);
    });
}

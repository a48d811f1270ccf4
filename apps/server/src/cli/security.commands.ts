import type { Command } from 'commander';

/** Security helpers of the command line. */
export function registerSecurityCommands(program: Command): void {
  program
    .command('totp-code')
    .argument('<secret>', 'a base32 TOTP secret (the demo admins\' are in the README)')
    .description('print the current six-digit sign-in code for a TOTP secret, as an authenticator app would (needs no database)')
    .action(async (secret: string) => {
      const { totpCode } = await import('../modules/auth/totp');
      process.stdout.write(`${totpCode(secret.replace(/\s+/g, '').toUpperCase(), new Date())}\n`);
    });
}

import { CHANNELS, type Channel } from '@duban/shared';
import type { Command } from 'commander';
import { resolveTenant, withRuntime } from './context';

const isChannel = (v: string): v is Channel => (CHANNELS as readonly string[]).includes(v);

/** notify test, notify deliver. */
export function registerNotifyCommands(program: Command): void {
  const notify = program.command('notify').description('notifications: test a channel, run the dispatcher');

  notify
    .command('test')
    .requiredOption('--channel <channel>', `one of ${CHANNELS.join(', ')}`)
    .option('--tenant <code>', 'tenant code (when there are several)')
    .option('--to <address>', 'WeCom user id, mobile or e-mail (robots post to their group)')
    .option('--person <id>', 'send to this person’s address from their profile')
    .description('send a test message through a configured channel and print the provider’s reply')
    .action((opts: { channel: string; tenant?: string; to?: string; person?: string }) =>
      withRuntime(async (rt) => {
        if (!isChannel(opts.channel)) throw new Error(`unknown channel "${opts.channel}" (have: ${CHANNELS.join(', ')})`);
        const tenant = await resolveTenant(rt, opts.tenant);
        const { sendTestMessage, testTargetOf } = await import('../modules/notify/test-send');
        const target = await testTargetOf(rt, tenant.id, opts.channel, opts.person ? Number(opts.person) : undefined, opts.to);
        const result = await sendTestMessage(rt, tenant.id, opts.channel, target);
        console.log(`${result.ok ? 'ok' : 'FAILED'}: ${result.message}${result.reply ? `\nreply: ${result.reply}` : ''}`);
        if (!result.ok) process.exitCode = 1;
      }),
    );

  notify
    .command('deliver')
    .option('--once', 'deliver what is due now, then exit')
    .option('--batch <n>', 'deliveries claimed per batch', '100')
    .description('run the dispatcher: fan out the outbox and send due deliveries (until Ctrl-C without --once)')
    .action((opts: { once?: boolean; batch: string }) =>
      withRuntime(async (rt) => {
        const { runDispatcher } = await import('../modules/notify/dispatcher');
        const abort = new AbortController();
        process.once('SIGINT', () => abort.abort());
        process.once('SIGTERM', () => abort.abort());
        const stats = await runDispatcher(rt, { once: Boolean(opts.once), limit: Math.max(1, Number(opts.batch) || 100), signal: abort.signal });
        console.log(JSON.stringify(stats));
      }),
    );
}

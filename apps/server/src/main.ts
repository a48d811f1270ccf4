import { buildApp } from './app';
import { openRuntime } from './bootstrap';
import { ConfigError, loadConfig } from './config';
import { JOBS } from './jobs';
import { startLiveBridge } from './modules/notify/live.bridge';
import { startJobs } from './jobs/job';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from './seed/demo-accounts';
import { demoExists, seedDemo } from './seed/demo.seed';
import { DEMO_STEPS } from './seed/demo-steps';
import { runSweep } from './modules/warnings/sweep.service';

// Reads config, opens the database, builds the app, listens, starts jobs: nothing else.
async function main(): Promise<void> {
  const config = loadConfig();
  const runtime = await openRuntime(config);
  const app = await buildApp(runtime);
  let seeded = false;
  if (config.demo && !(await demoExists(runtime))) {
    app.log.info('loading the demo tenant (郑州市二七区) …');
    await seedDemo(runtime, DEMO_STEPS);
    seeded = true;
    // Colour the demo matters at once (the job would within a minute; the first screen should not wait).
    await runSweep(runtime);
  }
  runtime.anchor.start();
  // Several instances on one PostgreSQL share live events (SSE) through LISTEN/NOTIFY.
  const stopBridge = config.databaseUrl ? await startLiveBridge(runtime.bus, config.databaseUrl, (msg, err) => app.log.warn({ err }, msg)) : async () => undefined;
  const stopJobs = config.jobs ? startJobs(JOBS, runtime, app.log) : () => undefined;
  await app.listen({ port: config.port, host: config.host });

  const lines = [
    '',
    `  Duban 智慧督查 ${config.version} is running at ${config.publicUrl}`,
    `  database: ${runtime.engine === 'embedded' ? `embedded (PGlite) in ${config.dataDir}` : 'PostgreSQL'}${seeded ? ' — demo tenant loaded' : ''}`,
  ];
  if (config.demo) {
    lines.push(`  demo accounts (password ${DEMO_PASSWORD}):`);
    for (const a of DEMO_ACCOUNTS) lines.push(`    ${a.username.padEnd(9)} ${a.label}${a.totpSecret ? `  (two-factor: npx duban totp-code ${a.totpSecret})` : ''}`);
  }
  if (!(await runtime.db.selectFrom('accounts').select('id').limit(1).executeTakeFirst())) {
    const stop = runtime.engine === 'embedded' ? ' (stop the server first)' : '';
    lines.push(
      `  no accounts yet: create your tenant and its first accounts with the command line${stop}:`,
      '    npx duban create-tenant -c CODE -n 名称',
      '    npx duban create-user -u NAME -r sysadmin   (likewise secadmin, auditor)',
    );
  }
  process.stdout.write(`${lines.join('\n')}\n\n`);

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    stopJobs();
    await stopBridge();
    await app.close();
    await runtime.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) {
    process.stderr.write(`${err.message}\n`);
  } else {
    process.stderr.write(`Duban failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  }
  process.exit(1);
});

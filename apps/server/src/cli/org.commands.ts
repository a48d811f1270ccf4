import fs from 'node:fs';
import { passwordProblems, roleConflict, ROLES, usernameSchema, type Role } from '@duban/shared';
import type { Command } from 'commander';
import { loadConfig } from '../config';
import { promptSecret } from './prompt';
import { resolveTenant, withRuntime } from './context';

/** What the commands below run, loaded when one of them runs (so `duban --help` does not load the server). */
async function load() {
  const [grants, migrate, actor, deps, accounts, password, org, trace, verify, seal, pii, demoAccounts, demo, steps, sweep, tenants] = await Promise.all([
    import('../db/grants'),
    import('../db/migrate'),
    import('../lib/actor'),
    import('../lib/deps'),
    import('../modules/auth/account.repository'),
    import('../modules/auth/password'),
    import('../modules/org/import.service'),
    import('../modules/trace/trace.service'),
    import('../modules/trace/trace.verify'),
    import('../modules/trace/trace.seal'),
    import('../lib/pii-at-rest'),
    import('../seed/demo-accounts'),
    import('../seed/demo.seed'),
    import('../seed/demo-steps'),
    import('../modules/warnings/sweep.service'),
    import('../modules/tenants/tenant.service'),
  ]);
  return {
    grantAppRole: grants.grantAppRole,
    roleOfUrl: grants.roleOfUrl,
    migrateToLatest: migrate.migrateToLatest,
    systemActor: actor.systemActor,
    inTransaction: deps.inTransaction,
    findByUsername: accounts.findByUsername,
    hashPassword: password.hashPassword,
    importOrg: org.importOrg,
    recordTrace: trace.recordTrace,
    verifyTrace: verify.verifyTrace,
    sealUnsealedRows: seal.sealUnsealedRows,
    assertPiiKey: pii.assertPiiKey,
    sealPlainMobiles: pii.sealPlainMobiles,
    DEMO_ACCOUNTS: demoAccounts.DEMO_ACCOUNTS,
    DEMO_PASSWORD: demoAccounts.DEMO_PASSWORD,
    demoExists: demo.demoExists,
    seedDemo: demo.seedDemo,
    DEMO_STEPS: steps.DEMO_STEPS,
    runSweep: sweep.runSweep,
    createTenant: tenants.createTenant,
  };
}

/** migrate, seed demo, create-user, import org, audit verify. */
export function registerFoundationCommands(program: Command): void {
  program
    .command('migrate')
    .description('apply pending database migrations (PostgreSQL: run before starting a new version)')
    .action(() =>
      withRuntime(
        async (rt) => {
          const { grantAppRole, roleOfUrl, migrateToLatest, sealUnsealedRows, assertPiiKey, sealPlainMobiles } = await load();
          const applied = await migrateToLatest(rt.db);
          console.log(applied.length ? `applied: ${applied.join(', ')}` : 'schema is up to date');
          await assertPiiKey(rt.db, rt.secretKey);
          const numbers = await sealPlainMobiles(rt.db, rt.secretKey);
          if (numbers.people || numbers.deliveries) console.log(`mobile numbers: sealed ${numbers.people} people's and ${numbers.deliveries} delivery targets stored in clear by an older version`);
          const sealed = await sealUnsealedRows(rt.db, rt.secretKey);
          if (sealed) console.log(`trace: sealed ${sealed} entries written before entries carried the server key's MAC`);
          // Run as the owner (MIGRATION_DATABASE_URL), the application's role (DATABASE_URL) gets its privileges again.
          const { databaseUrl, migrationDatabaseUrl } = loadConfig();
          const app = databaseUrl && migrationDatabaseUrl && roleOfUrl(databaseUrl) !== roleOfUrl(migrationDatabaseUrl) ? roleOfUrl(databaseUrl) : null;
          if (app) {
            await grantAppRole(rt.db, app);
            console.log(`privileges granted to the application role ${app} (on the trace: SELECT, INSERT only)`);
          }
        },
        { migrate: 'never', asOwner: true },
      ),
    );

  program
    .command('seed')
    .argument('<what>', 'what to load: demo')
    .description('load the demo tenant (郑州市二七区) unless it exists')
    .action((what: string) =>
      withRuntime(async (rt) => {
        const { DEMO_ACCOUNTS, DEMO_PASSWORD, demoExists, seedDemo, DEMO_STEPS, runSweep } = await load();
        if (what !== 'demo') throw new Error('only "demo" can be seeded');
        if (await demoExists(rt)) return console.log('the demo tenant exists already');
        await seedDemo(rt, DEMO_STEPS);
        await runSweep(rt);
        console.log(`demo tenant loaded; accounts (password ${DEMO_PASSWORD}): ${DEMO_ACCOUNTS.map((a) => a.username).join(', ')}`);
      }),
    );

  program
    .command('create-tenant')
    .description('create an empty tenant (the district or city using Duban), to create accounts in and import its organisation into')
    .requiredOption('-c, --code <code>', 'short code: lower-case letters, digits, _ or - (e.g. erqi)')
    .requiredOption('-n, --name <name>', 'full name (e.g. 郑州市二七区)')
    .option('--doc-prefix <prefix>', 'prefix of document numbers, as in 二七督〔2026〕12号 (default: from the name)')
    .action((opts: { code: string; name: string; docPrefix?: string }) =>
      withRuntime(async (rt) => {
        const { createTenant } = await load();
        const t = await createTenant(rt, { code: opts.code, name: opts.name, docPrefix: opts.docPrefix });
        console.log(`tenant ${t.code} (${t.name}, documents ${t.docPrefix}〔年〕号) created; next: npx duban create-user -u NAME -r sysadmin -t ${t.code}`);
      }),
    );

  program
    .command('create-user')
    .description('create an account; asks for its password (or reads it from stdin)')
    .requiredOption('-u, --username <name>', 'login name')
    .option('-n, --name <display>', 'display name')
    .option('-r, --roles <list>', `comma-separated roles: ${ROLES.join(', ')}`, '')
    .option('-t, --tenant <code>', 'tenant code')
    .action((opts: { username: string; name?: string; roles: string; tenant?: string }) =>
      withRuntime(async (rt) => {
        const { systemActor, inTransaction, findByUsername, hashPassword, recordTrace } = await load();
        const tenant = await resolveTenant(rt, opts.tenant);
        const roles = opts.roles.split(',').map((r) => r.trim()).filter(Boolean);
        const unknown = roles.filter((r) => !(ROLES as readonly string[]).includes(r));
        if (unknown.length) throw new Error(`unknown roles: ${unknown.join(', ')}`);
        const valid = roles.filter((r): r is Role => (ROLES as readonly string[]).includes(r));
        const conflict = roleConflict(valid);
        if (conflict) throw new Error(conflict);
        // The same rules as the API's, checked before asking for a password.
        const name = usernameSchema.safeParse(opts.username);
        if (!name.success) throw new Error(`username: ${name.error.issues.map((i) => i.message).join('；')}`);
        if (await findByUsername(rt.db, opts.username)) throw new Error(`username "${opts.username}" is taken (usernames are unique across all tenants)`);
        const password = await promptSecret(`password for ${opts.username}: `);
        const problems = passwordProblems(password, opts.username);
        if (problems.length) throw new Error(problems.join('；'));
        const hash = await hashPassword(password);
        await inTransaction(rt.db, async (trx) => {
          const row = await trx
            .insertInto('accounts')
            .values({ tenant_id: tenant.id, username: opts.username, display_name: opts.name ?? opts.username, password_hash: hash, roles: valid })
            .returning('id')
            .executeTakeFirstOrThrow();
          await recordTrace(trx, rt.clock, systemActor(tenant.id, '命令行'), {
            action: 'account.create',
            entityType: 'account',
            entityId: row.id,
            after: { username: opts.username, roles: valid },
          });
        });
        console.log(`account ${opts.username} created in ${tenant.name} with roles: ${valid.join(', ') || '(none)'}`);
      }),
    );

  program
    .command('import')
    .argument('<what>', 'what to import: org')
    .argument('<file>', 'the filled-in template (.xlsx)')
    .option('-t, --tenant <code>', 'tenant code')
    .description('import units and people from the Excel template, all or nothing')
    .action((what: string, file: string, opts: { tenant?: string }) =>
      withRuntime(async (rt) => {
        const { systemActor, importOrg } = await load();
        if (what !== 'org') throw new Error('only "org" can be imported here');
        const tenant = await resolveTenant(rt, opts.tenant);
        const summary = await importOrg(rt, systemActor(tenant.id, '命令行导入'), fs.readFileSync(file));
        console.log(`units: ${summary.units.created} created, ${summary.units.updated} updated; people: ${summary.people.created} created, ${summary.people.updated} updated`);
      }),
    );

  const audit = program.command('audit').description('the tamper-evident trace (痕迹)');
  audit
    .command('verify')
    .option('-t, --tenant <code>', 'only this tenant')
    .description('check every row of the trace chain and the external anchor; exit 2 when broken')
    .action((opts: { tenant?: string }) =>
      withRuntime(async (rt) => {
        const { verifyTrace } = await load();
        const tenant = opts.tenant ? await resolveTenant(rt, opts.tenant) : null;
        const result = await verifyTrace(rt.db, rt.anchor, rt.clock.now(), tenant?.id);
        if (result.status === 'intact') {
          console.log(`intact: ${result.rows} entries in ${result.tenants.length} tenant(s); anchors match`);
        } else {
          const b = result.firstBroken;
          console.log(`BROKEN: tenant ${b?.tenantId}, entry #${b?.seq}${b?.id ? ` (id ${b.id})` : ''}${b?.at ? ` at ${b.at}` : ''}: ${b?.reason} — ${b?.message}`);
          if (b?.reason === 'anchor_missing' || b?.reason === 'anchor_unreadable') {
            console.log(`  anchor file: ${rt.config.traceAnchorFile}. Restore it (from a backup or the copy sent off the box); once you know why it was lost, \`duban audit reset-anchor\` starts a new one.`);
          }
          process.exitCode = 2;
        }
      }),
    );

  audit
    .command('reset-anchor')
    .description('start a new anchor file from the database as it is now, after checking every chain (when the old anchor was lost)')
    .action(() =>
      withRuntime(async (rt) => {
        const { systemActor, inTransaction, recordTrace, verifyTrace } = await load();
        const chain = await verifyTrace(rt.db, rt.anchor, rt.clock.now(), undefined, { ignoreAnchor: true });
        if (chain.status !== 'intact') {
          const b = chain.firstBroken;
          console.log(`BROKEN: tenant ${b?.tenantId}, entry #${b?.seq}: ${b?.reason} — ${b?.message}; the anchor was not reset`);
          process.exitCode = 2;
          return;
        }
        await rt.anchor.reset();
        // The reset is itself on the record of every tenant, so an auditor sees when the anchor restarted.
        for (const t of chain.tenants) {
          await inTransaction(rt.db, (trx) =>
            recordTrace(trx, rt.clock, systemActor(t.tenantId, '命令行'), { action: 'trace.anchor_reset', entityType: 'trace', entityId: t.tenantId, after: { outcome: 'success', headSeq: t.headSeq } }),
          );
        }
        await rt.anchor.flush();
        console.log(`anchor reset in ${rt.config.traceAnchorFile}: ${chain.rows} entries in ${chain.tenants.length} tenant(s), chains intact`);
      }),
    );
}

import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliRunsHere, openCli, type Cli } from '../../test/cli';

let cli: Cli;
const duban = (args: string[], input?: string) => cli.run(args, input);

// A deployment without the demo (DEMO=off, as in production) must be able to get its first accounts.
describe.runIf(cliRunsHere())('duban create-tenant / create-user on an empty database', () => {
  beforeAll(async () => {
    cli = await openCli();
  });
  afterAll(() => cli.close());

  it('says how to create a tenant when there is none, creates one with its defaults, then its first admin', async () => {
    const none = await duban(['create-user', '-u', 'boss', '-r', 'sysadmin'], 'Strong@2026x\n');
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('duban create-tenant');

    const bad = await duban(['create-tenant', '-c', 'Bad Code', '-n', '']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('code:');

    const made = await duban(['create-tenant', '-c', 'jinshui', '-n', '郑州市金水区']);
    expect(made.stderr).toBe('');
    expect(made.stdout).toContain('tenant jinshui (郑州市金水区, documents 金水督〔年〕号) created');
    expect((await duban(['create-tenant', '-c', 'jinshui', '-n', '又一个'])).stderr).toContain('exists already');

    const user = await duban(['create-user', '-u', 'boss', '-n', '管理员', '-r', 'sysadmin'], 'Strong@2026x\n');
    expect(user.stderr).toBe('');
    expect(user.stdout).toContain('account boss created in 郑州市金水区 with roles: sysadmin');

    const again = await duban(['create-user', '-u', 'BOSS', '-r', 'auditor'], 'Strong@2026x\n');
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('username "BOSS" is taken');
    const badName = await duban(['create-user', '-u', '1bad', '-r', 'auditor'], 'Strong@2026x\n');
    expect(badName.code).toBe(1);
    expect(badName.stderr).toContain('用户名须以字母开头');

    const verify = await duban(['audit', 'verify']);
    expect(verify.code).toBe(0);
    expect(verify.stdout).toContain('intact: 2 entries in 1 tenant(s)');
  }, 300_000);

  // A lost anchor is a failure (exit 2), not "anchors match"; the operator re-establishes it deliberately, on the record.
  it('fails verification when the anchor file is gone, until `audit reset-anchor` starts a new one', async () => {
    fs.rmSync(path.join(cli.dataDir, 'trace-anchor.json'));
    const lost = await duban(['audit', 'verify']);
    expect(lost.code).toBe(2);
    expect(lost.stdout).toContain('anchor_missing');
    expect(lost.stdout).toContain('duban audit reset-anchor');
    const reset = await duban(['audit', 'reset-anchor']);
    expect(reset.stderr).toBe('');
    expect(reset.stdout).toContain('anchor reset');
    const renewed = await duban(['audit', 'verify']);
    expect(renewed.code).toBe(0);
    expect(renewed.stdout).toContain('intact: 3 entries in 1 tenant(s)');
  }, 300_000);
});

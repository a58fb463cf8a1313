import { describe, it, expect, beforeEach, afterEach } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditLog } from '../audit/index.js';
import { wallClock } from '../clock.js';
import { openTestDatabase } from '../store/module-schema.js';
import { AccountService } from './account-service.js';
import { TEST_ONLY_SCRYPT } from './password-hash.js';
import { runStaffCli, type StaffCliIo } from './staff-cli.js';

describe('staff-cli', () => {
  let dir: string;
  let file: string;
  let out: string[];
  let err: string[];
  const io = (env: Record<string, string>, askSecret: StaffCliIo['askSecret'] = null): StaffCliIo =>
    ({ out: (l) => out.push(l), err: (l) => err.push(l), env, askSecret, scrypt: TEST_ONLY_SCRYPT });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'staff-cli-'));
    file = join(dir, 'ward.db');
    out = [];
    err = [];
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('adds an account from the environment that can then sign in, lists and disables it', async () => {
    const add = ['add', '--db', file, '--username', 'manager.chen', '--name', 'Chen Jing', '--role', 'ward_manager', '--role', 'nurse', '--badge', 'B-1'];
    expect(await runStaffCli(add, io({ STAFF_PASSWORD: 'first-manager-pw', STAFF_PIN: '2468' }))).toBe(0);
    expect(out[0]).toBe('created manager.chen\tChen Jing\tward_manager,nurse\tbadge B-1\tPIN set\tactive');
    const db = await openTestDatabase(file);
    const accounts = new AccountService(db, { clock: wallClock });
    expect((await accounts.login('manager.chen', 'first-manager-pw')).account.roles).toEqual(['ward_manager', 'nurse']);
    expect(await accounts.verifyBadge('B-1', '2468')).toMatchObject({ ok: true });
    expect(new AuditLog(db, { clock: wallClock }).entries({ limit: 5 })[0]?.actor).toEqual({ kind: 'system', id: 'staff-cli' });
    db.close();

    expect(await runStaffCli(['add', '--db', file, '--username', 'nurse.li', '--name', 'Li Na', '--role', 'nurse'], io({ STAFF_PASSWORD: 'nurse-password-1' }))).toBe(0);
    out = [];
    expect(await runStaffCli(['list', '--db', file], io({}))).toBe(0);
    expect(out.map((l) => l.split('\t')[0])).toEqual(['manager.chen', 'nurse.li']);
    expect(await runStaffCli(['disable', '--db', file, '--username', 'nurse.li'], io({}))).toBe(0);
    expect(out.at(-1)).toMatch(/\tdisabled$/);
    expect(await runStaffCli(['disable', '--db', file, '--username', 'manager.chen'], io({}))).toBe(1);
    expect(err.join('\n')).toMatch(/last enabled ward_manager/);
  });

  it('asks for secrets on a terminal when the environment has none', async () => {
    const asked: string[] = [];
    const answers = ['typed-password-9', ''];
    const code = await runStaffCli(['add', '--db', file, '--username', 'eng.wu', '--name', 'Wu Lei', '--role', 'engineer'],
      io({}, async (q) => { asked.push(q); return answers.shift() ?? ''; }));
    expect(code).toBe(0);
    expect(asked).toHaveLength(2);
    expect(out.join('\n')).toMatch(/no PIN: this account cannot sign in at a robot/);
  });

  it('says what to do next when something is wrong', async () => {
    expect(await runStaffCli([], io({}))).toBe(2);
    expect(err.join('\n')).toMatch(/no command given\nusage:/);
    expect(await runStaffCli(['add', '--db', file, '--username', 'x.y', '--name', 'X', '--role', 'nurse'], io({}))).toBe(2);
    expect(err.at(-1)).toMatch(/set STAFF_PASSWORD .* or run in a terminal/);
    expect(await runStaffCli(['add', '--db', file, '--username', 'x.y', '--name', 'X', '--role', 'surgeon'], io({ STAFF_PASSWORD: 'short' }))).toBe(1);
    expect(err.slice(-3)).toEqual([
      'roles[0]: "surgeon" is not a role; roles are nurse, pharmacist, ward_manager, engineer',
      'password: must be at least 10 characters',
      'nothing was changed; fix the above and run again',
    ]);
    expect(await runStaffCli(['disable', '--db', file, '--username', 'ghost'], io({}))).toBe(1);
    expect(err.at(-1)).toBe(`no staff account "ghost"; see the accounts with: staff-cli list --db ${file}`);
    expect(await runStaffCli(['list', '--db', file, '--verbose'], io({}))).toBe(2);
  });
});

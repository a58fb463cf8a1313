// Staff accounts from the command line, for the first ward manager and for recovery:
//   tsx brain/auth/staff-cli.ts add --db ward.db --username nurse.li --name "Li Na" --role nurse [--role ...] [--badge B-1001]
//   tsx brain/auth/staff-cli.ts list --db ward.db
//   tsx brain/auth/staff-cli.ts disable --db ward.db --username nurse.li
// Secrets never go on the command line (shell history, ps): STAFF_PASSWORD and STAFF_PIN, or asked on a terminal.
import { pathToFileURL } from 'node:url';
import { createInterface } from 'node:readline';
import Sqlite from 'better-sqlite3';
import { STAFF_ROLES, type StaffRole } from '../../robot/index.js';
import { AuditLog } from '../audit/index.js';
import { wallClock } from '../clock.js';
import { AccountService } from './account-service.js';
import { AccountConflict, AccountInputError, AccountNotFound, type Account } from './account-types.js';
import { MIN_PASSWORD_LENGTH } from './account-rules.js';
import type { ScryptParams } from './password-hash.js';

export interface StaffCliIo {
  out(line: string): void;
  err(line: string): void;
  env: Record<string, string | undefined>;
  /** Asks for a secret without echoing it; null when there is no terminal to ask on. */
  askSecret: ((question: string) => Promise<string>) | null;
  /** Tests only: a cheaper hash (see TEST_ONLY_SCRYPT). */
  scrypt?: ScryptParams;
}

const USAGE = `usage:
  staff-cli add --db FILE --username USER --name "NAME" --role ROLE [--role ROLE ...] [--badge BADGE]
      password from STAFF_PASSWORD, PIN from STAFF_PIN (asked on a terminal when not set)
  staff-cli list --db FILE
  staff-cli disable --db FILE --username USER
roles: ${STAFF_ROLES.join(', ')}`;

const CLI_ACTOR = { kind: 'system', id: 'staff-cli' } as const;

interface Parsed { command: string; db?: string; username?: string; name?: string; roles: string[]; badge?: string }

function parse(args: readonly string[]): Parsed | string {
  const [command, ...rest] = args;
  if (!command || !['add', 'list', 'disable'].includes(command)) return command ? `unknown command "${command}"` : 'no command given';
  const p: Parsed = { command, roles: [] };
  for (let i = 0; i < rest.length; i++) {
    const flag = rest[i] as string;
    const value = rest[i + 1];
    if (!['--db', '--username', '--name', '--role', '--badge'].includes(flag)) return `unknown option "${flag}"`;
    if (value === undefined || value.startsWith('--')) return `${flag} needs a value`;
    i++;
    if (flag === '--role') p.roles.push(value);
    else p[flag.slice(2) as 'db' | 'username' | 'name' | 'badge'] = value;
  }
  if (!p.db) return '--db FILE is missing (the brain\'s database, its --db option)';
  if (command !== 'list' && !p.username) return '--username is missing';
  if (command === 'add' && !p.name) return '--name is missing';
  if (command === 'add' && p.roles.length === 0) return `--role is missing (one or more of ${STAFF_ROLES.join(', ')})`;
  return p;
}

function describe(a: Account): string {
  const state = a.disabled ? 'disabled' : a.lockedUntilMs ? `locked until ${new Date(a.lockedUntilMs).toISOString()}` : 'active';
  return `${a.username}\t${a.name}\t${a.roles.join(',')}\tbadge ${a.badge ?? '-'}\tPIN ${a.hasPin ? 'set' : 'not set'}\t${state}`;
}

export async function runStaffCli(args: readonly string[], io: StaffCliIo): Promise<number> {
  const parsed = parse(args);
  if (typeof parsed === 'string') {
    io.err(`${parsed}\n${USAGE}`);
    return 2;
  }
  let db: Sqlite.Database;
  try {
    db = new Sqlite(parsed.db as string);
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
  } catch (err) {
    io.err(`${parsed.db}: cannot open as SQLite (${(err as Error).message}); give the brain's database file`);
    return 2;
  }
  try {
    const audit = new AuditLog(db, { clock: wallClock });
    const accounts = new AccountService(db, { clock: wallClock, audit, ...(io.scrypt ? { scrypt: io.scrypt } : {}) });
    if (parsed.command === 'list') {
      const all = accounts.accounts();
      if (all.length === 0) io.out('no staff accounts yet; create the first ward manager with: staff-cli add ... --role ward_manager');
      for (const a of all) io.out(describe(a));
      return 0;
    }
    const username = parsed.username as string;
    if (parsed.command === 'disable') {
      io.out(describe(await accounts.disable(username, { by: CLI_ACTOR })));
      return 0;
    }
    const password = io.env.STAFF_PASSWORD ?? (io.askSecret ? await io.askSecret(`password for ${username} (at least ${MIN_PASSWORD_LENGTH} characters): `) : undefined);
    if (password === undefined) {
      io.err(`no password: set STAFF_PASSWORD (at least ${MIN_PASSWORD_LENGTH} characters), or run in a terminal to be asked`);
      return 2;
    }
    let pin = io.env.STAFF_PIN ?? (io.askSecret ? await io.askSecret('PIN for signing in at a robot (4-8 digits, empty for none): ') : undefined);
    if (pin === '') pin = undefined;
    const account = await accounts.createAccount({
      username, name: parsed.name as string, roles: parsed.roles as StaffRole[], password, badge: parsed.badge ?? null, pin: pin ?? null,
    }, { by: CLI_ACTOR });
    io.out(`created ${describe(account)}`);
    if (!account.hasPin) io.out('no PIN: this account cannot sign in at a robot until a PIN is set (STAFF_PIN, or PATCH /api/staff/:username)');
    return 0;
  } catch (err) {
    if (err instanceof AccountInputError) {
      for (const p of err.problems) io.err(`${p.field}: ${p.detail}`);
      io.err('nothing was changed; fix the above and run again');
      return 1;
    }
    if (err instanceof AccountNotFound) {
      io.err(`${err.message}; see the accounts with: staff-cli list --db ${parsed.db}`);
      return 1;
    }
    if (err instanceof AccountConflict) {
      io.err(`${err.message}; nothing was changed`);
      return 1;
    }
    throw err;
  } finally {
    db.close();
  }
}

function askOnTerminal(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  // Echo the question but not what is typed.
  const writer = rl as unknown as { _writeToOutput: (s: string) => void };
  let asked = false;
  writer._writeToOutput = (s: string) => {
    if (!asked) { process.stdout.write(s); asked = true; }
  };
  return new Promise((resolve) => rl.question(question, (answer) => {
    rl.close();
    process.stdout.write('\n');
    resolve(answer);
  }));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runStaffCli(process.argv.slice(2), {
    out: (l) => console.log(l), err: (l) => console.error(l), env: process.env,
    askSecret: process.stdin.isTTY ? askOnTerminal : null,
  }).then((code) => { process.exitCode = code; }, (err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}

// Checks a brain database's audit chain from the command line (for an auditor, or cron):
//   tsx brain/audit/verify-cli.ts --db ward.db [--json]
// Exit code 0: intact; 1: broken (the first broken seq is printed); 2: usage or file problem.
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import Sqlite from 'better-sqlite3';
import { verifyAuditChain } from './verify-chain.js';

export interface CliOutput {
  out(line: string): void;
  err(line: string): void;
}

const USAGE = 'usage: verify-cli --db FILE [--json]   (FILE is the brain\'s SQLite database, its --db option)';

export function runVerifyCli(args: readonly string[], io: CliOutput): number {
  let file: string | undefined;
  let json = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '--db') file = args[++i];
    else if (a.startsWith('--db=')) file = a.slice('--db='.length);
    else if (a === '--json') json = true;
    else if (a === '--help' || a === '-h') { io.out(USAGE); return 2; }
    else { io.err(`unknown argument "${a}"\n${USAGE}`); return 2; }
  }
  if (!file) { io.err(`--db FILE is missing\n${USAGE}`); return 2; }
  if (!existsSync(file)) { io.err(`${file}: no such file; give the database the brain runs with (its --db option, default ./ward.db)`); return 2; }
  let db: Sqlite.Database;
  try {
    db = new Sqlite(file, { readonly: true, fileMustExist: true });
  } catch (err) {
    io.err(`${file}: cannot open as SQLite (${(err as Error).message})`);
    return 2;
  }
  try {
    const table = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'audit_log'").get();
    if (!table) { io.err(`${file}: has no audit log (no audit_log table); is this the brain's database?`); return 2; }
    const report = verifyAuditChain(db);
    if (json) io.out(JSON.stringify(report));
    else if (report.ok) io.out(`audit log intact: ${report.entries} entries`);
    else io.out(`audit log BROKEN at seq ${report.firstBroken?.seq}: ${report.firstBroken?.reason} (${report.entries} entries)`);
    return report.ok ? 0 : 1;
  } catch (err) {
    io.err(`${file}: could not read the audit log (${(err as Error).message})`);
    return 2;
  } finally {
    db.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = runVerifyCli(process.argv.slice(2), { out: (l) => console.log(l), err: (l) => console.error(l) });
}

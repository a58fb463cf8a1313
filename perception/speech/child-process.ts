// Runs an engine as a child process that is always reaped: on abort or timeout it is killed, and the
// caller learns which of the two it was. A missing executable is named with what to install.
import { spawn } from 'node:child_process';
import { SpeechRecognitionError } from './recognizer.js';

export interface RunOptions {
  signal?: AbortSignal;
  timeoutMs: number;
  /** Said when the executable is missing, e.g. "apt-get install pocketsphinx". */
  install: string;
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function abortError(signal: AbortSignal | undefined): Error {
  const reason: unknown = signal?.reason;
  if (reason instanceof Error) return reason;
  const e = new Error('recognition aborted');
  e.name = 'AbortError';
  return e;
}

export function runEngine(command: string, args: readonly string[], opts: RunOptions): Promise<RunResult> {
  if (opts.signal?.aborted) return Promise.reject(abortError(opts.signal));
  return new Promise<RunResult>((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      fn();
    };
    const onAbort = () => {
      child.kill('SIGKILL');
      finish(() => reject(abortError(opts.signal)));
    };
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      finish(() => reject(new SpeechRecognitionError(`${command} took longer than ${opts.timeoutMs} ms and was stopped`)));
    }, opts.timeoutMs);
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e: NodeJS.ErrnoException) => {
      finish(() => reject(e.code === 'ENOENT' ? new SpeechRecognitionError(`${command} is not installed: ${opts.install}`) : e));
    });
    child.on('close', (code) => {
      finish(() => resolve({ code: code ?? -1, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() }));
    });
  });
}

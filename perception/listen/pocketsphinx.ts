// Offline wake word: CMU pocketsphinx keyword spotting (Debian `pocketsphinx` + `pocketsphinx-en-us`,
// BSD licence) as a child process fed raw 16 kHz audio on stdin.
//
// Two traps, measured: pocketsphinx_continuous cannot open /dev/stdin when Node's stdin is a socket
// (it exits 1), so a shell's `cat |` turns it into a pipe; and it spots nothing on digitally silent
// audio, which a real microphone never gives (synthetic test audio needs a noise floor). The shell,
// cat and the engine share a process group of their own, ended together. It reports a
// phrase when its own VAD closes the utterance, so a detection arrives 0.3–1 s after the phrase, or at
// the end of a longer sentence; `-time yes` tells where in the stream the phrase was.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { accessSync, constants, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { constants as os, tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { int16ToBytes, type Pcm } from '../audio/pcm.js';
import { normalizePhrase, phraseDictionary, plainPhrase, type Accent, type ExtraDictionary } from './pronunciation.js';
import { StreamResampler } from './stream-resampler.js';
import { WakeWordConfigError, WakeWordEvents, WakeWordFailure, type WakeWordDetection, type WakeWordDetector } from './wake-word.js';

export const POCKETSPHINX_MODEL_DIR = '/usr/share/pocketsphinx/model/en-us/en-us';
export const POCKETSPHINX_DICTIONARY = '/usr/share/pocketsphinx/model/en-us/cmudict-en-us.dict';
export const DEFAULT_WAKE_PHRASE = 'hello robot';
/** kws_threshold: lower hears more (and more falsely). Chosen on the synthesized ward test set. */
export const DEFAULT_POCKETSPHINX_THRESHOLD = 1e-35;

export interface PocketsphinxWakeWordOptions {
  /** Default "hello robot". Every word must be in the dictionary or in extraDictionary. */
  phrase?: string;
  /** Keyword-spotting threshold, 1e-50 … 1 (default 1e-35); lower detects more and falsely alarms more. */
  threshold?: number;
  extraDictionary?: ExtraDictionary;
  /** Ways of saying the phrase to spot (default us and gb: see pronunciation.ts). */
  accents?: Accent[];
  /** The executable (default pocketsphinx_continuous on PATH). */
  command?: string;
  /** Acoustic model directory (default the Debian en-us model). */
  modelDir?: string;
  /** Pronunciation dictionary (default the CMU dictionary of the Debian model). */
  dictionary?: string;
  /**
   * Seconds of audio the engine may fall behind before it counts as stuck and is stopped with a
   * failure (default 30; the engine needs about 3% of real time). Infinity for feeding a recording
   * faster than real time.
   */
  maxBacklogS?: number;
}

const SPEECH_RATE = 16_000;

function onPath(command: string): string | undefined {
  const candidates = command.includes('/') ? [command] : (process.env.PATH ?? '').split(delimiter).filter(Boolean).map((d) => join(d, command));
  for (const c of candidates) {
    try {
      accessSync(c, constants.X_OK);
      return c;
    } catch { /* next */ }
  }
  return undefined;
}

/** The shell reports a signal that ended the engine as 128 + its number. */
function howItEnded(code: number | null, signal: NodeJS.Signals | null): string {
  const sig = signal ?? (code !== null && code > 128 ? Object.entries(os.signals).find(([, n]) => n === code - 128)?.[0] : undefined);
  if (sig) return `was killed (${sig})`;
  return `exited with code ${code}`;
}

export class PocketsphinxWakeWord implements WakeWordDetector {
  readonly engine = 'pocketsphinx';
  readonly description: string;
  private readonly events = new WakeWordEvents();
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly exited: Promise<void>;
  private resampler: StreamResampler | undefined;
  private fedSamples = 0;
  private stopping = false;
  private done = false;
  private lineRest = '';
  private lastEndS = -Infinity;
  private readonly stderrTail: string[] = [];
  private failure: WakeWordFailure | undefined;

  private constructor(readonly phrase: string, readonly threshold: number, private readonly command: string, args: string[], private readonly tempDir: string, private readonly maxBacklogS: number) {
    this.description = `wake word: pocketsphinx (offline) listening for "${phrase}", threshold ${threshold.toExponential(0)}`;
    // `cat |` gives pocketsphinx a pipe it can open as /dev/stdin. cat runs in the background (its
    // stdin passed on fd 3, as a background job's own stdin would be /dev/null) so that the shell ends
    // with the engine and says how, instead of waiting for cat. The shell leads a process group of
    // its own: a signal to the group reaches the engine and cat too.
    this.child = spawn('sh', ['-c', '{ cat <&3 & } 3<&0 | "$0" "$@"', command, ...args], { stdio: ['pipe', 'pipe', 'pipe'], detached: true });
    this.child.stdout.setEncoding('utf8');
    this.child.stdout.on('data', (text: string) => this.read(text));
    this.child.stderr.setEncoding('utf8');
    this.child.stderr.on('data', (text: string) => {
      for (const line of text.split('\n')) if (/^(ERROR|FATAL)/.test(line)) this.stderrTail.push(line.trim());
      this.stderrTail.splice(0, Math.max(0, this.stderrTail.length - 5));
    });
    // A write after the engine died is reported by the exit, not by a crash of the robot's node.
    this.child.stdin.on('error', () => undefined);
    this.exited = new Promise((resolve) => {
      this.child.once('error', (e) => {
        this.done = true;
        this.fail(`could not start sh for ${command}: ${e.message}`);
        rmSync(this.tempDir, { recursive: true, force: true });
        resolve();
      });
      this.child.once('exit', (code, signal) => {
        this.done = true;
        if (!this.stopping || (code !== 0 && signal === null)) this.fail(`${command} ${howItEnded(code, signal)}`);
        // Whatever of the group outlived the shell (cat, or the engine when the shell was killed) goes too.
        this.signalGroup('SIGKILL');
        this.child.stdin.destroy();
      });
      this.child.once('close', () => {
        if (this.lineRest) this.read('\n');
        rmSync(this.tempDir, { recursive: true, force: true });
        resolve();
      });
    });
  }

  /** Checks the installation and the phrase, then starts the engine. Throws WakeWordConfigError naming what to fix. */
  static start(opts: PocketsphinxWakeWordOptions = {}): PocketsphinxWakeWord {
    const words = normalizePhrase(opts.phrase ?? DEFAULT_WAKE_PHRASE);
    const threshold = opts.threshold ?? DEFAULT_POCKETSPHINX_THRESHOLD;
    if (typeof threshold !== 'number' || !(threshold > 0 && threshold <= 1)) {
      throw new WakeWordConfigError(`threshold: ${String(threshold)} is not a number in (0, 1]; pocketsphinx thresholds are like 1e-20 (fewer false alarms) to 1e-40 (more detections)`);
    }
    const command = opts.command ?? 'pocketsphinx_continuous';
    const binary = onPath(command);
    if (!binary) throw new WakeWordConfigError(`${command} is not installed: apt-get install pocketsphinx pocketsphinx-en-us (or configure Porcupine with a Picovoice AccessKey)`);
    const modelDir = opts.modelDir ?? POCKETSPHINX_MODEL_DIR;
    if (!existsSync(join(modelDir, 'mdef'))) throw new WakeWordConfigError(`modelDir: no pocketsphinx acoustic model at ${modelDir}: apt-get install pocketsphinx-en-us or set modelDir`);
    const maxBacklogS = opts.maxBacklogS ?? 30;
    if (typeof maxBacklogS !== 'number' || !(maxBacklogS > 0)) throw new WakeWordConfigError(`maxBacklogS: ${String(maxBacklogS)} is not a number of seconds > 0`);
    const dict = phraseDictionary(words, opts.dictionary ?? POCKETSPHINX_DICTIONARY, opts.extraDictionary, opts.accents);
    const tempDir = mkdtempSync(join(tmpdir(), 'wake-word-'));
    const dictFile = join(tempDir, 'phrase.dict');
    const kwsFile = join(tempDir, 'phrase.kws');
    writeFileSync(dictFile, dict.text);
    writeFileSync(kwsFile, dict.keyphrases.map((k) => `${k} /${threshold.toExponential()}/\n`).join(''));
    const phrase = words.join(' ');
    const args = ['-infile', '/dev/stdin', '-samprate', String(SPEECH_RATE), '-hmm', modelDir, '-dict', dictFile, '-kws', kwsFile, '-time', 'yes'];
    return new PocketsphinxWakeWord(phrase, threshold, binary, args, tempDir, maxBacklogS);
  }

  /** While it runs: the id of the shell that leads the process group of the engine and cat. */
  get pid(): number | undefined { return this.done ? undefined : this.child.pid; }
  get running(): boolean { return !this.done; }
  /** Seconds of 16 kHz audio given to the engine. */
  get fedS(): number { return this.fedSamples / SPEECH_RATE; }

  feed(pcm: Pcm): void {
    if (this.done || this.stopping) return;
    let samples = pcm.samples;
    if (pcm.sampleRate !== SPEECH_RATE) {
      if (this.resampler?.fromRate !== pcm.sampleRate) this.resampler = new StreamResampler(pcm.sampleRate, SPEECH_RATE);
      samples = this.resampler.push(samples).samples;
    }
    if (!samples.length) return;
    // Audio the engine has not taken yet waits in this process; a stuck engine must not grow it forever.
    const backlogS = this.child.stdin.writableLength / 2 / SPEECH_RATE;
    if (backlogS > this.maxBacklogS) {
      this.stopping = true;
      this.fail(`${this.command} fell ${Math.round(backlogS)} s of audio behind the microphone (stuck, or starved of CPU)`);
      this.signalGroup('SIGKILL');
      return;
    }
    this.fedSamples += samples.length;
    this.child.stdin.write(int16ToBytes(samples));
  }

  onDetection(listener: (d: WakeWordDetection) => void): () => void { return this.events.onDetection(listener); }
  onFailure(listener: (err: WakeWordFailure) => void): () => void { return this.events.onFailure(listener); }

  async finish(): Promise<void> {
    this.stopping = true;
    if (!this.done) this.child.stdin.end();
    await this.exited;
    if (this.failure) throw this.failure;
  }

  async close(): Promise<void> {
    this.stopping = true;
    if (!this.done) {
      this.child.stdin.destroy();
      this.signalGroup('SIGTERM');
      const killer = setTimeout(() => this.signalGroup('SIGKILL'), 2000);
      await this.exited;
      clearTimeout(killer);
    }
    await this.exited;
  }

  private signalGroup(signal: NodeJS.Signals): void {
    if (!this.child.pid) return;
    try {
      process.kill(-this.child.pid, signal);
    } catch { /* the group is gone already */ }
  }

  private read(text: string): void {
    const lines = (this.lineRest + text).split('\n');
    this.lineRest = lines.pop() ?? '';
    for (const line of lines) {
      // With -time yes each spotted phrase is "<phrase> <start s> <end s> <posterior>"; the bare
      // hypothesis line before it carries no time and is skipped.
      const m = /^(.+?)\s+(\d+\.\d+)\s+(\d+\.\d+)\s+([\d.eE+-]+)\s*$/.exec(line.trim());
      if (!m || plainPhrase(m[1]!) !== this.phrase) continue;
      const startS = Number(m[2]);
      const endS = Math.min(Number(m[3]), this.fedS);
      // Several ways of saying the phrase may be spotted on the same words: one detection.
      if (startS <= this.lastEndS + 0.5) continue;
      this.lastEndS = endS;
      const confidence = Math.max(0, Math.min(1, Number(m[4])));
      this.events.detected({ phrase: this.phrase, engine: this.engine, atS: endS, confidence: Number.isFinite(confidence) ? confidence : 1 });
    }
  }

  private fail(why: string): void {
    const said = this.stderrTail.length ? `: ${this.stderrTail.join(' | ')}` : '';
    this.failure ??= new WakeWordFailure(`wake word engine pocketsphinx stopped: ${why}${said}; wake word detection is off until it is restarted`);
    this.events.fail(this.failure);
  }
}

import { describe, it, expect, afterEach, beforeAll } from '@jest/globals';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { atLevel, chunksOf, concatPcm, EspeakSynthesizer, silence, SPEECH_RATE, type Pcm } from '../index.js';
import {
  createWakeWordDetector, wakeWordStarter, phraseOfKeywordFile, PICOVOICE_KEY_ENV, PocketsphinxWakeWord, PorcupineWakeWord, readablePorcupineError,
  WakeWordConfigError, WakeWordFailure, type WakeWordDetection, type WakeWordDetector,
} from './index.js';
import { until } from '../../test/until.js';
import { resampleClip } from './stream-resampler.js';
import { roomNoise, seededRandom } from './wake-word-test-set.js';
import { alive } from './test-processes.js';

/** Speech plus noise, clipped (one local Math: global lookups per sample are slow under Jest). */
const { max, min } = Math;
const mixIn = (a: Int16Array, b: Int16Array) => a.map((s, i) => max(-32768, min(32767, s + b[i]!)));

const say = async (text: string, voice = 'en-us'): Promise<Pcm> =>
  atLevel(resampleClip(await new EspeakSynthesizer({ voices: { en: voice } }).synthesize(text, 'en'), SPEECH_RATE), -22);
const inRoom = (parts: Pcm[], seed: number): Pcm => {
  const clean = concatPcm(parts);
  const noise = roomNoise(clean.samples.length, -45, seededRandom(seed));
  return { sampleRate: SPEECH_RATE, samples: mixIn(clean.samples, noise.samples) };
};
/** Live processes of a process group (Linux /proc), with their command lines. */
const groupOf = (pgid: number): { pid: number; cmd: string }[] => {
  const found: { pid: number; cmd: string }[] = [];
  for (const name of readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) === pgid && fields[0] !== 'Z') found.push({ pid: Number(name), cmd: readFileSync(`/proc/${name}/cmdline`, 'utf8').replace(/\0/g, ' ').trim() });
    } catch { /* gone meanwhile */ }
  }
  return found;
};
/** Feeds the audio as a microphone would (100 ms chunks), then waits for the engine to hear all of it. */
async function listen(detector: WakeWordDetector, pcm: Pcm): Promise<WakeWordDetection[]> {
  const got: WakeWordDetection[] = [];
  detector.onDetection((d) => got.push(d));
  for (const c of chunksOf(pcm, 100)) detector.feed(c);
  await detector.finish();
  return got;
}

describe('wake word: pocketsphinx keyword spotting', () => {
  const open: WakeWordDetector[] = [];
  afterEach(async () => { for (const d of open.splice(0)) await d.close(); });
  const start = (opts = {}) => {
    const d = PocketsphinxWakeWord.start(opts);
    open.push(d);
    return d;
  };
  let phraseAt: [number, number];
  let track: Pcm;

  beforeAll(async () => {
    const phrase = await say('hello robot');
    phraseAt = [2, 2 + phrase.samples.length / SPEECH_RATE];
    track = inRoom([silence(2), phrase, silence(1.5), await say('Would you like some water?'), silence(1.5)], 1);
  });

  it('hears "hello robot" where it was said, and nothing in the sentence after it', async () => {
    const d = start();
    expect(d.description).toBe('wake word: pocketsphinx (offline) listening for "hello robot", threshold 1e-35');
    const got = await listen(d, track);
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject({ phrase: 'hello robot', engine: 'pocketsphinx' });
    expect(got[0]!.atS).toBeGreaterThan(phraseAt[0]);
    expect(got[0]!.atS).toBeLessThan(phraseAt[1] + 0.3);
    expect(got[0]!.confidence).toBeGreaterThan(0);
    expect(got[0]!.confidence).toBeLessThanOrEqual(1);
  });

  it('takes espeak-ng\'s 22,050 Hz audio as it comes, resampling the stream itself', async () => {
    const raw = await new EspeakSynthesizer().synthesize('hello robot', 'en');
    const noisy = resampleClip(inRoom([silence(1.5), resampleClip(raw, SPEECH_RATE), silence(1.5)], 2), 22_050);
    expect(await listen(start(), noisy)).toHaveLength(1);
  });

  it('spots a configured phrase with a word the dictionary lacks, once its phonemes are given', async () => {
    const opts = { phrase: 'hello zorba', extraDictionary: { zorba: 'Z AO R B AH' } };
    const track2 = inRoom([silence(1.5), await say('hello zorba'), silence(1.5), await say('hello robot'), silence(1.5)], 3);
    const got = await listen(start(opts), track2);
    expect(got.map((g) => g.phrase)).toEqual(['hello zorba']);
  });

  it('says which word is missing from the dictionary and how to give its phonemes', () => {
    let err: unknown;
    try {
      PocketsphinxWakeWord.start({ phrase: 'hello zorba' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(WakeWordConfigError);
    expect((err as Error).message).toMatch(/"zorba" is not in the pocketsphinx dictionary/);
    expect((err as Error).message).toMatch(/extraDictionary: \{ "zorba": "<phonemes>" \}/);
    expect((err as Error).message).toMatch(/\(AA AE AH .* ZH\)/);
    expect(() => PocketsphinxWakeWord.start({ phrase: 'hello zorba', extraDictionary: { zorba: 'Z Q R B AH' } })).toThrow(/extraDictionary\.zorba: phoneme "Q"/);
  });

  it('refuses a bad phrase, threshold, model or missing program by name, saying what to do', () => {
    expect(() => PocketsphinxWakeWord.start({ phrase: 'hello r2d2' })).toThrow(/phrase: "r2d2"/);
    expect(() => PocketsphinxWakeWord.start({ phrase: '' })).toThrow(/phrase/);
    expect(() => PocketsphinxWakeWord.start({ threshold: 0 })).toThrow(/threshold: 0 /);
    expect(() => PocketsphinxWakeWord.start({ threshold: 'low' as unknown as number })).toThrow(/threshold/);
    expect(() => PocketsphinxWakeWord.start({ modelDir: '/nonexistent' })).toThrow(/modelDir: .*apt-get install pocketsphinx-en-us/);
    expect(() => PocketsphinxWakeWord.start({ command: 'pocketsphinx-not-installed' })).toThrow(/pocketsphinx-not-installed is not installed: apt-get install pocketsphinx/);
  });

  it('reports the engine\'s death plainly, and feeding it afterwards is harmless', async () => {
    const d = start();
    const failures: WakeWordFailure[] = [];
    d.onFailure((e) => failures.push(e));
    d.feed(silence(0.5));
    const group = d.pid!;
    const engine = await until('the engine process', () => groupOf(group).find((c) => c.cmd.startsWith('/usr/bin/pocketsphinx_continuous')), 10_000);
    process.kill(engine.pid, 'SIGKILL');
    await until('the failure report', () => failures.length > 0, 10_000);
    expect(failures[0]!.message).toMatch(/^wake word engine pocketsphinx stopped: .*pocketsphinx_continuous was killed \(SIGKILL\); wake word detection is off until it is restarted$/);
    expect(() => d.feed(silence(0.5))).not.toThrow();
    // Told to a listener that comes late, too; and nothing of the group is left.
    const late: WakeWordFailure[] = [];
    d.onFailure((e) => late.push(e));
    await until('the late listener told', () => late.length === 1, 2000);
    await until('the group gone', () => groupOf(group).length === 0, 5000);
  });

  it('stops an engine that stopped taking audio, instead of holding the microphone\'s audio for it forever', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stuck-engine-'));
    const stuck = join(dir, 'stuck-engine');
    writeFileSync(stuck, '#!/bin/sh\nexec sleep 60\n', { mode: 0o755 });
    try {
      const d = start({ command: stuck, maxBacklogS: 1 });
      const failures: WakeWordFailure[] = [];
      d.onFailure((e) => failures.push(e));
      for (let i = 0; i < 60 && failures.length === 0; i++) {
        d.feed(silence(1));
        await new Promise((r) => setImmediate(r));
      }
      expect(failures[0]?.message).toMatch(/stuck-engine fell \d+ s of audio behind the microphone \(stuck, or starved of CPU\); wake word detection is off/);
      await d.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(() => PocketsphinxWakeWord.start({ maxBacklogS: 0 })).toThrow(/maxBacklogS/);
  });

  it('ends the shell, cat and the engine on close, and nothing is left running', async () => {
    const d = start();
    d.feed(track);
    const group = d.pid!;
    const members = await until('the shell, cat and the engine', () => {
      const g = groupOf(group);
      return g.some((m) => m.cmd === 'cat') && g.some((m) => m.cmd.includes('pocketsphinx_continuous -infile')) ? g : undefined;
    }, 10_000);
    const failures: WakeWordFailure[] = [];
    d.onFailure((e) => failures.push(e));
    await d.close();
    expect(d.running).toBe(false);
    expect(members.length).toBe(3);
    await until('the group gone', () => groupOf(group).length === 0, 5000);
    expect(failures).toEqual([]);
  });
});

describe('wake word: Porcupine (with a Picovoice AccessKey)', () => {
  it('without a key, says what to set', async () => {
    await expect(PorcupineWakeWord.start({}, {})).rejects.toThrow(WakeWordConfigError);
    await expect(PorcupineWakeWord.start({}, {})).rejects.toThrow(`set ${PICOVOICE_KEY_ENV}`);
  });

  it('with a key Picovoice did not issue, says the key is invalid in plain words and never echoes it', async () => {
    const key = 'A'.repeat(40) + 'fake+key/for/tests==';
    let message = '';
    try {
      await PorcupineWakeWord.start({ accessKey: key, keyword: 'computer' }, {});
    } catch (e) {
      expect(e).toBeInstanceOf(WakeWordConfigError);
      message = (e as Error).message;
    }
    expect(message).toMatch(/^Porcupine did not start: .*AccessKey is invalid.*; check PICOVOICE_ACCESS_KEY/);
    expect(message).not.toContain(key);
    expect(message).not.toMatch(/0000[0-9A-F]{4}:/);
  }, 20_000);

  it('names the built-in keywords when asked for one it lacks, and checks the sensitivity', async () => {
    await expect(PorcupineWakeWord.start({ accessKey: 'x', keyword: 'hello robot' }, {})).rejects.toThrow(/porcupine\.keyword: "hello robot" is not a built-in keyword \(.*computer.*\); .*keywordPath/);
    await expect(PorcupineWakeWord.start({ accessKey: 'x', sensitivity: 2 }, {})).rejects.toThrow(/porcupine\.sensitivity/);
  });

  it('names the phrase of a custom keyword file after the file', () => {
    expect(phraseOfKeywordFile('/etc/ward/hello-robot_en_linux_v3_0_0.ppn')).toBe('hello robot');
    expect(phraseOfKeywordFile('/x/hey siri_linux.ppn')).toBe('hey siri');
  });

  it('makes a Porcupine error readable', () => {
    const err = { message: 'Porcupine failed to initialize: \n  [0] 5fe5c79 000001C3: AccessKey is invalid.', messageStack: ['5fe5c79 000001C3: AccessKey is invalid.', '5fe5c79 00000190: Failed to parse AccessKey `sekret`.', '5fe5c79 00000136: ee6ef30'] };
    expect(readablePorcupineError(err, 'sekret')).toBe('Porcupine failed to initialize: AccessKey is invalid. Failed to parse AccessKey `<key>`.');
  });
});

describe('wake word engine choice', () => {
  const open: WakeWordDetector[] = [];
  afterEach(async () => { for (const d of open.splice(0)) await d.close(); });

  it('runs pocketsphinx offline when no key is configured, and says how to get Porcupine', async () => {
    const { detector, banner, notices } = await createWakeWordDetector({}, {});
    open.push(detector);
    expect(detector.engine).toBe('pocketsphinx');
    expect(banner).toBe(`wake word: pocketsphinx (offline) listening for "hello robot", threshold 1e-35 (for Porcupine set ${PICOVOICE_KEY_ENV})`);
    expect(notices).toEqual([]);
  });

  it('asked for Porcupine without a key: says what to set and that the offline wake word is in use', async () => {
    const { detector, banner, notices } = await createWakeWordDetector({ engine: 'porcupine', phrase: 'hello robot' }, {});
    open.push(detector);
    expect(detector.engine).toBe('pocketsphinx');
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(new RegExp(`set ${PICOVOICE_KEY_ENV}.*The offline wake word \\(pocketsphinx\\) is in use\\.$`));
    expect(banner).toMatch(/^wake word: pocketsphinx .*Porcupine could not start/);
  });

  it('with a key in the environment tries Porcupine first, and falls back offline when the key is refused', async () => {
    const { detector, notices } = await createWakeWordDetector({ porcupine: { keyword: 'computer' } }, { [PICOVOICE_KEY_ENV]: 'B'.repeat(56) + '==' });
    open.push(detector);
    expect(detector.engine).toBe('pocketsphinx');
    expect(notices[0]).toMatch(/AccessKey is invalid.*The offline wake word \(pocketsphinx\) is in use/);
  }, 20_000);

  it('gives the listen node a starter that tells why Porcupine is not in use', async () => {
    const notices: string[] = [];
    const detector = await wakeWordStarter({ engine: 'porcupine' }, (n) => notices.push(n), {})();
    open.push(detector);
    expect(detector.engine).toBe('pocketsphinx');
    expect(notices).toEqual([expect.stringMatching(/set PICOVOICE_ACCESS_KEY.*pocketsphinx\) is in use/)]);
  });

  it('refuses an unknown engine by name', async () => {
    await expect(createWakeWordDetector({ engine: 'alexa' as 'auto' }, {})).rejects.toThrow(/engine: "alexa"/);
  });

  it('leaves no temporary dictionary behind', async () => {
    const { detector } = await createWakeWordDetector({ engine: 'pocketsphinx' }, {});
    const pid = (detector as PocketsphinxWakeWord).pid!;
    const dir = (detector as unknown as { tempDir: string }).tempDir;
    expect(existsSync(dir)).toBe(true);
    await detector.close();
    expect(alive(pid)).toBe(false);
    expect(existsSync(dir)).toBe(false);
  });
});

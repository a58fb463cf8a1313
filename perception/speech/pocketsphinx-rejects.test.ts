// What pocketsphinx must not pretend to hear: coughs, tones, clicks, babble, silence, Mandarin; and how
// it fails when it cannot run at all.
import { describe, it, expect } from '@jest/globals';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { concatPcm, silence, SPEECH_RATE, type Pcm } from '../audio/pcm.js';
import { addNoise, atLevel } from '../audio/mix.js';
import { resample } from '../audio/resample.js';
import { EspeakSynthesizer } from '../tts/espeak.js';
import { PocketsphinxRecognizer } from './pocketsphinx.js';
import { SpeechRecognitionError, type RecognitionHint } from './recognizer.js';
import { seededRandom, synthesizeUtterance } from './synthetic-speech.js';

const random = seededRandom(77);
const R = SPEECH_RATE;
const tone = (hz: number, s: number): Pcm => {
  const x = new Int16Array(Math.round(s * R));
  for (let i = 0; i < x.length; i++) x[i] = Math.round(6000 * Math.sin((2 * Math.PI * hz * i) / R));
  return { sampleRate: R, samples: x };
};
const clicks = (): Pcm => {
  const x = new Int16Array(R);
  for (let k = 0; k < 6; k++) for (let i = 0; i < 300; i++) x[k * 2500 + i] = Math.round(20000 * Math.exp(-i / 40) * (random() * 2 - 1));
  return { sampleRate: R, samples: x };
};
const inRoom = (pcm: Pcm) => addNoise(concatPcm([silence(0.3), pcm, silence(0.4)]), -50, random);

async function babble(tts: EspeakSynthesizer): Promise<Pcm> {
  const a = resample(await tts.synthesize('the doctor will see you after lunch', 'en'), R);
  const b = resample(await tts.synthesize('have you seen my glasses anywhere', 'en'), R);
  const out = new Int16Array(Math.max(a.samples.length, b.samples.length));
  for (let i = 0; i < out.length; i++) out[i] = Math.max(-32768, Math.min(32767, (a.samples[i] ?? 0) + (b.samples[Math.floor(i * 0.93)] ?? 0)));
  return atLevel({ sampleRate: R, samples: out }, -22);
}

describe('pocketsphinx does not pretend', () => {
  const workDir = mkdtempSync(join(tmpdir(), 'speech-rejects-test-'));
  const recognizer = new PocketsphinxRecognizer({ workDir });
  const tts = new EspeakSynthesizer();

  it('rejects sounds that are not answers (a cough-like burst, a tone, clicks, babble, long hiss) for most questions', async () => {
    const sounds: [string, Pcm][] = [
      ['noise burst', addNoise(silence(0.6), -22, random)], ['tone', tone(440, 0.7)], ['babble', await babble(tts)], ['clicks', clicks()], ['long hiss', addNoise(silence(2), -30, random)],
    ];
    const hints: RecognitionHint[] = [{ kind: 'scale' }, { kind: 'yes_no' }, { kind: 'free_text' }];
    const heard: string[] = [];
    let n = 0;
    for (const hint of hints) {
      for (const [name, pcm] of sounds) {
        const r = await recognizer.recognize(inRoom(pcm), 'en', { hint });
        n++;
        if (r.outcome === 'heard') heard.push(`${name} (${hint.kind}) as "${r.text}"`);
        else expect(r.outcome).toBe('not_understood');
      }
    }
    process.stdout.write(`pocketsphinx, non-speech sounds: ${n - heard.length}/${n} rejected${heard.length ? `; heard ${heard.join(', ')}` : ''}\n`);
    expect(n - heard.length).toBeGreaterThanOrEqual(12);
  }, 300_000);

  it('says "not understood" for silence and for a sound too short to be words, without running the decoder', async () => {
    const r1 = await recognizer.recognize(silence(1.5), 'en', { hint: { kind: 'yes_no' } });
    expect(r1).toMatchObject({ outcome: 'not_understood', reason: expect.stringMatching(/silence/), confidence: 0 });
    const r2 = await recognizer.recognize(tone(300, 0.05), 'en');
    expect(r2).toMatchObject({ outcome: 'not_understood', reason: expect.stringMatching(/too short/) });
  });

  it('does not serve Mandarin and says so, whatever the audio', async () => {
    const zh = await synthesizeUtterance(tts, '不痛', 'zh-CN', random);
    const r = await recognizer.recognize(zh, 'zh-CN', { hint: { kind: 'scale' } });
    expect(r).toMatchObject({ outcome: 'language_not_served', language: 'zh-CN', message: expect.stringMatching(/English only.*WARD_ASR_URL.*screen/) });
    expect(recognizer.serves('zh-CN')).toBe(false);
    expect(recognizer.serves('en-GB')).toBe(true);
  });

  it('takes 22,050 Hz audio as espeak-ng speaks it (resampled inside)', async () => {
    const raw = await tts.synthesize('yes please', 'en');
    const r = await recognizer.recognize(addNoise(concatPcm([silence(0.3, raw.sampleRate), atLevel(raw, -20), silence(0.4, raw.sampleRate)]), -50, random), 'en', { hint: { kind: 'yes_no' } });
    expect(r).toMatchObject({ outcome: 'heard', text: 'yes please' });
  });

  it('stops both decoders when aborted, and removes its files', async () => {
    const audio = await synthesizeUtterance(tts, 'can I have some water please', 'en', random);
    const ac = new AbortController();
    const pending = recognizer.recognize(audio, 'en', { signal: ac.signal });
    setTimeout(() => ac.abort(), 20);
    await expect(pending).rejects.toThrow(/abort/i);
    expect(readdirSync(workDir)).toEqual([]);
    const already = new AbortController();
    already.abort();
    await expect(recognizer.recognize(audio, 'en', { signal: already.signal })).rejects.toThrow(/abort/i);
    expect(readdirSync(workDir)).toEqual([]);
  });

  it('names what to install when pocketsphinx or its model is missing', async () => {
    const audio = await synthesizeUtterance(tts, 'no', 'en', random);
    const noBinary = new PocketsphinxRecognizer({ command: '/nonexistent/pocketsphinx_batch', workDir });
    await expect(noBinary.recognize(audio, 'en', { hint: { kind: 'yes_no' } })).rejects.toThrow(SpeechRecognitionError);
    await expect(noBinary.recognize(audio, 'en', { hint: { kind: 'yes_no' } })).rejects.toThrow(/not installed: apt-get install pocketsphinx pocketsphinx-en-us/);
    expect(new PocketsphinxRecognizer({ modelDir: '/nonexistent/model' }).problem()).toMatch(/no acoustic model in \/nonexistent\/model; apt-get install/);
    expect(new PocketsphinxRecognizer().problem()).toBeUndefined();
    const badModel = new PocketsphinxRecognizer({ modelDir: workDir, phoneModel: '/usr/share/pocketsphinx/model/en-us/en-us-phone.lm.bin', workDir });
    await expect(badModel.recognize(audio, 'en', { hint: { kind: 'yes_no' } })).rejects.toThrow(/pocketsphinx_batch exited/);
    expect(() => new PocketsphinxRecognizer({ minConfidence: 2 })).toThrow(/minConfidence/);
    expect(readdirSync(workDir)).toEqual([]);
    rmSync(workDir, { recursive: true, force: true });
  });
});

import { describe, it, expect } from '@jest/globals';
import { silence, type Pcm } from '../audio/pcm.js';
import { EspeakSynthesizer } from '../tts/espeak.js';
import { PocketsphinxRecognizer } from './pocketsphinx.js';
import { speechLanguage, SpeechRecognitionError, type Recognition, type SpeechRecognizer } from './recognizer.js';
import { createSpeechRecognition, SpeechRouter } from './router.js';
import { seededRandom, synthesizeUtterance } from './synthetic-speech.js';

/** A stand-in server that records what it was asked and answers as told. */
class ScriptedServer implements SpeechRecognizer {
  readonly name = 'whisper-1 at http://edge:8080';
  readonly asked: string[] = [];
  constructor(private readonly answer: (language: string) => Promise<Recognition>, private readonly languages = ['en', 'zh-CN']) {}
  serves(language: string) {
    return this.languages.includes(speechLanguage(language) ?? '');
  }
  recognize(_: Pcm, language: string) {
    this.asked.push(language);
    return this.answer(language);
  }
}

describe('the speech router', () => {
  it('without a server: English to pocketsphinx, Mandarin plainly not understood', async () => {
    const router = new SpeechRouter();
    expect(router.describe()).toBe('speech: en pocketsphinx, zh-CN none (touch answers)');
    const zh = await router.recognize(silence(1), 'zh-CN');
    expect(zh).toMatchObject({ outcome: 'language_not_served', language: 'zh-CN', message: expect.stringMatching(/^not understood: no Mandarin recogniser here .*WARD_ASR_URL.*screen/) });
    expect(await router.recognize(silence(1), 'fr')).toMatchObject({ outcome: 'language_not_served', message: expect.stringMatching(/no "fr" recogniser/) });
    const audio = await synthesizeUtterance(new EspeakSynthesizer(), 'no thank you', 'en', seededRandom(4));
    expect(await router.recognize(audio, 'en-US', { hint: { kind: 'yes_no' } })).toMatchObject({ outcome: 'heard', text: 'no thank you', language: 'en', engine: 'pocketsphinx' });
  });

  it('with a server: both languages go to it', async () => {
    const server = new ScriptedServer(async (language) => ({ outcome: 'heard', text: language === 'zh-CN' ? '七分' : 'seven', language: speechLanguage(language)!, confidence: 0.9, engine: 'whisper-1 at http://edge:8080' }));
    const router = new SpeechRouter({ server, offlineEnglish: new PocketsphinxRecognizer() });
    expect(router.describe()).toBe('speech: en whisper-1 at http://edge:8080, zh-CN whisper-1 at http://edge:8080');
    expect(await router.recognize(silence(1), 'zh-CN')).toMatchObject({ outcome: 'heard', text: '七分' });
    expect(await router.recognize(silence(1), 'en')).toMatchObject({ outcome: 'heard', text: 'seven' });
    expect(server.asked).toEqual(['zh-CN', 'en']);
  });

  it('a server for Mandarin only leaves English on the robot', async () => {
    const server = new ScriptedServer(async () => ({ outcome: 'heard', text: '好', language: 'zh-CN', confidence: 0.9, engine: 's' }), ['zh-CN']);
    expect(new SpeechRouter({ server }).describe()).toBe('speech: en pocketsphinx, zh-CN whisper-1 at http://edge:8080');
  });

  it('falls back to pocketsphinx for English when the server fails, and says so; Mandarin fails plainly', async () => {
    const server = new ScriptedServer(async () => { throw new SpeechRecognitionError('whisper-1 at http://edge:8080: HTTP 503: busy'); });
    const fellBack: string[] = [];
    const router = new SpeechRouter({ server, onFallback: (e, lang) => fellBack.push(`${lang}: ${e.message}`) });
    const audio = await synthesizeUtterance(new EspeakSynthesizer(), 'yes', 'en', seededRandom(5));
    expect(await router.recognize(audio, 'en', { hint: { kind: 'yes_no' } })).toMatchObject({ outcome: 'heard', text: 'yes', engine: 'pocketsphinx' });
    expect(fellBack).toEqual(['en: whisper-1 at http://edge:8080: HTTP 503: busy']);
    await expect(router.recognize(audio, 'zh-CN')).rejects.toThrow(/HTTP 503/);
    const strict = new SpeechRouter({ server, fallBackOffline: false });
    await expect(strict.recognize(audio, 'en')).rejects.toThrow(/HTTP 503/);
  });

  it('is built from WARD_ASR_* and reports what is missing', () => {
    const { router, problems } = createSpeechRecognition({ env: { WARD_ASR_URL: 'http://127.0.0.1:9', WARD_ASR_MODEL: 'large-v3' } });
    expect(problems).toEqual([]);
    expect(router.describe()).toBe('speech: en large-v3 at http://127.0.0.1:9, zh-CN large-v3 at http://127.0.0.1:9');
    const none = createSpeechRecognition({ env: {}, pocketsphinx: { modelDir: '/nonexistent/en-us' } });
    expect(none.problems).toEqual([expect.stringMatching(/no acoustic model in \/nonexistent\/en-us; apt-get install pocketsphinx pocketsphinx-en-us/)]);
    expect(none.router.describe()).toBe('speech: en none (touch answers), zh-CN none (touch answers)');
    expect(() => createSpeechRecognition({ env: { WARD_ASR_URL: 'not a url' } })).toThrow(/url: "not a url" is not a URL/);
  });
});

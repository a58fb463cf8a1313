// The ward round's answers, spoken by espeak-ng, resampled to 16 kHz, under a noise floor, heard by
// pocketsphinx with the grammar each question gives. Deterministic: seeded noise, the same voice.
import { describe, it, expect, beforeAll } from '@jest/globals';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EspeakSynthesizer } from '../tts/espeak.js';
import type { Pcm } from '../audio/pcm.js';
import { PocketsphinxRecognizer } from './pocketsphinx.js';
import { normaliseHeard, type Recognition } from './recognizer.js';
import { seededRandom, synthesizeUtterance, WARD_ROUND_ANSWERS, type SpokenAnswer } from './synthetic-speech.js';

const NUMBERS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];
const painNumbers = (text: string) => normaliseHeard(text).replace(/\bout of ten\b/g, '').split(' ').filter((w) => NUMBERS.includes(w));

interface Trial { answer: SpokenAnswer; result: Recognition }

describe('pocketsphinx hears the ward round\'s answers', () => {
  const workDir = mkdtempSync(join(tmpdir(), 'speech-round-test-'));
  const recognizer = new PocketsphinxRecognizer({ workDir });
  const trials: Trial[] = [];

  beforeAll(async () => {
    const tts = new EspeakSynthesizer();
    const random = seededRandom(2024);
    const audio: Pcm[] = [];
    for (const a of WARD_ROUND_ANSWERS) audio.push(await synthesizeUtterance(tts, a.text, 'en', random));
    // Two at a time: the machine has two cores and each recognition runs two decoders.
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < audio.length; i = next++) {
        const a = WARD_ROUND_ANSWERS[i]!;
        trials[i] = { answer: a, result: await recognizer.recognize(audio[i]!, 'en', { hint: a.hint, questionId: a.questionId }) };
      }
    };
    await Promise.all([worker(), worker()]);
  }, 600_000);

  it('gets at least 80% of them exactly (after normalisation), and reports the figures', () => {
    const exact = trials.filter((t) => t.result.outcome === 'heard' && normaliseHeard(t.result.text) === normaliseHeard(t.answer.text));
    const rejected = trials.filter((t) => t.result.outcome === 'not_understood');
    const wrong = trials.filter((t) => t.result.outcome === 'heard' && normaliseHeard(t.result.text) !== normaliseHeard(t.answer.text));
    const byQuestion = new Map<string, [number, number]>();
    for (const t of trials) {
      const [ok, n] = byQuestion.get(t.answer.questionId) ?? [0, 0];
      byQuestion.set(t.answer.questionId, [ok + (exact.includes(t) ? 1 : 0), n + 1]);
    }
    process.stdout.write(
      `pocketsphinx, ward-round answers: ${exact.length}/${trials.length} exact, ${rejected.length} not understood, ${wrong.length} misheard; ` +
        `${[...byQuestion].map(([q, [ok, n]]) => `${q} ${ok}/${n}`).join(', ')}\n` +
        wrong.map((t) => `  misheard "${t.answer.text}" as "${(t.result as { text: string }).text}"\n`).join('') +
        rejected.map((t) => `  not understood "${t.answer.text}"\n`).join(''),
    );
    expect(trials).toHaveLength(WARD_ROUND_ANSWERS.length);
    expect(exact.length / trials.length).toBeGreaterThanOrEqual(0.8);
    // Not understood is safe (the robot asks again or offers the screen); a wrong answer is not.
    expect(wrong.length).toBeLessThanOrEqual(3);
  });

  it('never hears a different pain score than the one said', () => {
    for (const t of trials.filter((x) => x.answer.questionId === 'pain' && x.result.outcome === 'heard')) {
      expect(painNumbers((t.result as { text: string }).text)).toEqual(painNumbers(t.answer.text));
    }
  });

  it('hears every yes as yes and every no as no', () => {
    const polarity = (s: string) => (/^(yes|yeah|yep|a little|a bit)/.test(normaliseHeard(s)) ? 'yes' : /^(no|nope|not)/.test(normaliseHeard(s)) ? 'no' : 'other');
    for (const t of trials.filter((x) => x.answer.hint.kind === 'yes_no' && x.result.outcome === 'heard')) {
      expect(polarity((t.result as { text: string }).text)).toBe(polarity(t.answer.text));
    }
  });

  it('says English, a confidence from 0 to 1, and the engine with every answer, and leaves no files behind', () => {
    for (const { result } of trials) {
      if (result.outcome === 'language_not_served') throw new Error('English must be served');
      expect(result.language).toBe('en');
      expect(result.engine).toBe('pocketsphinx');
      expect(result.confidence).toBeGreaterThanOrEqual(0);
      expect(result.confidence).toBeLessThanOrEqual(1);
    }
    expect(readdirSync(workDir)).toEqual([]);
    rmSync(workDir, { recursive: true, force: true });
  });
});

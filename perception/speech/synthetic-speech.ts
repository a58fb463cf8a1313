// Synthesized patient speech for tests, benchmarks and the simulator: a sentence in espeak-ng's voice
// at 16 kHz as a microphone would hear it (a clear voice at −20 dBFS, a moment of room before and
// after, under a seeded noise floor), and the ward round's answers to say.
import { concatPcm, silence, SPEECH_RATE, type Pcm } from '../audio/pcm.js';
import { addNoise, atLevel, type Random } from '../audio/mix.js';
import { resample } from '../audio/resample.js';
import type { SpeechLanguage, SpeechSynthesizer } from '../tts/synthesizer.js';
import type { RecognitionHint } from './recognizer.js';

/** A small seeded generator (LCG): the same seed gives the same noise. */
export function seededRandom(seed: number): Random {
  let s = Math.abs(Math.floor(seed)) % 2 ** 31 || 1;
  return () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

export interface UtteranceOptions {
  speechDbfs?: number;
  noiseDbfs?: number;
  /** Room before and after the words, seconds. */
  padS?: readonly [number, number];
}

export async function synthesizeUtterance(tts: SpeechSynthesizer, text: string, language: SpeechLanguage, random: Random, opts: UtteranceOptions = {}): Promise<Pcm> {
  const voice = resample(await tts.synthesize(text, language), SPEECH_RATE);
  const [before, after] = opts.padS ?? [0.3, 0.4];
  return addNoise(concatPcm([silence(before), atLevel(voice, opts.speechDbfs ?? -20), silence(after)]), opts.noiseDbfs ?? -50, random);
}

export interface SpokenAnswer {
  /** The question (brain/workflows/round/questions.ts ids). */
  questionId: string;
  hint: RecognitionHint;
  text: string;
}

const SLEEP = ['well', 'fairly well', 'poorly'];
const MOBILITY = ['on my own', 'with help', 'in bed'];

/**
 * Answers patients give on the ward round, in English: the simulated patient's own defaults
 * (sim/people/default-answers.ts: "2", "no", the first choice, "nothing else, thank you") and the
 * ways people put them.
 */
export const WARD_ROUND_ANSWERS: readonly SpokenAnswer[] = [
  ...['two', 'seven out of ten', 'about a six', 'zero', 'ten', "I think it's a four", 'three', 'no pain', 'eight out of ten', 'five', 'nine', 'one', 'six or seven']
    .map((text) => ({ questionId: 'pain', hint: { kind: 'scale' } as const, text })),
  ...['no', 'yes', 'yes please', 'not really', "I don't know", 'a little', 'no thank you']
    .map((text) => ({ questionId: 'nausea', hint: { kind: 'yes_no' } as const, text })),
  ...['no', 'yes a bit', 'nope', 'not at all']
    .map((text) => ({ questionId: 'breathing', hint: { kind: 'yes_no' } as const, text })),
  ...['well', 'fairly well', 'poorly', 'not too bad', 'I slept well', "I couldn't sleep", 'terrible', 'so so', 'very well thank you']
    .map((text) => ({ questionId: 'sleep', hint: { kind: 'choice', choices: SLEEP } as const, text })),
  ...['on my own', 'with help', 'in bed', 'with a walking frame', "I can't get up", 'by myself']
    .map((text) => ({ questionId: 'mobility', hint: { kind: 'choice', choices: MOBILITY } as const, text })),
  ...['nothing else thank you', "no that's all", 'I need the toilet', 'can I have some water please', 'I have chest pain', "I'm cold", 'when can I go home', 'my back hurts']
    .map((text) => ({ questionId: 'anything_else', hint: { kind: 'free_text' } as const, text })),
];

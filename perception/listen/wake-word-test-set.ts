// A synthesized, seeded test set for wake word detectors, used by the tests and the benchmark.
// Positives: the wake phrase spoken by espeak-ng in several voices, speeds and levels, alone and inside
// sentences. Negatives: bedside talk without the phrase — a ward round's questions and answers,
// chatter, phrases that sound like it — and stretches of room noise alone. Everything lies on one long
// track under a room-noise floor, the way a robot's microphone hears a ward, so false alarms per hour
// are measured on minutes of audio. Synthetic voices are cleaner than patients: real speech detects
// worse, which is why the figures are printed, not assumed.
import { addNoise, atLevel, type Random } from '../audio/mix.js';
import { SPEECH_RATE, type Pcm } from '../audio/pcm.js';
import { resampleClip } from './stream-resampler.js';
import { EspeakSynthesizer } from '../tts/espeak.js';
import { DEFAULT_WAKE_PHRASE } from './pocketsphinx.js';

export interface WakeWordTestSetOptions {
  phrase?: string;
  /** Same seed, same audio. */
  seed?: number;
  /** How many times the phrase is said (default 30). */
  positives?: number;
  /** Minutes of audio without the phrase: speech and room noise (default 8). */
  negativeMinutes?: number;
  /** Room noise floor, dBFS RMS (default −45). */
  noiseDbfs?: number;
}

export interface TestSegment {
  /** wake: the phrase; speech: ward talk; near-miss: talk that sounds like the phrase; noise: room noise alone. */
  kind: 'wake' | 'speech' | 'near-miss' | 'noise';
  text: string;
  voice: string;
  wordsPerMinute: number;
  levelDbfs: number;
  /** Seconds on the track. */
  startS: number;
  endS: number;
}

export interface WakeWordTestSet {
  phrase: string;
  /** 16 kHz mono, room noise throughout. */
  audio: Pcm;
  segments: TestSegment[];
  positives: TestSegment[];
  /** Seconds of the track with no phrase in it. */
  negativeS: number;
}

export interface WakeWordScore {
  positives: number;
  detected: number;
  detectionRate: number;
  falseAlarms: number;
  falseAlarmsPerHour: number;
  /** False alarms on near misses, and on everything else (ordinary talk, noise). */
  nearMissFalseAlarms: number;
  otherFalseAlarms: number;
  negativeHours: number;
  /** The positives nothing was detected in. */
  missed: TestSegment[];
  /** What was being said where a false alarm fell ("" for noise). */
  falseAlarmTexts: string[];
}

/** mulberry32: a small seeded generator, so the set is the same on every machine. */
export function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Local names: under Jest's VM modules every global lookup in a per-sample loop costs ~50×.
const { round, max, min } = Math;

export const WAKE_VOICES = ['en-us', 'en-gb', 'en-us+m3', 'en-us+f2', 'en-gb+f3', 'en-us+m1', 'en-gb-x-rp', 'en-us+f1', 'en-029', 'en-gb-scotland+m2', 'en-us+f4', 'en-gb+m7'];
const SPEEDS = [130, 150, 170, 190];
const LEVELS = [-18, -22, -26, -30];
const CONTEXTS = ['{p}', '{p}.', '{p}, can you help me?', 'excuse me, {p}', '{p}, I need a nurse please', '{p}, what time is lunch?', 'oh, {p}', '{p}, is it time for my tablets?'];

/** Bedside talk with no wake phrase: a ward round's questions and answers, and chatter. */
export const WARD_SPEECH = [
  'Good morning. How is your pain today, from zero to ten?', 'About a four, I think.', 'It is worse than yesterday.',
  'Did you sleep well last night?', 'Not really, the man next to me was snoring.', 'Have you opened your bowels today?',
  'Are you feeling sick at all?', 'No, just a bit tired.', 'Have you had anything to drink this morning?',
  'Can you take a deep breath for me?', 'Your temperature is normal.', 'The doctor will see you after lunch.',
  'Your daughter phoned and will come at four.', 'Would you like some water?', 'Yes please, with a straw.',
  'I will bring your medication at eight.', 'Please press the call bell if you need anything.', 'Is the dressing comfortable?',
  'My leg feels a bit swollen.', 'Can I have another pillow?', 'The physiotherapist will come tomorrow morning.',
  'Do you know where you are today?', 'We are going to check your blood pressure.', 'Thank you, that is very kind.',
  'When can I go home?', 'Probably on Friday if the bloods are fine.', 'Could you open the window a little?',
  'The tea trolley is coming round now.', 'I would like a cup of tea with milk.', 'Bed four needs a new drip.',
  'Can you hand me the remote control?', 'The television is too loud.', 'What is for dinner tonight?',
  'Fish pie or vegetable curry.', 'I am allergic to penicillin.', 'Let me check your wristband please.',
  'Please sit up a little for me.', 'Hold on a moment, I am coming.', 'Below the window there is a heater.',
  'Follow the yellow line to the lift.', 'My hip hurts when I turn over.', 'I feel a little dizzy when I stand up.',
  'Please keep your oxygen mask on.', 'Your family can visit until eight tonight.', 'Oh hello, I did not see you there.',
  'Hello, how are you today?', 'My grandson builds robots at school.', 'The rabbit ran across the garden.',
];

/** Near misses: sound like the wake phrase or share a word with it. False alarms here are counted apart. */
export const NEAR_MISSES = [
  'The robot will bring the tablets later.', 'Hello Robert, nice to see you.', 'Hello there, is this bed two?',
  'Yellow roses are my favourite.', 'Hello doctor, thank you for coming.', 'Hello Bob, did you bring the paper?',
  'A hollow robe hangs on the door.', 'Row the boat gently down the stream.', 'Robert told me the results are good.',
  'Is that a robot or a trolley?', 'Say hello to the new patient in bed six.', 'The nurse said hello and left.',
];

async function synthesizeAll(requests: { text: string; voice: string; wordsPerMinute: number }[]): Promise<Pcm[]> {
  const out: Pcm[] = new Array(requests.length);
  let next = 0;
  const worker = async () => {
    while (next < requests.length) {
      const i = next++;
      const r = requests[i]!;
      const pcm = await new EspeakSynthesizer({ voices: { en: r.voice }, wordsPerMinute: r.wordsPerMinute }).synthesize(r.text, 'en');
      out[i] = resampleClip(pcm, SPEECH_RATE);
    }
  };
  await Promise.all([worker(), worker(), worker()]);
  return out;
}

/** A ward's background: a low rumble (ventilation, distant talk) over a white hiss, at `dbfs` RMS. */
export function roomNoise(samples: number, dbfs: number, random: Random): Pcm {
  const rumble = new Int16Array(samples);
  let y = 0;
  for (let i = 0; i < samples; i++) {
    y = 0.98 * y + 0.2 * (random() - 0.5);
    rumble[i] = round(y * 8000);
  }
  const shaped = atLevel({ sampleRate: SPEECH_RATE, samples: rumble }, dbfs - 3);
  return addNoise(shaped, dbfs - 3, random);
}

export async function buildWakeWordTestSet(opts: WakeWordTestSetOptions = {}): Promise<WakeWordTestSet> {
  const phrase = opts.phrase ?? DEFAULT_WAKE_PHRASE;
  const random = seededRandom(opts.seed ?? 1);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const noiseDbfs = opts.noiseDbfs ?? -45;
  const targetNegativeS = (opts.negativeMinutes ?? 8) * 60;

  type Plan = Omit<TestSegment, 'startS' | 'endS'> & { gapS: number; noiseS?: number };
  const plans: Plan[] = [];
  for (let i = 0; i < (opts.positives ?? 30); i++) {
    const text = CONTEXTS[i % CONTEXTS.length]!.replace('{p}', phrase);
    plans.push({ kind: 'wake', text, voice: WAKE_VOICES[i % WAKE_VOICES.length]!, wordsPerMinute: pick(SPEEDS), levelDbfs: pick(LEVELS), gapS: 1.5 + random() * 1.5 });
  }
  // Speech runs about 2.5 s a sentence plus its gap; one sentence in five is a near miss; a tenth of
  // the negative time is noise alone.
  let planned = 0;
  for (let n = 0; planned < targetNegativeS * 0.9; n++) {
    const near = n % 5 === 4;
    const list = near ? NEAR_MISSES : WARD_SPEECH;
    const text = list[(near ? (n - 4) / 5 : n - Math.floor(n / 5)) % list.length]!;
    const gapS = 0.6 + random() * 2;
    plans.push({ kind: near ? 'near-miss' : 'speech', text, voice: pick(WAKE_VOICES), wordsPerMinute: pick(SPEEDS), levelDbfs: pick(LEVELS), gapS });
    planned += 2.4 + gapS;
  }
  while (planned < targetNegativeS) {
    const noiseS = 5 + random() * 10;
    plans.push({ kind: 'noise', text: '', voice: '', wordsPerMinute: 0, levelDbfs: noiseDbfs, gapS: 0, noiseS });
    planned += noiseS;
  }
  // Fisher–Yates, so the phrase turns up anywhere in the conversation.
  for (let i = plans.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [plans[i], plans[j]] = [plans[j]!, plans[i]!];
  }

  const speech = plans.filter((p) => p.kind !== 'noise');
  const clips = await synthesizeAll(speech.map((p) => ({ text: p.text, voice: p.voice, wordsPerMinute: p.wordsPerMinute })));
  const clipOf = new Map(speech.map((p, i) => [p, atLevel(clips[i]!, p.levelDbfs)]));
  const leadS = 1.5;
  let total = Math.round(leadS * SPEECH_RATE);
  for (const p of plans) total += p.kind === 'noise' ? Math.round(p.noiseS! * SPEECH_RATE) : clipOf.get(p)!.samples.length + Math.round(p.gapS * SPEECH_RATE);
  const track = new Int16Array(total);
  const segments: TestSegment[] = [];
  let at = Math.round(leadS * SPEECH_RATE);
  for (const p of plans) {
    const clip = clipOf.get(p);
    const n = clip ? clip.samples.length : Math.round(p.noiseS! * SPEECH_RATE);
    if (clip) track.set(clip.samples, at);
    const { gapS: _g, noiseS: _n, ...seg } = p;
    segments.push({ ...seg, startS: at / SPEECH_RATE, endS: (at + n) / SPEECH_RATE });
    at += n + (clip ? Math.round(p.gapS * SPEECH_RATE) : 0);
  }
  const noise = roomNoise(track.length, noiseDbfs, random);
  for (let i = 0; i < track.length; i++) track[i] = max(-32768, min(32767, track[i]! + noise.samples[i]!));
  const positives = segments.filter((g) => g.kind === 'wake');
  const positiveS = positives.reduce((sum, g) => sum + (g.endS - g.startS), 0);
  return { phrase, audio: { sampleRate: SPEECH_RATE, samples: track }, segments, positives, negativeS: track.length / SPEECH_RATE - positiveS };
}

/**
 * A detection counts for a positive when its phrase end falls within the positive's speech (plus a
 * second after it, for the engine's timing); any other detection is a false alarm. Each positive
 * counts once.
 */
export function scoreWakeWord(set: WakeWordTestSet, detections: readonly { atS: number }[], slackS = 1): WakeWordScore {
  const hit = new Set<TestSegment>();
  const falseAlarmTexts: string[] = [];
  let nearMissFalseAlarms = 0;
  for (const d of detections) {
    const p = set.positives.find((g) => d.atS >= g.startS - 0.2 && d.atS <= g.endS + slackS);
    if (p) {
      hit.add(p);
      continue;
    }
    const during = set.segments.find((g) => d.atS >= g.startS && d.atS <= g.endS + slackS);
    falseAlarmTexts.push(during?.text ?? '');
    if (during?.kind === 'near-miss') nearMissFalseAlarms++;
  }
  const negativeHours = set.negativeS / 3600;
  return {
    positives: set.positives.length, detected: hit.size, detectionRate: hit.size / Math.max(1, set.positives.length),
    falseAlarms: falseAlarmTexts.length, falseAlarmsPerHour: falseAlarmTexts.length / negativeHours, negativeHours,
    nearMissFalseAlarms, otherFalseAlarms: falseAlarmTexts.length - nearMissFalseAlarms,
    missed: set.positives.filter((p) => !hit.has(p)), falseAlarmTexts,
  };
}

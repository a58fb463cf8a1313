// Mixing for synthesized test sets and the simulator's room: speech at a level, under a noise floor.
// Wake word and speech engines need a noise floor: on digitally silent audio pocketsphinx hears nothing.
import type { Pcm } from './pcm.js';

/** Uniform numbers in [0, 1), from a seeded generator so test sets repeat. */
export type Random = () => number;

// Local names: under Jest's VM modules a global lookup (Math) in a per-sample loop is slow: preparing 47
// test utterances took 49 s of CPU with Math.x here and in resample.ts, 2 s with these.
const { sqrt, log, cos, PI, max, min, round } = Math;

/** Adds white-ish (Gaussian) noise at `dbfs` RMS to a copy of the audio. */
export function addNoise(pcm: Pcm, dbfs: number, random: Random): Pcm {
  const sigma = 32768 * 10 ** (dbfs / 20);
  const out = new Int16Array(pcm.samples.length);
  for (let i = 0; i < out.length; i++) {
    // Box–Muller; 1 − u keeps log away from 0.
    const g = sqrt(-2 * log(1 - random())) * cos(2 * PI * random());
    out[i] = max(-32768, min(32767, round(pcm.samples[i]! + g * sigma)));
  }
  return { sampleRate: pcm.sampleRate, samples: out };
}

/** Scales audio so its RMS level is `dbfs` (speech at −20 dBFS is a clear voice near the microphone). */
export function atLevel(pcm: Pcm, dbfs: number): Pcm {
  let sum = 0;
  for (const s of pcm.samples) sum += s * s;
  const rms = sqrt(sum / max(1, pcm.samples.length));
  if (!rms) return pcm;
  const gain = (32768 * 10 ** (dbfs / 20)) / rms;
  const out = new Int16Array(pcm.samples.length);
  for (let i = 0; i < out.length; i++) out[i] = max(-32768, min(32767, round(pcm.samples[i]! * gain)));
  return { sampleRate: pcm.sampleRate, samples: out };
}

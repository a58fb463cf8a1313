// Mixing for synthesized test sets and the simulator's room: speech at a level, under a noise floor.
// Wake word and speech engines need a noise floor: on digitally silent audio pocketsphinx hears nothing.
import type { Pcm } from './pcm.js';

/** Uniform numbers in [0, 1), from a seeded generator so test sets repeat. */
export type Random = () => number;

/** Adds white-ish (Gaussian) noise at `dbfs` RMS to a copy of the audio. */
export function addNoise(pcm: Pcm, dbfs: number, random: Random): Pcm {
  const sigma = 32768 * 10 ** (dbfs / 20);
  const out = new Int16Array(pcm.samples.length);
  for (let i = 0; i < out.length; i++) {
    // Box–Muller; 1 − u keeps log away from 0.
    const g = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    out[i] = Math.max(-32768, Math.min(32767, Math.round(pcm.samples[i]! + g * sigma)));
  }
  return { sampleRate: pcm.sampleRate, samples: out };
}

/** Scales audio so its RMS level is `dbfs` (speech at −20 dBFS is a clear voice near the microphone). */
export function atLevel(pcm: Pcm, dbfs: number): Pcm {
  let sum = 0;
  for (const s of pcm.samples) sum += s * s;
  const rms = Math.sqrt(sum / Math.max(1, pcm.samples.length));
  if (!rms) return pcm;
  const gain = (32768 * 10 ** (dbfs / 20)) / rms;
  const out = new Int16Array(pcm.samples.length);
  for (let i = 0; i < out.length; i++) out[i] = Math.max(-32768, Math.min(32767, Math.round(pcm.samples[i]! * gain)));
  return { sampleRate: pcm.sampleRate, samples: out };
}

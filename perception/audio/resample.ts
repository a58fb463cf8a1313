// Sample-rate conversion for speech: espeak-ng speaks at 22,050 Hz, microphones at 44.1 or 48 kHz, and
// every recogniser here wants 16 kHz. Windowed-sinc interpolation with the cut-off below the lower
// Nyquist rate, so downsampling does not fold hiss into the speech band.
import type { Pcm } from './pcm.js';

const HALF_TAPS = 16;
// Local names: under Jest's VM modules a global lookup (Math) in this inner loop is slow (see mix.ts).
const { sin, cos, PI, min, max, ceil, floor, round } = Math;

export function resample(pcm: Pcm, rate: number): Pcm {
  if (pcm.sampleRate === rate) return pcm;
  const ratio = rate / pcm.sampleRate;
  const cutoff = min(1, ratio) * 0.95;
  const n = floor(pcm.samples.length * ratio);
  const out = new Int16Array(n);
  const src = pcm.samples;
  const width = HALF_TAPS / min(1, ratio);
  for (let i = 0; i < n; i++) {
    const t = i / ratio;
    const lo = max(0, ceil(t - width));
    const hi = min(src.length - 1, floor(t + width));
    let acc = 0;
    let norm = 0;
    for (let j = lo; j <= hi; j++) {
      const x = t - j;
      const arg = PI * x * cutoff;
      const sinc = x === 0 ? 1 : sin(arg) / arg;
      const w = 0.5 + 0.5 * cos((PI * x) / width); // Hann
      const k = sinc * w;
      acc += src[j]! * k;
      norm += k;
    }
    out[i] = max(-32768, min(32767, round(norm ? acc / norm : 0)));
  }
  return { sampleRate: rate, samples: out };
}

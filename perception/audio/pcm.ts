// Audio as the perception nodes pass it around: mono 16-bit PCM samples with their rate. Microphone
// audio travels as ward_interfaces/AudioChunk (S16LE bytes, base64 on rosbridge); the cores work on
// Int16Array (what speech engines take) or Float32Array in −1..1 (what the VAD model takes).
import type { AudioChunk } from '../../robot/index.js';

export interface Pcm {
  sampleRate: number;
  samples: Int16Array;
}

/** The rate speech recognition, VAD and wake word detection expect. */
export const SPEECH_RATE = 16_000;

export function int16ToFloat(samples: Int16Array): Float32Array {
  const out = new Float32Array(samples.length);
  for (let i = 0; i < samples.length; i++) out[i] = samples[i]! / 32768;
  return out;
}

export function floatToInt16(samples: Float32Array): Int16Array {
  const out = new Int16Array(samples.length);
  for (let i = 0; i < samples.length; i++) out[i] = Math.max(-32768, Math.min(32767, Math.round(samples[i]! * 32768)));
  return out;
}

/** S16LE bytes as samples (a trailing odd byte is dropped). */
export function bytesToInt16(bytes: Uint8Array): Int16Array {
  const n = bytes.length >> 1;
  const out = new Int16Array(n);
  const view = new DataView(bytes.buffer, bytes.byteOffset, n * 2);
  for (let i = 0; i < n; i++) out[i] = view.getInt16(i * 2, true);
  return out;
}

export function int16ToBytes(samples: Int16Array): Buffer {
  const out = Buffer.alloc(samples.length * 2);
  for (let i = 0; i < samples.length; i++) out.writeInt16LE(samples[i]!, i * 2);
  return out;
}

export class AudioChunkError extends Error {}

/**
 * The samples of an AudioChunk as it arrives from rosbridge (base64 text) or rclnodejs (number array),
 * mixed down to mono. A chunk that is not 16-bit PCM the way the message says is refused by field.
 */
export function chunkToPcm(msg: Pick<AudioChunk, 'sample_rate' | 'channels' | 'data'>): Pcm {
  if (!Number.isInteger(msg.sample_rate) || msg.sample_rate < 4000 || msg.sample_rate > 192_000) {
    throw new AudioChunkError(`sample_rate: ${String(msg.sample_rate)} Hz is not a rate audio comes at (4000–192000)`);
  }
  const channels = msg.channels || 1;
  if (!Number.isInteger(channels) || channels < 1 || channels > 8) throw new AudioChunkError(`channels: ${String(msg.channels)} is not 1–8`);
  const bytes = typeof msg.data === 'string' ? Buffer.from(msg.data, 'base64') : Uint8Array.from(msg.data);
  if (bytes.length % (2 * channels) !== 0) throw new AudioChunkError(`data: ${bytes.length} bytes is not a whole number of ${channels}-channel 16-bit frames`);
  const all = bytesToInt16(bytes);
  if (channels === 1) return { sampleRate: msg.sample_rate, samples: all };
  const mono = new Int16Array(all.length / channels);
  for (let i = 0; i < mono.length; i++) {
    let sum = 0;
    for (let c = 0; c < channels; c++) sum += all[i * channels + c]!;
    mono[i] = Math.round(sum / channels);
  }
  return { sampleRate: msg.sample_rate, samples: mono };
}

/** An AudioChunk for the wire (data as base64 text, as rosbridge carries uint8[]). */
export function pcmToChunk(pcm: Pcm, header: AudioChunk['header']): AudioChunk {
  return { header, sample_rate: pcm.sampleRate, channels: 1, data: int16ToBytes(pcm.samples).toString('base64') };
}

/** Splits audio into chunks of `ms` milliseconds (the last may be shorter), as a microphone driver sends it. */
export function* chunksOf(pcm: Pcm, ms: number): Generator<Pcm> {
  const n = Math.max(1, Math.round((pcm.sampleRate * ms) / 1000));
  for (let i = 0; i < pcm.samples.length; i += n) yield { sampleRate: pcm.sampleRate, samples: pcm.samples.subarray(i, i + n) };
}

export function concatPcm(parts: readonly Pcm[], sampleRate = parts[0]?.sampleRate ?? SPEECH_RATE): Pcm {
  const total = parts.reduce((n, p) => n + p.samples.length, 0);
  const out = new Int16Array(total);
  let at = 0;
  for (const p of parts) {
    if (p.sampleRate !== sampleRate) throw new AudioChunkError(`cannot join ${p.sampleRate} Hz audio to ${sampleRate} Hz audio; resample first`);
    out.set(p.samples, at);
    at += p.samples.length;
  }
  return { sampleRate, samples: out };
}

export function silence(seconds: number, sampleRate = SPEECH_RATE): Pcm {
  return { sampleRate, samples: new Int16Array(Math.round(seconds * sampleRate)) };
}

export const durationS = (pcm: Pcm) => pcm.samples.length / pcm.sampleRate;

/** Root-mean-square level in dBFS (−Infinity for digital silence). */
export function levelDbfs(samples: Int16Array): number {
  if (!samples.length) return -Infinity;
  let sum = 0;
  for (const s of samples) sum += s * s;
  const rms = Math.sqrt(sum / samples.length) / 32768;
  return rms > 0 ? 20 * Math.log10(rms) : -Infinity;
}

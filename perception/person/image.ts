// sensor_msgs/Image to packed RGB for the detectors: rgb8, bgr8, rgba8, bgra8 and mono8, the pixels
// as base64 (rosbridge's uint8[]) or as bytes, rows possibly padded (step > width × channels).
import type { Image } from '../../robot/index.js';
import { PersonDetectionError, type RgbFrame } from './types.js';

export const IMAGE_ENCODINGS = ['rgb8', 'bgr8', 'rgba8', 'bgra8', 'mono8'] as const;
type Encoding = (typeof IMAGE_ENCODINGS)[number];
const CHANNELS: Record<Encoding, number> = { rgb8: 3, bgr8: 3, rgba8: 4, bgra8: 4, mono8: 1 };
/** Largest side accepted: a 4K camera is 3840 wide. */
export const MAX_IMAGE_SIDE = 8192;

export function frameFromImage(msg: Image): RgbFrame {
  const bad = (field: string, why: string) => new PersonDetectionError(`camera image ${field}: ${why}`, field);
  if (typeof msg !== 'object' || msg === null) throw bad('message', 'expected a sensor_msgs/Image object');
  const { width, height, step, encoding } = msg;
  for (const [field, v] of [['width', width], ['height', height]] as const) {
    if (!Number.isInteger(v) || v < 1 || v > MAX_IMAGE_SIDE) throw bad(field, `must be a whole number of pixels in 1..${MAX_IMAGE_SIDE}, got ${String(v)}`);
  }
  if (!(IMAGE_ENCODINGS as readonly string[]).includes(encoding)) {
    throw bad('encoding', `"${String(encoding)}" is not supported; send one of ${IMAGE_ENCODINGS.join(', ')} (debayer or convert compressed images first)`);
  }
  const channels = CHANNELS[encoding as Encoding];
  const rowBytes = width * channels;
  if (!Number.isInteger(step) || step < rowBytes) throw bad('step', `must be at least width × ${channels} = ${rowBytes} bytes for ${encoding}, got ${String(step)}`);
  const bytes = pixelBytes(msg.data);
  if (!bytes) throw bad('data', 'must be base64 text or an array of bytes');
  // The last row need not carry its padding.
  const needed = step * (height - 1) + rowBytes;
  if (bytes.length < needed) throw bad('data', `has ${bytes.length} bytes; ${width}×${height} ${encoding} with step ${step} needs at least ${needed}`);

  const out = new Uint8Array(width * height * 3);
  const bgr = encoding === 'bgr8' || encoding === 'bgra8';
  for (let y = 0; y < height; y++) {
    let src = y * step;
    let dst = y * width * 3;
    for (let x = 0; x < width; x++, src += channels, dst += 3) {
      if (channels === 1) {
        out[dst] = out[dst + 1] = out[dst + 2] = bytes[src]!;
      } else {
        out[dst] = bytes[bgr ? src + 2 : src]!;
        out[dst + 1] = bytes[src + 1]!;
        out[dst + 2] = bytes[bgr ? src : src + 2]!;
      }
    }
  }
  return { width, height, data: out };
}

function pixelBytes(data: unknown): Uint8Array | null {
  if (typeof data === 'string') return Buffer.from(data, 'base64');
  if (data instanceof Uint8Array) return data;
  if (Array.isArray(data) && data.every((b) => Number.isInteger(b) && b >= 0 && b <= 255)) return Uint8Array.from(data as number[]);
  return null;
}

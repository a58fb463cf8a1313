// From a checked CameraFrame to tightly packed RGB / grey / RGBA pixels, and a box-filter downscale
// for sending a model a smaller picture (averaging, so thin lines fade rather than vanish).
import { CAMERA_ENCODINGS, type CameraFrame } from './frame.js';
import type { Pixels } from './png.js';

/** Row padding dropped; bgr8 turned into RGB order. */
export function framePixels(frame: CameraFrame): Pixels {
  const channels = CAMERA_ENCODINGS[frame.encoding];
  const rowBytes = frame.width * channels;
  const data = Buffer.alloc(rowBytes * frame.height);
  for (let y = 0; y < frame.height; y++) frame.data.copy(data, y * rowBytes, y * frame.step, y * frame.step + rowBytes);
  if (frame.encoding === 'bgr8') {
    for (let i = 0; i < data.length; i += 3) {
      const b = data[i]!;
      data[i] = data[i + 2]!;
      data[i + 2] = b;
    }
  }
  return { width: frame.width, height: frame.height, channels, data };
}

/** At most `maxWidth` wide, keeping the aspect ratio; pixels are averages of the source blocks they cover. */
export function downscale(px: Pixels, maxWidth: number): Pixels {
  if (!(Number.isInteger(maxWidth) && maxWidth >= 1)) throw new RangeError(`maxWidth must be a whole number of pixels ≥ 1, got ${maxWidth}`);
  if (px.width <= maxWidth) return px;
  const width = maxWidth;
  const height = Math.max(1, Math.round((px.height * width) / px.width));
  const { channels } = px;
  const xs = spans(px.width, width);
  const ys = spans(px.height, height);
  const data = Buffer.alloc(width * height * channels);
  const sum = new Float64Array(channels);
  for (let y = 0; y < height; y++) {
    const [y0, y1] = ys[y]!;
    for (let x = 0; x < width; x++) {
      const [x0, x1] = xs[x]!;
      sum.fill(0);
      for (let sy = y0; sy < y1; sy++) {
        for (let sx = x0; sx < x1; sx++) {
          const i = (sy * px.width + sx) * channels;
          for (let c = 0; c < channels; c++) sum[c]! += px.data[i + c]!;
        }
      }
      const n = (y1 - y0) * (x1 - x0);
      const o = (y * width + x) * channels;
      for (let c = 0; c < channels; c++) data[o + c] = Math.round(sum[c]! / n);
    }
  }
  return { width, height, channels, data };
}

/** The source range [start, end) each of `to` output cells covers, every cell at least one source pixel. */
function spans(from: number, to: number): [number, number][] {
  return Array.from({ length: to }, (_, i) => {
    const start = Math.floor((i * from) / to);
    return [start, Math.max(start + 1, Math.floor(((i + 1) * from) / to))];
  });
}

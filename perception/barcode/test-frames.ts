// Test-only: camera-like frames with a real barcode in them, for the reader's tests. The symbol is
// encoded by zxing-wasm's writer (its WebAssembly from node_modules), then drawn flat onto a grey
// desk at a size, turn and place, area-sampled, blurred and given seeded noise. The simulator's
// wristband view (sim/camera/wristband-view.ts) is the realistic one; this one is small and exact.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { prepareZXingModule, writeBarcode, type WriteInputBarcodeFormat } from 'zxing-wasm/writer';

let ready: Promise<unknown> | undefined;

export interface FrameSpec {
  text: string;
  format: WriteInputBarcodeFormat;
  /** Pixels per module at the frame (default 3). */
  modulePx?: number;
  /** Turn, radians, image coordinates (positive clockwise as seen). */
  angle?: number;
  /** Centre of the code, pixels (default the frame's centre). */
  center?: { x: number; y: number };
  /** Box-blur passes of radius 1 (default 0). */
  blur?: number;
  /** Noise amplitude, grey levels (default 4). */
  noise?: number;
  /** Bar height for linear codes, pixels (default 60). */
  barHeightPx?: number;
  width?: number;
  height?: number;
  seed?: number;
}

/** A mono8 frame (640 × 480 by default) with the code drawn in. */
export async function codeFrame(spec: FrameSpec): Promise<{ width: number; height: number; data: Uint8Array }> {
  ready ??= prepareZXingModule({
    overrides: { wasmBinary: readFileSync(createRequire(import.meta.url).resolve('zxing-wasm/writer/zxing_writer.wasm')).buffer as ArrayBuffer },
    fireImmediately: true,
  });
  await ready;
  const written = await writeBarcode(spec.text, { format: spec.format, scale: 1, addQuietZones: true });
  if (written.error) throw new Error(`test frame: ${written.error}`);
  const sym = written.symbol;
  const w = spec.width ?? 640;
  const h = spec.height ?? 480;
  const m = spec.modulePx ?? 3;
  const linear = sym.height > 1 && isLinear(sym);
  const symH = linear ? (spec.barHeightPx ?? 60) / m : sym.height;
  const cx = spec.center?.x ?? w / 2;
  const cy = spec.center?.y ?? h / 2;
  const cos = Math.cos(spec.angle ?? 0);
  const sin = Math.sin(spec.angle ?? 0);
  const out = new Float32Array(w * h);
  const ink = new Uint8Array(sym.width * sym.height);
  for (let i = 0; i < ink.length; i++) ink[i] = sym.data[i]! < 128 ? 1 : 0;
  const at = (px: number, py: number): number => {
    const dx = px - cx;
    const dy = py - cy;
    const u = (dx * cos + dy * sin) / m + sym.width / 2;
    const v = (-dx * sin + dy * cos) / m + symH / 2;
    if (u < 0 || u >= sym.width || v < 0 || v >= symH) return 150; // the desk
    return ink[(linear ? 0 : Math.floor(v)) * sym.width + Math.floor(u)] ? 30 : 230;
  };
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      // 2 × 2 samples a pixel, as a sensor pixel integrates over its area.
      out[y * w + x] = (at(x + 0.25, y + 0.25) + at(x + 0.75, y + 0.25) + at(x + 0.25, y + 0.75) + at(x + 0.75, y + 0.75)) / 4;
    }
  }
  for (let pass = 0; pass < (spec.blur ?? 0); pass++) boxBlur(out, w, h);
  let s = (spec.seed ?? 1) >>> 0;
  const noise = spec.noise ?? 4;
  const data = new Uint8Array(w * h);
  for (let i = 0; i < data.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    data[i] = Math.max(0, Math.min(255, Math.round(out[i]! + ((s / 4294967296) * 2 - 1) * noise)));
  }
  return { width: w, height: h, data };
}

/** The same frame as sensor_msgs/Image rgb8 with its data as base64, as rosbridge delivers it. */
export function asRosImage(gray: { width: number; height: number; data: Uint8Array }, encoding: 'rgb8' | 'bgr8' | 'rgba8' | 'mono8' = 'rgb8', pad = 0) {
  const ch = encoding === 'mono8' ? 1 : encoding === 'rgba8' ? 4 : 3;
  const step = gray.width * ch + pad;
  const bytes = Buffer.alloc(step * gray.height);
  for (let y = 0; y < gray.height; y++) {
    for (let x = 0; x < gray.width; x++) {
      const v = gray.data[y * gray.width + x]!;
      for (let c = 0; c < ch; c++) bytes[y * step + x * ch + c] = c === 3 ? 255 : v;
    }
  }
  return { header: { stamp: { sec: 12, nanosec: 5 }, frame_id: 'robot_1/camera_link' }, width: gray.width, height: gray.height, encoding, is_bigendian: 0, step, data: bytes.toString('base64') };
}

function isLinear(sym: { data: Uint8ClampedArray; width: number; height: number }): boolean {
  // A linear symbol's rows are all alike.
  for (let y = 1; y < sym.height; y++) for (let x = 0; x < sym.width; x++) if (sym.data[y * sym.width + x] !== sym.data[x]) return false;
  return true;
}

/** A 3 × 3 box blur, rows then columns; edges repeat. */
function boxBlur(img: Float32Array, w: number, h: number): void {
  const tmp = new Float32Array(img.length);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      tmp[i] = (img[x > 0 ? i - 1 : i]! + img[i]! + img[x < w - 1 ? i + 1 : i]!) / 3;
    }
  }
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      img[i] = (tmp[y > 0 ? i - w : i]! + tmp[i]! + tmp[y < h - 1 ? i + w : i]!) / 3;
    }
  }
}

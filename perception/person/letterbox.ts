// Letterboxing a frame into a detector's square (or any) input: the picture scaled to fit without
// changing its aspect, centred, the rest filled with grey 114 as Ultralytics does; and the way back
// from the model's pixels to the frame's.
//
// `zoomOut` > 1 shrinks the picture further inside the input. A bedside camera sees the patient from
// under a metre, filling the frame; COCO detectors learned people at a smaller share of the picture,
// so a zoomed-out pass finds them where a full-size pass sees only parts.
import type { PersonBox, RgbFrame, ScoredBox } from './types.js';

export const LETTERBOX_FILL = 114;

export interface LetterboxGeometry {
  /** Model input size. */
  width: number;
  height: number;
  /** Model pixels per frame pixel. */
  scale: number;
  /** Where the frame's top-left corner lands in the input. */
  padX: number;
  padY: number;
}

export function letterboxGeometry(frameW: number, frameH: number, inputW: number, inputH: number, zoomOut = 1): LetterboxGeometry {
  if (!(zoomOut >= 1 && Number.isFinite(zoomOut))) throw new RangeError(`zoomOut must be a number ≥ 1, got ${zoomOut}`);
  const scale = Math.min(inputW / frameW, inputH / frameH) / zoomOut;
  return { width: inputW, height: inputH, scale, padX: (inputW - frameW * scale) / 2, padY: (inputH - frameH * scale) / 2 };
}

export type PixelLayout = 'nchw' | 'nhwc';

/**
 * The frame resampled (bilinear) into the input as float32, channels R, G, B, each pixel multiplied by
 * `valueScale` (1/255 for YOLO exports, 1 for models that take 0..255).
 */
export function letterbox(frame: RgbFrame, geo: LetterboxGeometry, layout: PixelLayout, valueScale: number): Float32Array {
  const { width: w, height: h, scale, padX, padY } = geo;
  const out = new Float32Array(w * h * 3).fill(LETTERBOX_FILL * valueScale);
  const plane = w * h;
  const src = frame.data;
  const fw = frame.width;
  const fh = frame.height;
  const x0 = Math.max(0, Math.floor(padX));
  const x1 = Math.min(w, Math.ceil(padX + fw * scale));
  const y0 = Math.max(0, Math.floor(padY));
  const y1 = Math.min(h, Math.ceil(padY + fh * scale));
  for (let y = y0; y < y1; y++) {
    // The input pixel's centre in frame coordinates, clamped so edge pixels repeat.
    const sy = Math.min(fh - 1, Math.max(0, (y + 0.5 - padY) / scale - 0.5));
    const ya = Math.floor(sy);
    const yb = Math.min(fh - 1, ya + 1);
    const fy = sy - ya;
    for (let x = x0; x < x1; x++) {
      const sx = Math.min(fw - 1, Math.max(0, (x + 0.5 - padX) / scale - 0.5));
      const xa = Math.floor(sx);
      const xb = Math.min(fw - 1, xa + 1);
      const fx = sx - xa;
      const a = (ya * fw + xa) * 3;
      const b = (ya * fw + xb) * 3;
      const c = (yb * fw + xa) * 3;
      const d = (yb * fw + xb) * 3;
      for (let ch = 0; ch < 3; ch++) {
        const top = src[a + ch]! + (src[b + ch]! - src[a + ch]!) * fx;
        const bottom = src[c + ch]! + (src[d + ch]! - src[c + ch]!) * fx;
        const v = (top + (bottom - top) * fy) * valueScale;
        if (layout === 'nchw') out[ch * plane + y * w + x] = v;
        else out[(y * w + x) * 3 + ch] = v;
      }
    }
  }
  return out;
}

/** A box in model input pixels back in the frame's pixels, clipped to the frame; null when nothing is left. */
export function toFrameBox(box: ScoredBox, geo: LetterboxGeometry, frameW: number, frameH: number): PersonBox | null {
  const x1 = Math.max(0, Math.min(frameW, (box.x1 - geo.padX) / geo.scale));
  const y1 = Math.max(0, Math.min(frameH, (box.y1 - geo.padY) / geo.scale));
  const x2 = Math.max(0, Math.min(frameW, (box.x2 - geo.padX) / geo.scale));
  const y2 = Math.max(0, Math.min(frameH, (box.y2 - geo.padY) / geo.scale));
  if (x2 - x1 < 1 || y2 - y1 < 1) return null;
  return { x: x1, y: y1, width: x2 - x1, height: y2 - y1, confidence: box.score };
}

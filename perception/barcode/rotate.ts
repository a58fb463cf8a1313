// Turning a grey frame for another decoding pass. ZXing reads a linear code (Code 128) only when its
// scan lines cross the bars at a small angle; it tries the four right-angle turns itself, so the
// reader turns the frame by the angle in between, guessed from the picture (bars are many parallel
// edges: the strongest direction of the image gradient is across them).
import type { GrayImage } from './gray-image.js';

// Local bindings: a global lookup per pixel is slow where code runs in a vm context (Jest).
const { PI, abs, atan2, floor, min, round, sqrt } = Math;

/**
 * `img` turned back by `angle` radians about its centre, so that a code turned by `angle` comes out
 * square; same size, bilinear; what comes in from outside the frame is mid-grey. Angles are in image
 * coordinates (x right, y down): positive is clockwise as seen. `mapBack` takes a point of the turned
 * picture to the original's pixels.
 */
export function rotateGray(img: GrayImage, angle: number): { image: GrayImage; mapBack(p: { x: number; y: number }): { x: number; y: number } } {
  if (angle === PI / 2 || angle === -PI / 2) return quarterTurn(img, angle > 0 ? 1 : -1);
  const { width: w, height: h, data } = img;
  const out = new Uint8Array(w * h);
  const cx = w / 2;
  const cy = h / 2;
  // Output pixel p shows the source at c + R(angle)·(p − c).
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  for (let y = 0; y < h; y++) {
    const dy = y + 0.5 - cy;
    let sx = cx + (0.5 - cx) * cos - dy * sin - 0.5;
    let sy = cy + (0.5 - cx) * sin + dy * cos - 0.5;
    let o = y * w;
    for (let x = 0; x < w; x++, o++, sx += cos, sy += sin) {
      // Truncation is floor here: anything below 0 is outside and caught first.
      if (sx < 0 || sy < 0) {
        out[o] = 128;
        continue;
      }
      const x0 = sx | 0;
      const y0 = sy | 0;
      if (x0 >= w - 1 || y0 >= h - 1) {
        out[o] = 128;
        continue;
      }
      const fx = sx - x0;
      const fy = sy - y0;
      const i = y0 * w + x0;
      const p00 = data[i]!;
      const p10 = data[i + 1]!;
      const p01 = data[i + w]!;
      const top = p00 + (p10 - p00) * fx;
      const bottom = p01 + (data[i + w + 1]! - p01) * fx;
      out[o] = top + (bottom - top) * fy + 0.5;
    }
  }
  return {
    image: { width: w, height: h, data: out },
    mapBack: (p) => {
      const dx = p.x - cx;
      const dy = p.y - cy;
      return { x: cx + dx * cos - dy * sin, y: cy + dx * sin + dy * cos };
    },
  };
}

/**
 * A quarter turn back (angle ±π/2) without resampling: rows become columns, so a code standing
 * upright comes out level as sharp as it was. The picture's width and height swap.
 */
function quarterTurn(img: GrayImage, sign: 1 | -1): { image: GrayImage; mapBack(p: { x: number; y: number }): { x: number; y: number } } {
  const { width: w, height: h, data } = img;
  const out = new Uint8Array(w * h);
  // Output is h wide and w tall; its pixel (x', y') shows source column w-1-y', row x' (sign +1),
  // or column y', row h-1-x' (sign -1): c + R(±π/2)·(p − c') with the centres c and c'.
  for (let y = 0; y < w; y++) {
    const o = y * h;
    if (sign > 0) for (let x = 0; x < h; x++) out[o + x] = data[x * w + (w - 1 - y)]!;
    else for (let x = 0; x < h; x++) out[o + x] = data[(h - 1 - x) * w + y]!;
  }
  return {
    image: { width: h, height: w, data: out },
    mapBack: (p) => {
      const dx = p.x - h / 2;
      const dy = p.y - w / 2;
      return sign > 0 ? { x: w / 2 - dy, y: h / 2 + dx } : { x: w / 2 + dy, y: h / 2 - dx };
    },
  };
}

/**
 * The direction (radians in (-π/2, π/2], image coordinates) across the frame's dominant parallel
 * edges, or undefined when no direction stands out. Across a linear code's bars is along the code,
 * so `rotateGray(img, codeAxis(img))` lays a linear code flat for ZXing's scan lines.
 *
 * Sobel gradients, directions doubled (so both edges of a bar add up instead of cancelling): a
 * histogram finds the strongest direction among the clutter (folds, shading, the arm), then the
 * gradients near that peak are averaged as a structure tensor, which undoes the bias of pixel
 * staircases towards 0° and 45°.
 */
export function codeAxis(img: GrayImage): number | undefined {
  const { width: w, height: h, data } = img;
  const BINS = 90;
  const hist = new Float64Array(BINS);
  // Every other pixel is plenty for a direction, and quarters the cost; kept for the refinement.
  const n = Math.ceil((w - 2) / 2) * Math.ceil((h - 2) / 2);
  const gxs = new Float32Array(n);
  const gys = new Float32Array(n);
  const dirs = new Float32Array(n);
  let count = 0;
  let total = 0;
  for (let y = 1; y < h - 1; y += 2) {
    for (let x = 1; x < w - 1; x += 2) {
      const i = y * w + x;
      const a = data[i - w - 1]!; const b = data[i - w]!; const c = data[i - w + 1]!;
      const d = data[i - 1]!; const f = data[i + 1]!;
      const g = data[i + w - 1]!; const hh = data[i + w]!; const k = data[i + w + 1]!;
      const gx = c + 2 * f + k - a - 2 * d - g;
      const gy = g + 2 * hh + k - a - 2 * b - c;
      const m = gx * gx + gy * gy;
      // Weak gradients are noise, folds and shading (Sobel gains 4× over a plain difference).
      if (m < 6400) continue;
      const dir = atan2(gy, gx);
      let t = dir / PI; // -1..1, a half turn is 1
      t -= floor(t); // mod 180°
      const weight = sqrt(m);
      hist[min(BINS - 1, floor(t * BINS))]! += weight;
      total += weight;
      gxs[count] = gx;
      gys[count] = gy;
      dirs[count] = dir;
      count++;
    }
  }
  if (total === 0) return undefined;
  // Smoothed peak over three bins (the histogram wraps around).
  let best = -1;
  let bestV = 0;
  for (let b = 0; b < BINS; b++) {
    const v = hist[(b + BINS - 1) % BINS]! + hist[b]! + hist[(b + 1) % BINS]!;
    if (v > bestV) { bestV = v; best = b; }
  }
  // A uniform spread puts 3/BINS of the weight in any three bins; ask for clearly more.
  if (bestV < total * (6 / BINS)) return undefined;
  const peak = ((best + 0.5) / BINS) * PI;
  // Structure tensor of the gradients within 15° of the peak.
  const near = (15 * PI) / 180;
  let sxx = 0; let syy = 0; let sxy = 0;
  for (let j = 0; j < count; j++) {
    const gx = gxs[j]!;
    const gy = gys[j]!;
    let off = dirs[j]! - peak;
    off -= PI * round(off / PI);
    if (abs(off) > near) continue;
    sxx += gx * gx; syy += gy * gy; sxy += gx * gy;
  }
  const axis = 0.5 * atan2(2 * sxy, sxx - syy);
  return axis > PI / 2 ? axis - PI : axis <= -PI / 2 ? axis + PI : axis;
}

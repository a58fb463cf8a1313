// The robot's close-up camera looking at a printed code: a patient's wristband on the wrist, or a
// medication label, as a 640 × 480 rgb8 frame the barcode reader gets exactly as it would from a
// real camera. Pure and deterministic: the same print, shot and seed give the same bytes.
//
// Geometry: a pinhole camera (focal length in pixels from the field of view, as render.ts computes
// it) looks straight at the wrist from `distanceM`. The wrist is a cylinder of WRIST.radiusM seen
// side on; the band wraps it, so the printed code bends away towards its ends (the far modules look
// narrower and darker, as on a real wrist). The shot turns the whole picture by `angleRad`, moves it
// off centre, defocuses it (Gaussian blur), lights it unevenly and adds sensor noise. A sheet can
// cover part of the code, along it (from one end: a linear code is then lost) or across the bars
// (from one edge: a linear code still reads on the rest of the bars). A worn band keeps only a
// ghost of its print.
//
// Why not the navigation camera (render.ts, 85° across): at 40 cm a 0.33 mm bar would be 0.3 pixel
// wide, far below what any decoder resolves. Robots that read wristbands carry a narrow close-up
// camera or a scan engine; WRISTBAND_CAMERA is one, with the same option names as CameraOptions.
// Honest limits: no perspective tilt of the band's plane (only the wrist's curve), no specular glare,
// no motion blur, the label is flat.
import type { CameraImage } from './render.js';
import { PrintError, barcodePrinterReady, printBarcode, type PrintedSymbol } from './barcode-print.js';

// Local bindings: a global lookup per pixel is slow where code runs in a vm context (Jest).
const { abs, asin, floor, max, min, sin, sqrt } = Math;

/** The close-up camera: the width and height of its frames and its field of view across (rad). */
export interface CloseUpCamera {
  width: number;
  height: number;
  hfov: number;
}

export const WRISTBAND_CAMERA: Readonly<CloseUpCamera> = { width: 640, height: 480, hfov: (25 * Math.PI) / 180 };

/** A patient's wrist and band, metres. The module is 4 dots of a 300-dpi band printer. */
export const WRIST = { radiusM: 0.032, bandWidthM: 0.025, moduleM: 0.00034, barHeightM: 0.013, quietModules: 10, printableM: 0.075 } as const;
/** A medication label: flat, its DataMatrix module 0.6 mm (the top of GS1's range for healthcare labels). */
export const LABEL = { widthM: 0.07, heightM: 0.04, moduleM: 0.0006 } as const;

/** Where the code is and how the picture comes out. */
export interface Shot {
  /** Lens to the front of the wrist (or the label), metres. */
  distanceM: number;
  /** Turn of the code in the picture, radians, counter-clockwise as seen. */
  angleRad: number;
  /** Defocus: Gaussian sigma in pixels (0 = sharp). */
  blurPx: number;
  /** Sensor noise: standard deviation in grey levels (0..255). */
  noise: number;
  /** Where the code's centre falls, pixels from the image centre. */
  offsetX: number;
  offsetY: number;
  /** Exposure: 1 is a well-lit ward. */
  light: number;
  /** A sheet over part of the code: `along` covers that share of its length from one end, `across` that share of its height from one edge. */
  cover?: { along: number } | { across: number };
}

/** What is printed: a wristband (its code bends round the wrist) or a flat medication label. */
export interface Printed {
  kind: 'wristband' | 'label';
  symbol: PrintedSymbol;
  /** Size of one module, metres. */
  moduleM: number;
  /** A worn or smudged print: only a ghost of the ink is left. */
  worn?: boolean;
}

/**
 * The wristband a printer makes for `text`: Code 128 when it fits the band's printable length at the
 * band's module size, else a square DataMatrix (a long text needs a 2D code on a band).
 */
export function printWristband(text: string, opts: { worn?: boolean } = {}): Printed {
  const worn = opts.worn ?? false;
  // A band printed with nothing: no code to find.
  if (text === '') return { kind: 'wristband', symbol: { format: 'Code128', text, columns: 1, rows: 1, ink: new Uint8Array(1) }, moduleM: WRIST.moduleM, worn };
  let linear: PrintedSymbol | undefined;
  try {
    linear = printBarcode(text, 'Code128');
  } catch (err) {
    // Characters Code 128 cannot carry (beyond Latin-1) go into a DataMatrix below.
    if (!(err instanceof PrintError) || !barcodePrinterReady()) throw err;
  }
  if (linear && (linear.columns + 2 * WRIST.quietModules) * WRIST.moduleM <= WRIST.printableM) {
    return { kind: 'wristband', symbol: linear, moduleM: WRIST.moduleM, worn };
  }
  const matrix = printBarcode(text, 'DataMatrix');
  // As large as the band's width allows, with a module of quiet zone either side.
  const moduleM = min(0.0006, (WRIST.bandWidthM * 0.85) / (matrix.rows + 2));
  return { kind: 'wristband', symbol: matrix, moduleM, worn };
}

/** A medication label: its text as a DataMatrix. */
export function printLabel(text: string): Printed {
  const symbol = printBarcode(text, 'DataMatrix');
  return { kind: 'label', symbol, moduleM: min(LABEL.moduleM, (LABEL.heightM * 0.8) / (symbol.rows + 2)) };
}

/** Focal length in pixels: the same formula as render.ts. */
export function focalPx(camera: CloseUpCamera): number {
  return camera.width / 2 / Math.tan(camera.hfov / 2);
}

/** Pixels one module spans at the centre of the code, at `distanceM`. */
export function pixelsPerModule(printed: Printed, distanceM: number, camera: CloseUpCamera = WRISTBAND_CAMERA): number {
  return (focalPx(camera) * printed.moduleM) / distanceM;
}

const PAPER = 238;
const INK = 28;
const SKIN: readonly [number, number, number] = [214, 168, 140];
const SHEET: readonly [number, number, number] = [178, 198, 214];
const LABEL_BACK: readonly [number, number, number] = [196, 150, 92];

/** Draws the frame. `rng` drives the sensor noise (and nothing else), so frames of one shot differ only in noise. */
export function renderCloseUp(printed: Printed, shot: Shot, rng: () => number, camera: CloseUpCamera = WRISTBAND_CAMERA): CameraImage {
  checkShot(shot);
  const { width: w, height: h } = camera;
  const s = focalPx(camera) / shot.distanceM;
  const cx = w / 2 + shot.offsetX;
  const cy = h / 2 + shot.offsetY;
  const cos = Math.cos(shot.angleRad);
  const sin = Math.sin(shot.angleRad);
  const { symbol, moduleM } = printed;
  const wrist = printed.kind === 'wristband';
  const codeL = symbol.columns * moduleM;
  const codeH = wrist && symbol.rows === 1 ? WRIST.barHeightM : symbol.rows * moduleM;
  const cover = shot.cover;
  const scene: Scene = {
    wrist, R: WRIST.radiusM, codeL, codeH, symbol,
    halfBand: wrist ? WRIST.bandWidthM / 2 : LABEL.heightM / 2,
    halfLabel: LABEL.widthM / 2,
    ink: printed.worn ? PAPER - 12 : INK,
    coverAlong: cover && 'along' in cover ? cover.along : 0,
    coverAcross: cover && 'across' in cover ? cover.across : 0,
    rgb: [0, 0, 0],
  };
  // A pixel and a half, in metres: how near the print a pixel must be to get 2 × 2 samples.
  const margin = 1.5 / s;
  const out = new Float32Array(w * h * 3);
  const rgb = scene.rgb;
  const da = cos / s;
  const db = -sin / s;
  for (let y = 0; y < h; y++) {
    const dy = y + 0.5 - cy;
    let a = ((0.5 - cx) * cos + dy * sin) / s;
    let b = (-(0.5 - cx) * sin + dy * cos) / s;
    for (let x = 0; x < w; x++, a += da, b += db) {
      const k = (y * w + x) * 3;
      const t = wrist && abs(a) < scene.R ? scene.R * asin(a / scene.R) : a;
      if (abs(t) < codeL / 2 + margin && abs(b) < codeH / 2 + margin) {
        // Near the print, 2 × 2 samples a pixel: a sensor pixel integrates over its area.
        let r = 0; let g = 0; let bl = 0;
        for (let q = 0; q < 4; q++) {
          // Quarter-pixel offsets (±¼, ±¼) in the picture, turned into the code's axes.
          const ox = q & 1 ? 0.25 : -0.25;
          const oy = q & 2 ? 0.25 : -0.25;
          sampleScene(scene, a + (ox * cos + oy * sin) / s, b + (-ox * sin + oy * cos) / s);
          r += rgb[0]; g += rgb[1]; bl += rgb[2];
        }
        out[k] = r / 4; out[k + 1] = g / 4; out[k + 2] = bl / 4;
      } else {
        sampleScene(scene, a, b);
        out[k] = rgb[0]; out[k + 1] = rgb[1]; out[k + 2] = rgb[2];
      }
    }
  }
  if (shot.blurPx > 0) gaussianBlur(out, w, h, shot.blurPx);
  return toRgb8(out, w, h, shot.light, shot.noise, rng);
}

interface Scene {
  wrist: boolean;
  R: number;
  codeL: number;
  codeH: number;
  symbol: PrintedSymbol;
  halfBand: number;
  halfLabel: number;
  ink: number;
  coverAlong: number;
  coverAcross: number;
  /** The sample's colour, written by sampleScene. */
  rgb: [number, number, number];
}

/** The colour at (a along the code, b across it), metres from the code's centre as seen, into scene.rgb. */
function sampleScene(sc: Scene, a: number, b: number): void {
  const rgb = sc.rgb;
  const onWrist = sc.wrist && a > -sc.R && a < sc.R;
  const onPrint = sc.wrist ? onWrist && b > -sc.halfBand && b < sc.halfBand : a > -sc.halfLabel && a < sc.halfLabel && b > -sc.halfBand && b < sc.halfBand;
  // Around the wrist: the light falls off as the surface turns away (cos of the wrap angle).
  const turn = onWrist ? sqrt(1 - (a / sc.R) * (a / sc.R)) : 1;
  if (onPrint) {
    const t = sc.wrist ? sc.R * asin(a / sc.R) : a;
    const u = (t + sc.codeL / 2) / sc.codeL;
    const v = (b + sc.codeH / 2) / sc.codeH;
    const covered = (sc.coverAlong > 0 && u < sc.coverAlong) || (sc.coverAcross > 0 && v < sc.coverAcross);
    if (!covered || u < -0.15 || u > 1.15) {
      let p = PAPER;
      if (u >= 0 && u < 1 && v >= 0 && v < 1) {
        const sym = sc.symbol;
        const row = sym.rows === 1 ? 0 : floor(v * sym.rows);
        if (sym.ink[row * sym.columns + floor(u * sym.columns)]) p = sc.ink;
      }
      p *= sc.wrist ? 0.55 + 0.45 * turn : 1;
      rgb[0] = p; rgb[1] = p; rgb[2] = p * 0.97;
      return;
    }
    // Under the sheet.
    const fold = 0.9 + 0.1 * sin(a * 180 + b * 60);
    rgb[0] = SHEET[0] * fold; rgb[1] = SHEET[1] * fold; rgb[2] = SHEET[2] * fold;
    return;
  }
  if (onWrist) {
    const shade = 0.5 + 0.5 * turn;
    rgb[0] = SKIN[0] * shade; rgb[1] = SKIN[1] * shade; rgb[2] = SKIN[2] * shade;
    return;
  }
  if (!sc.wrist && a > -sc.halfLabel * 1.6 && a < sc.halfLabel * 1.6 && b > -sc.halfBand * 2.2 && b < sc.halfBand * 2.2) {
    // The pharmacy bag the label is stuck on.
    rgb[0] = LABEL_BACK[0]; rgb[1] = LABEL_BACK[1]; rgb[2] = LABEL_BACK[2];
    return;
  }
  // The bed sheet behind, with soft folds.
  const fold = 0.85 + 0.15 * sin(a * 40 + b * 15);
  rgb[0] = SHEET[0] * fold; rgb[1] = SHEET[1] * fold; rgb[2] = SHEET[2] * fold;
}

function checkShot(shot: Shot): void {
  const bad = (field: string, why: string): never => {
    throw new RangeError(`close-up shot: ${field}: ${why}`);
  };
  if (!(shot.distanceM > 0.02 && shot.distanceM < 5)) bad('distanceM', `must be 0.02..5 m, got ${shot.distanceM}`);
  if (!Number.isFinite(shot.angleRad)) bad('angleRad', `must be a number, got ${shot.angleRad}`);
  if (!(shot.blurPx >= 0 && shot.blurPx <= 20)) bad('blurPx', `must be 0..20 px, got ${shot.blurPx}`);
  if (!(shot.noise >= 0 && shot.noise <= 64)) bad('noise', `must be 0..64 grey levels, got ${shot.noise}`);
  if (!(shot.light > 0 && shot.light <= 2)) bad('light', `must be in (0, 2], got ${shot.light}`);
  if (!Number.isFinite(shot.offsetX) || !Number.isFinite(shot.offsetY)) bad('offsetX/offsetY', 'must be numbers of pixels');
  if (shot.cover) {
    const v = 'along' in shot.cover ? shot.cover.along : shot.cover.across;
    if (!(v >= 0 && v <= 1)) bad('cover', `the covered share must be 0..1, got ${v}`);
  }
}

/** In place, separable, on the three interleaved channels; edges repeat the border pixel. */
function gaussianBlur(img: Float32Array, w: number, h: number, sigma: number): void {
  const r = max(1, Math.ceil(sigma * 2.5));
  const kernel = new Float32Array(2 * r + 1);
  let sum = 0;
  for (let i = -r; i <= r; i++) sum += kernel[i + r] = Math.exp(-(i * i) / (2 * sigma * sigma));
  for (let i = 0; i < kernel.length; i++) kernel[i]! /= sum;
  const row = w * 3;
  // Along rows: each row copied into a padded line, then convolved without bounds checks.
  const line = new Float32Array(row + 6 * r);
  for (let y = 0; y < h; y++) {
    const base = y * row;
    line.set(img.subarray(base, base + row), 3 * r);
    for (let i = 0; i < r; i++) {
      for (let c = 0; c < 3; c++) {
        line[i * 3 + c] = img[base + c]!;
        line[3 * r + row + i * 3 + c] = img[base + row - 3 + c]!;
      }
    }
    for (let i = 0; i < row; i++) {
      let acc = 0;
      for (let k = 0, j = i; k <= 2 * r; k++, j += 3) acc += line[j]! * kernel[k]!;
      img[base + i] = acc;
    }
  }
  // Down columns: whole rows at a time, so memory is read in order.
  const copy = img.slice();
  for (let y = 0; y < h; y++) {
    const base = y * row;
    img.fill(0, base, base + row);
    for (let k = -r; k <= r; k++) {
      const src = min(h - 1, max(0, y + k)) * row;
      const wt = kernel[k + r]!;
      for (let i = 0; i < row; i++) img[base + i]! += copy[src + i]! * wt;
    }
  }
}

/** Normal deviates for sensor noise, drawn once from a fixed seed; each frame reads them from rng-chosen places. */
const NOISE_TABLE = (() => {
  const n = 1 << 16;
  const t = new Float32Array(n);
  let a = 0x5eed;
  const uniform = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
  for (let i = 0; i < n; i += 2) {
    const u = max(uniform(), 1e-12);
    const v = uniform();
    const m = sqrt(-2 * Math.log(u));
    t[i] = m * Math.cos(2 * Math.PI * v);
    t[i + 1] = m * sin(2 * Math.PI * v);
  }
  return t;
})();

function toRgb8(img: Float32Array, w: number, h: number, light: number, noise: number, rng: () => number): CameraImage {
  const step = w * 3;
  const data = Buffer.alloc(step * h);
  const table = NOISE_TABLE;
  const mask = table.length - 1;
  const cx = w / 2;
  const cy = h / 2;
  const falloff = 0.15 / (cx * cx + cy * cy);
  for (let y = 0; y < h; y++) {
    // Each row starts at a random place in the table with a random odd stride, so rows do not repeat.
    let at = floor(rng() * table.length);
    const stride = 2 * floor(rng() * 97) + 1;
    const dy2 = (y - cy) * (y - cy);
    let i = y * step;
    for (let x = 0; x < w; x++) {
      // Lens vignetting: the corners get 15% less light.
      const gain = light * (1 - falloff * ((x - cx) * (x - cx) + dy2));
      for (let c = 0; c < 3; c++, i++, at += stride) {
        const v = img[i]! * gain + table[at & mask]! * noise;
        data[i] = v <= 0 ? 0 : v >= 255 ? 255 : v + 0.5;
      }
    }
  }
  return { width: w, height: h, encoding: 'rgb8', step, data };
}

// Reads the barcodes in one camera frame: wristbands (Code 128, DataMatrix) and medication labels
// (DataMatrix, QR, PDF417), with ZXing-C++ (zxing-wasm).
//
// Passes, cheapest first, stopping after the first that finds something:
//  1. "upright": matrix codes (DataMatrix, QR) at any turn (ZXing's right-angle retries are cheap
//     for them); linear codes (Code 128, PDF417) when the frame's dominant edges (the bars, found
//     by rotate.ts) are within 8° of upright, or when no direction stands out.
//  2. "turned": otherwise, the frame turned so that those bars stand upright, read for linear codes.
//  3. "thorough": linear codes again (turned, if they were) with the global-histogram binarizer,
//     which holds up better on evenly lit blurred bars, and as they are if they were turned (the
//     dominant edges may not have been a code's); then matrix codes with ZXing's downscaled retry
//     (a code large in the frame) and its denoising (blurred or damaged modules).
// A frame where nothing is found costs all three; one where the band is seen usually one or two.
import { ImageFieldError, imageToGray, type GrayImage, type ImageInput, type RawPixels } from './gray-image.js';
import { codeAxis, rotateGray } from './rotate.js';
import { loadZxingEngine, type PassOptions, type RawRead, type ZxingEngine } from './zxing-engine.js';

/** The symbologies read, named as ReadWristband.action and BarcodeReading.msg name them. */
export const BARCODE_SYMBOLOGIES = ['code128', 'datamatrix', 'qrcode', 'pdf417'] as const;
export type BarcodeSymbology = (typeof BARCODE_SYMBOLOGIES)[number];

const ZXING_FORMAT: Record<BarcodeSymbology, 'Code128' | 'DataMatrix' | 'QRCode' | 'PDF417'> = {
  code128: 'Code128', datamatrix: 'DataMatrix', qrcode: 'QRCode', pdf417: 'PDF417',
};
const LINEAR: ReadonlySet<BarcodeSymbology> = new Set(['code128', 'pdf417']);

export interface BarcodePoint { x: number; y: number }

/** What `read` takes: a sensor_msgs/Image, raw pixels, or grey pixels. */
export type BarcodeImageInput = ImageInput | RawPixels | GrayImage;

/** One code read in one frame. */
export interface BarcodeCode {
  /** Untrusted: compare it, never interpret it. */
  text: string;
  symbology: BarcodeSymbology;
  /**
   * How much of the code this frame saw, 0..1. Code 128 (a checksum, no error correction): n/(n+4)
   * for the n scan lines across the bars that decoded alike (2 lines 0.33, 12 lines 0.75, 36 lines
   * 0.9). Codes with error correction (DataMatrix, QR, PDF417): 0.5 + half the share of the
   * correction capacity ZXing left unused (1: nothing needed correcting; 0.5: corrected to the limit).
   */
  quality: number;
  /**
   * How sure one frame alone can be: quality × 0.5, the same measure MultiFrameBarcodeReader gives a text
   * seen in one frame (each agreeing frame halves the remaining doubt).
   */
  confidence: number;
  /** The code's centre, pixels of the frame given. */
  center: BarcodePoint;
  /** Its turn, radians, image coordinates (x right, y down: positive is clockwise as seen), along its reading direction. */
  angle: number;
  /** Corners: top-left, top-right, bottom-right, bottom-left as the code reads. */
  corners: BarcodePoint[];
}

export interface BarcodeFrame {
  codes: BarcodeCode[];
  /** The passes tried, in order (see the top of this file). */
  passes: ('upright' | 'turned' | 'thorough')[];
  width: number;
  height: number;
}

export interface BarcodeReadOptions {
  /** What to look for; all four by default. Fewer is faster. */
  symbologies?: readonly BarcodeSymbology[];
  /** Stop after this many passes (1..3, default 3): 1 is the fast path only. */
  maxPasses?: 1 | 2 | 3;
}

export class BarcodeReader {
  private constructor(private readonly engine: ZxingEngine) {}

  /** Compiles ZXing once per process (reader WebAssembly from node_modules, never a CDN). */
  static async load(): Promise<BarcodeReader> {
    return new BarcodeReader(await loadZxingEngine());
  }

  /**
   * Every code in one frame: a sensor_msgs/Image (rgb8, bgr8, rgba8, bgra8, mono8; data base64 or
   * bytes), raw pixels, or grey pixels. Throws ImageFieldError naming the field when the image is malformed.
   */
  read(input: BarcodeImageInput, opts: BarcodeReadOptions = {}): BarcodeFrame {
    const gray = isGray(input) ? checkGray(input) : imageToGray(input);
    const wanted = checkSymbologies(opts.symbologies ?? BARCODE_SYMBOLOGIES);
    const maxPasses = opts.maxPasses ?? 3;
    const matrix = wanted.filter((s) => !LINEAR.has(s)).map((s) => ZXING_FORMAT[s]);
    const linear = wanted.filter((s) => LINEAR.has(s)).map((s) => ZXING_FORMAT[s]);
    const passes: BarcodeFrame['passes'] = [];
    const done = (raw: RawRead[], mapBack?: (p: BarcodePoint) => BarcodePoint): BarcodeFrame => ({ codes: raw.map((r) => toCode(r, mapBack)), passes, width: gray.width, height: gray.height });

    // Which way the bars run, when anything stands out: a linear code well off level is read turned
    // level, not scanned for in vain as it is (ZXing's scan lines only cross bars within ~12°).
    const axis = linear.length ? codeAxis(gray) : undefined;
    const skewed = axis !== undefined && Math.abs(axis) > SKEW_TOLERANCE;

    passes.push('upright');
    let raw = [
      ...(matrix.length ? this.engine.read(gray, { ...UPRIGHT_MATRIX, formats: matrix }) : []),
      ...(linear.length && !skewed ? this.engine.read(gray, { ...UPRIGHT_LINEAR, formats: linear }) : []),
    ];
    if (raw.length || maxPasses < 2) return done(raw);

    // The frame the linear passes read: turned when the bars are off level, as it is otherwise.
    // A code standing within 8° of upright gets a quarter turn, which keeps every pixel sharp.
    const turnBy = skewed && Math.abs(Math.abs(axis) - Math.PI / 2) <= SKEW_TOLERANCE ? Math.sign(axis) * (Math.PI / 2) : axis;
    const turned = skewed ? rotateGray(gray, turnBy!) : undefined;
    const linearFrame = turned?.image ?? gray;
    if (turned) {
      passes.push('turned');
      raw = this.engine.read(turned.image, { ...UPRIGHT_LINEAR, formats: linear });
      if (raw.length) return done(raw, turned.mapBack);
    }
    if (maxPasses < 3) return done([]);
    passes.push('thorough');
    if (linear.length) {
      const again = this.engine.read(linearFrame, { ...THOROUGH_LINEAR, formats: linear });
      if (again.length) return done(again, turned?.mapBack);
      // The bars' direction may have come from something else (folds, a bed rail): a level code as it is.
      const level = turned ? this.engine.read(gray, { ...UPRIGHT_LINEAR, formats: linear }) : [];
      if (level.length) return done(level);
    }
    return done(matrix.length ? this.engine.read(gray, { ...THOROUGH_MATRIX, formats: matrix }) : []);
  }
}

/** Bars within this of level are read as they are (radians). */
const SKEW_TOLERANCE = (8 * Math.PI) / 180;
const UPRIGHT_MATRIX: Omit<PassOptions, 'formats'> = {
  tryHarder: true, tryRotate: true, tryDownscale: false, tryDenoise: false, binarizer: 'LocalAverage', minLineCount: 2, maxNumberOfSymbols: 8,
};
const UPRIGHT_LINEAR: Omit<PassOptions, 'formats'> = { ...UPRIGHT_MATRIX, tryRotate: false };
const THOROUGH_MATRIX: Omit<PassOptions, 'formats'> = { ...UPRIGHT_MATRIX, tryDownscale: true, tryDenoise: true };
// ZXing's own right-angle turns add nothing here: a code off level was already turned level.
const THOROUGH_LINEAR: Omit<PassOptions, 'formats'> = { ...UPRIGHT_LINEAR, binarizer: 'GlobalHistogram' };

function toCode(r: RawRead, mapBack?: (p: BarcodePoint) => BarcodePoint): BarcodeCode {
  const symbology = symbologyOf(r.format);
  const corners = mapBack ? r.corners.map(mapBack) : r.corners;
  const quality = LINEAR.has(symbology) && r.unusedEc === undefined
    ? r.lineCount / (r.lineCount + 4)
    : 0.5 + 0.5 * (r.unusedEc ?? 0.5);
  const [tl, tr, br, bl] = corners as [BarcodePoint, BarcodePoint, BarcodePoint, BarcodePoint];
  return {
    text: r.text, symbology, quality, confidence: quality * 0.5,
    center: { x: (tl.x + tr.x + br.x + bl.x) / 4, y: (tl.y + tr.y + br.y + bl.y) / 4 },
    // Along the reading direction: the mean of the top and bottom edges.
    angle: Math.atan2(tr.y - tl.y + br.y - bl.y, tr.x - tl.x + br.x - bl.x),
    corners,
  };
}

function symbologyOf(format: string): BarcodeSymbology {
  const s = (Object.keys(ZXING_FORMAT) as BarcodeSymbology[]).find((k) => ZXING_FORMAT[k] === format);
  // Only the formats asked for come back; anything else is a change in zxing-wasm worth hearing about.
  if (!s) throw new Error(`barcode reader: ZXing returned format "${format}", which was not asked for`);
  return s;
}

function checkSymbologies(list: readonly string[]): BarcodeSymbology[] {
  if (!Array.isArray(list) || list.length === 0) throw new RangeError(`symbologies: give at least one of ${BARCODE_SYMBOLOGIES.join(', ')}`);
  for (const s of list) if (!(BARCODE_SYMBOLOGIES as readonly string[]).includes(s)) throw new RangeError(`symbologies: "${s}" is not one of ${BARCODE_SYMBOLOGIES.join(', ')}`);
  return [...new Set(list as BarcodeSymbology[])];
}

function isGray(x: unknown): x is GrayImage {
  return typeof x === 'object' && x !== null && !('encoding' in x) && 'data' in x && (x as GrayImage).data instanceof Uint8Array;
}

function checkGray(g: GrayImage): GrayImage {
  if (!Number.isInteger(g.width) || g.width < 1) throw new ImageFieldError('width', `${String(g.width)} is not a whole number of pixels`);
  if (!Number.isInteger(g.height) || g.height < 1) throw new ImageFieldError('height', `${String(g.height)} is not a whole number of pixels`);
  if (g.data.length !== g.width * g.height) throw new ImageFieldError('data', `${g.data.length} grey bytes, but width × height is ${g.width * g.height}`);
  return g;
}

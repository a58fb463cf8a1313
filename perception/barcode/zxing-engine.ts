// ZXing-C++ (zxing-wasm 3.x, reader build) as a synchronous decoder of grey pixels.
//
// The WebAssembly is read from node_modules/zxing-wasm/dist/reader/zxing_reader.wasm and handed to the
// module as `wasmBinary`, so it never fetches from a CDN; it compiles once per process, on the first
// `loadZxingEngine()`. Decoding then calls the module's `readBarcodesFromPixmap` directly, the call
// zxing-wasm's own `readBarcodes` makes after converting RGBA to grey: we already have grey pixels,
// and a synchronous decode lets a simulated robot read inside one step of its clock. engine.test.ts
// checks that both paths agree, so an upgrade of zxing-wasm that changes the binding fails there.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import {
  BINARIZERS, CHARACTER_SETS, EAN_ADD_ON_SYMBOLS, TEXT_MODES, defaultReaderOptions, encodeFormats, prepareZXingModule,
  type Binarizer, type ReadInputBarcodeFormat, type ZXingReaderOptions, type ZXingReadResult,
} from 'zxing-wasm/reader';
import type { GrayImage } from './gray-image.js';

export class BarcodeEngineError extends Error {}

/** The decoder options a pass can change; the rest stay at zxing-wasm's defaults. */
export interface PassOptions {
  formats: readonly ReadInputBarcodeFormat[];
  tryHarder: boolean;
  tryRotate: boolean;
  tryDownscale: boolean;
  tryDenoise: boolean;
  binarizer: Binarizer;
  /** Scan lines of a linear code that must agree (zxing's minLineCount). */
  minLineCount: number;
  maxNumberOfSymbols: number;
}

/** One symbol as ZXing reports it, corners in the pixels it was given. */
export interface RawRead {
  text: string;
  /** zxing-wasm's format name, e.g. "Code128", "DataMatrix". */
  format: string;
  corners: { x: number; y: number }[];
  /** Scan lines that decoded the same (linear codes only; 0 for matrix codes). */
  lineCount: number;
  /** Share of the error-correction capacity left unused, 0..1 (matrix codes); undefined when ZXing does not say. */
  unusedEc: number | undefined;
}

interface VectorOf<T> { size(): number; get(i: number): T; delete(): void }
/** The little of the reader's Emscripten module this file calls. */
interface ReaderModule {
  _malloc(bytes: number): number;
  _free(ptr: number): void;
  HEAPU8: Uint8Array;
  readBarcodesFromPixmap(ptr: number, width: number, height: number, options: ZXingReaderOptions): VectorOf<ZXingReadResult>;
}

/** Where the reader's WebAssembly lies in node_modules. */
export function readerWasmPath(): string {
  return createRequire(import.meta.url).resolve('zxing-wasm/reader/zxing_reader.wasm');
}

let loading: Promise<ZxingEngine> | undefined;

/** The engine, compiled once per process; later calls return the same promise. */
export function loadZxingEngine(): Promise<ZxingEngine> {
  loading ??= (async () => {
    let bytes: Buffer;
    const path = readerWasmPath();
    try {
      bytes = readFileSync(path);
    } catch (err) {
      throw new BarcodeEngineError(`barcode reader: cannot read zxing-wasm's reader at ${path}: ${(err as Error).message}; run npm install`);
    }
    const wasmBinary = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    const m = (await prepareZXingModule({ overrides: { wasmBinary }, fireImmediately: true })) as unknown as ReaderModule;
    if (typeof m.readBarcodesFromPixmap !== 'function') throw new BarcodeEngineError('barcode reader: this zxing-wasm has no readBarcodesFromPixmap; it needs zxing-wasm 3.x');
    return new ZxingEngine(m);
  })();
  // A failed load may be retried (e.g. after npm install), not cached as failed forever.
  loading.catch(() => { loading = undefined; });
  return loading;
}

export class ZxingEngine {
  private readonly optionCache = new Map<string, ZXingReaderOptions>();

  constructor(private readonly m: ReaderModule) {}

  /** Every symbol ZXing finds in `img` with these options. */
  read(img: GrayImage, pass: PassOptions): RawRead[] {
    const { width, height, data } = img;
    const n = width * height;
    const ptr = this.m._malloc(n);
    if (!ptr) throw new BarcodeEngineError(`barcode reader: cannot allocate ${n} bytes in WebAssembly memory`);
    let results: VectorOf<ZXingReadResult> | undefined;
    try {
      // HEAPU8 is looked up after malloc: growing the memory replaces the buffer.
      this.m.HEAPU8.set(data.length === n ? data : data.subarray(0, n), ptr);
      results = this.m.readBarcodesFromPixmap(ptr, width, height, this.options(pass));
    } finally {
      this.m._free(ptr);
    }
    try {
      const out: RawRead[] = [];
      for (let i = 0; i < results.size(); i++) {
        const r = results.get(i);
        if (!r.isValid) continue;
        const p = r.position;
        out.push({
          text: r.text, format: r.format,
          corners: [p.topLeft, p.topRight, p.bottomRight, p.bottomLeft].map((c) => ({ x: c.x, y: c.y })),
          lineCount: r.lineCount,
          unusedEc: unusedEc(r.extra),
        });
      }
      return out;
    } finally {
      results.delete();
    }
  }

  private options(pass: PassOptions): ZXingReaderOptions {
    const key = JSON.stringify(pass);
    let o = this.optionCache.get(key);
    if (!o) {
      // The same conversion zxing-wasm's readerOptionsToZXingReaderOptions makes.
      const d = defaultReaderOptions;
      o = {
        formats: encodeFormats([...pass.formats]),
        tryHarder: pass.tryHarder, tryRotate: pass.tryRotate, tryInvert: false, tryDownscale: pass.tryDownscale, tryDenoise: pass.tryDenoise,
        binarizer: BINARIZERS.indexOf(pass.binarizer), isPure: false,
        downscaleThreshold: d.downscaleThreshold, downscaleFactor: d.downscaleFactor,
        minLineCount: pass.minLineCount, maxNumberOfSymbols: pass.maxNumberOfSymbols,
        validateOptionalChecksum: false, returnErrors: false,
        eanAddOnSymbol: EAN_ADD_ON_SYMBOLS.indexOf('Ignore'),
        textMode: TEXT_MODES.indexOf('Plain'),
        characterSet: CHARACTER_SETS.indexOf('Unknown'),
        tryCode39ExtendedMode: true,
      };
      this.optionCache.set(key, o);
    }
    return o;
  }
}

/** ZXing's "UEC" (unused error correction, 0..1) from its `extra` JSON, when it gives one. */
function unusedEc(extra: string): number | undefined {
  if (!extra) return undefined;
  try {
    const v = (JSON.parse(extra) as { UEC?: unknown }).UEC;
    const n = typeof v === 'string' ? Number(v) : v;
    return typeof n === 'number' && Number.isFinite(n) ? Math.max(0, Math.min(1, n)) : undefined;
  } catch {
    return undefined;
  }
}

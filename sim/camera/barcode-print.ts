// What the simulated printer puts on a wristband or a medication label: the real symbol, encoded by
// zxing-wasm's writer (ZXing-C++ / zint), as a grid of modules. The simulated camera then draws it.
//
// The writer's WebAssembly is read from node_modules (never fetched from a CDN) and compiled once per
// process, on the first `loadBarcodePrinter()`. After that, printing is synchronous, so a skill can
// print inside one step of the sim clock.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { encodeFormat, prepareZXingModule, type ZXingWriterOptions } from 'zxing-wasm/writer';

/** Symbols the simulated printer can make. */
export type PrintFormat = 'Code128' | 'DataMatrix';

/** A printed symbol: one byte per module, 1 = ink (bar or dark cell), row by row. */
export interface PrintedSymbol {
  format: PrintFormat;
  text: string;
  /** Modules across; for Code 128, the bars and spaces from start to stop, without quiet zones. */
  columns: number;
  /** Modules down; 1 for Code 128 (the bars are as tall as the label makes them). */
  rows: number;
  ink: Uint8Array;
}

/** The little of the writer's Emscripten module this file calls. */
interface WriterModule {
  writeBarcodeFromText(text: string, options: ZXingWriterOptions): { error: string; symbol: { data: Uint8ClampedArray; width: number; height: number } };
}

export class PrintError extends Error {}

let loading: Promise<WriterModule> | undefined;
let writer: WriterModule | undefined;

/** Where the writer's WebAssembly lies in node_modules. */
export function writerWasmPath(): string {
  return createRequire(import.meta.url).resolve('zxing-wasm/writer/zxing_writer.wasm');
}

/** Compiles the writer once per process; later calls return the same promise. */
export function loadBarcodePrinter(): Promise<void> {
  loading ??= (async () => {
    let wasmBinary: Buffer;
    try {
      wasmBinary = readFileSync(writerWasmPath());
    } catch (err) {
      throw new PrintError(`barcode printer: cannot read zxing-wasm's writer (dist/writer/zxing_writer.wasm): ${(err as Error).message}; run npm install`);
    }
    // wasmBinary given, the module never asks locateFile for a URL: no CDN fetch.
    const m = (await prepareZXingModule({ overrides: { wasmBinary: wasmBinary.buffer.slice(wasmBinary.byteOffset, wasmBinary.byteOffset + wasmBinary.byteLength) }, fireImmediately: true })) as unknown as WriterModule;
    writer = m;
    return m;
  })();
  loading.catch(() => { loading = undefined; });
  return loading.then(() => undefined);
}

export function barcodePrinterReady(): boolean {
  return writer !== undefined;
}

const cache = new Map<string, PrintedSymbol>();
const CACHE_MAX = 256;

/**
 * Encodes `text` as `format`. Needs `loadBarcodePrinter()` to have finished; throws PrintError when it
 * has not, or when the text cannot be encoded in that symbology.
 */
export function printBarcode(text: string, format: PrintFormat): PrintedSymbol {
  const key = `${format}\u0000${text}`;
  const hit = cache.get(key);
  if (hit) return hit;
  if (!writer) throw new PrintError('barcode printer: not loaded yet; await loadBarcodePrinter() first');
  if (text.length === 0) throw new PrintError(`barcode printer: nothing to print as ${format} (empty text)`);
  const options: ZXingWriterOptions = {
    format: encodeFormat(format), options: format === 'DataMatrix' ? 'forceSquare' : '', scale: 1, rotate: 0, invert: false, addHRT: false, addQuietZones: false,
  };
  const out = writer.writeBarcodeFromText(text, options);
  if (out.error) throw new PrintError(`barcode printer: cannot encode "${text}" as ${format}: ${out.error}`);
  const { data, width, height } = out.symbol;
  // Code 128 comes as identical rows: keep one. Dark pixels are ink.
  const rows = format === 'Code128' ? 1 : height;
  const ink = new Uint8Array(width * rows);
  for (let i = 0; i < ink.length; i++) ink[i] = data[i]! < 128 ? 1 : 0;
  const symbol: PrintedSymbol = { format, text, columns: width, rows, ink };
  if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value!);
  cache.set(key, symbol);
  return symbol;
}

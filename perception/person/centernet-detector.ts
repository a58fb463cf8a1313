// The offline default: MB3-CenterNet (MobileNetV3 CenterNet trained on COCO, 4 MB), the model file
// npm's @vladmandic/human ships, run directly on TensorFlow.js's WebAssembly backend (tfjs-node
// needs a libtensorflow download; no npm package ships an ONNX person detector). Only the model files
// of @vladmandic/human are used: loaded from disk into memory here, so nothing is fetched, and the
// decoding is ours (centernet-decode.ts).
//
// Every frame is looked at at each of `zoomOuts` (see letterbox.ts) and the boxes merged. At the
// bedside the patient fills the frame, and this model finds a person there only when the picture is
// shrunk to half the input (simulator frames: a patient sitting up in bed scores 0.2–0.3 at zoom-out
// 2 and nothing at 1; standing beside the bed 0.45–0.6 at either), so the default is [2]: one pass.
import { readFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { letterbox, letterboxGeometry, toFrameBox } from './letterbox.js';
import { nodeRequire } from './node-require.js';
import { decodeCenterNet } from './centernet-decode.js';
import { nms } from './nms.js';
import { PersonDetectionError, type PersonBox, type PersonDetector, type RgbFrame, type ScoredBox } from './types.js';

export interface CenterNetOptions {
  /** Folder holding centernet.json and its .bin; default: @vladmandic/human's models/. */
  modelDir?: string;
  /** Lowest confidence reported, 0..1; default 0.15 (this small model scores real people 0.15–0.7). */
  threshold?: number;
  /** NMS overlap, 0..1; default 0.45. */
  iou?: number;
  /** Shrink factors looked at, each ≥ 1; default [2] (add 1 for people far from the camera). */
  zoomOuts?: readonly number[];
}

export const CENTERNET_DEFAULTS = { threshold: 0.15, iou: 0.45, zoomOuts: [2] as readonly number[] } as const;
/** COCO's person. */
const PERSON = 0;
const OUTPUT = 'tower_0/detections';

// The TensorFlow.js modules, typed loosely: they are CommonJS loaded on first use.
/* eslint-disable @typescript-eslint/no-explicit-any */
type Tf = any;
type GraphModel = any;

let runtime: Promise<{ tf: Tf; converter: any }> | null = null;

/** tfjs-core with the wasm backend, once per process. */
function loadRuntime(): Promise<{ tf: Tf; converter: any }> {
  runtime ??= (async () => {
    const require = nodeRequire();
    let tf: Tf;
    let wasm: any;
    let converter: any;
    try {
      tf = require('@tensorflow/tfjs-core');
      converter = require('@tensorflow/tfjs-converter');
      wasm = require('@tensorflow/tfjs-backend-wasm');
    } catch (e) {
      throw new PersonDetectionError(`TensorFlow.js cannot be loaded (${(e as Error).message}); run npm ci to install @tensorflow/tfjs-core, -converter and -backend-wasm`, 'tfjs');
    }
    const dir = dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'));
    wasm.setWasmPaths(`${join(dir, 'dist')}/`);
    // One thread: no worker files to find, and a detector shares a small robot computer fairly.
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    // The Emscripten runtime adds process handlers that rethrow every uncaught error and rejection;
    // the process's own handling (or Node's default) stays in charge.
    const before = { uncaughtException: process.listeners('uncaughtException'), unhandledRejection: process.listeners('unhandledRejection') };
    try {
      if (!(await tf.setBackend('wasm'))) throw new Error('the wasm backend did not start');
      await tf.ready();
    } finally {
      for (const l of process.listeners('uncaughtException')) if (!before.uncaughtException.includes(l)) process.removeListener('uncaughtException', l);
      for (const l of process.listeners('unhandledRejection')) if (!before.unhandledRejection.includes(l)) process.removeListener('unhandledRejection', l);
    }
    return { tf, converter };
  })();
  runtime.catch(() => { runtime = null; });
  return runtime;
}

export function defaultCenterNetDir(): string {
  const require = nodeRequire();
  // The package's exports hide its files; its entry point (resolved, never loaded) sits in dist/ beside models/.
  return join(dirname(require.resolve('@vladmandic/human')), '..', 'models');
}

export class CenterNetPersonDetector implements PersonDetector {
  readonly name = 'centernet';
  private closed = false;

  private constructor(
    private readonly tf: Tf,
    private readonly model: GraphModel,
    private readonly inputSize: number,
    private readonly opts: { threshold: number; iou: number; zoomOuts: readonly number[] },
  ) {}

  static async load(options: CenterNetOptions = {}): Promise<CenterNetPersonDetector> {
    const opts = { ...CENTERNET_DEFAULTS, ...options };
    const bad = (field: string, why: string) => new PersonDetectionError(`CenterNet person detector ${field}: ${why}`, field);
    if (!(opts.threshold >= 0 && opts.threshold <= 1)) throw bad('threshold', `must be in 0..1, got ${opts.threshold}`);
    if (!(opts.iou >= 0 && opts.iou <= 1)) throw bad('iou', `must be in 0..1, got ${opts.iou}`);
    if (!Array.isArray(opts.zoomOuts) || opts.zoomOuts.length === 0 || !opts.zoomOuts.every((z) => z >= 1 && z <= 8)) {
      throw bad('zoomOuts', `must be a non-empty list of factors in 1..8, got ${JSON.stringify(opts.zoomOuts)}`);
    }
    let dir: string;
    try {
      dir = options.modelDir ?? defaultCenterNetDir();
    } catch (e) {
      throw bad('modelDir', `@vladmandic/human is not installed (${(e as Error).message}); run npm ci, or give the folder of centernet.json`);
    }
    const file = join(dir, 'centernet.json');
    if (!existsSync(file)) throw bad('modelDir', `${file} not found: give the folder holding centernet.json and centernet.bin`);
    const { tf, converter } = await loadRuntime();
    let model: GraphModel;
    let inputSize: number;
    try {
      const json = JSON.parse(readFileSync(file, 'utf8')) as ModelJson;
      const weightSpecs = json.weightsManifest.flatMap((g) => g.weights);
      const weightData = Buffer.concat(json.weightsManifest.flatMap((g) => g.paths.map((p) => readFileSync(join(dir, p)))));
      inputSize = Number(Object.values(json.signature?.inputs ?? {})[0]?.tensorShape?.dim?.[1]?.size ?? 512);
      model = await converter.loadGraphModel(tf.io.fromMemory({
        modelTopology: json.modelTopology, weightSpecs,
        weightData: weightData.buffer.slice(weightData.byteOffset, weightData.byteOffset + weightData.byteLength),
        format: json.format, generatedBy: json.generatedBy, convertedBy: json.convertedBy,
      }));
    } catch (e) {
      throw bad('modelDir', `${file} cannot be loaded as a TensorFlow.js graph model: ${(e as Error).message}`);
    }
    return new CenterNetPersonDetector(tf, model, inputSize, opts);
  }

  async detect(frame: RgbFrame): Promise<PersonBox[]> {
    if (this.closed) throw new PersonDetectionError('centernet person detector is closed');
    const tf = this.tf;
    const size = this.inputSize;
    const found: (ScoredBox & { box: PersonBox })[] = [];
    for (const zoom of this.opts.zoomOuts) {
      const geo = letterboxGeometry(frame.width, frame.height, size, size, zoom);
      // The model takes 0..255 RGB, as @vladmandic/human feeds it.
      const input = tf.tensor4d(letterbox(frame, geo, 'nhwc', 1), [1, size, size, 3], 'float32');
      let output: any;
      try {
        output = this.model.execute(input, OUTPUT);
        const data = (await output.data()) as Float32Array;
        for (const b of decodeCenterNet(data, output.shape, { classIndex: PERSON, threshold: this.opts.threshold, iou: this.opts.iou })) {
          const box = toFrameBox(b, geo, frame.width, frame.height);
          if (box) found.push({ x1: box.x, y1: box.y, x2: box.x + box.width, y2: box.y + box.height, score: b.score, box });
        }
      } finally {
        tf.dispose([input, output].filter(Boolean));
      }
    }
    // The same person seen at two zooms is one person.
    return nms(found, this.opts.iou).map((b) => b.box);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.model.dispose();
  }
}

interface ModelJson {
  format?: string;
  generatedBy?: string;
  convertedBy?: string;
  modelTopology: unknown;
  signature?: { inputs?: Record<string, { tensorShape?: { dim?: { size?: string }[] } }> };
  weightsManifest: { paths: string[]; weights: unknown[] }[];
}

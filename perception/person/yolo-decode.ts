// Decoding the output of YOLO-family detectors exported to ONNX, in the two common layouts:
//   YOLOv5 (and v7): [1, N, 5 + C]  rows of cx, cy, w, h, objectness, C class scores; score = obj × class
//   YOLOv8 / v11:    [1, 4 + C, N]  channels of cx, cy, w, h, C class scores (no objectness)
// and their transposes ([1, 5 + C, N], [1, N, 4 + C]), which some exporters write. Coordinates are
// model input pixels (Ultralytics' export); scores are already through the sigmoid.
import { nms } from './nms.js';
import { PersonDetectionError, type ScoredBox } from './types.js';

export interface YoloLayout {
  /** True for YOLOv5-style rows carrying an objectness score before the class scores. */
  objectness: boolean;
  /** True when the values of one box run along the last axis ([1, N, K]); false for [1, K, N]. */
  rows: boolean;
  /** Candidate boxes. */
  boxes: number;
  classes: number;
}

export type YoloLayoutName = 'auto' | 'yolov5' | 'yolov8';

/**
 * Which layout an output of shape `dims` is, for a model of `classes` classes (COCO: 80). 'auto'
 * tries YOLOv5 [1, N, 5+C], then YOLOv8 [1, 4+C, N], then their transposes.
 */
export function yoloLayout(dims: readonly number[], classes: number, want: YoloLayoutName = 'auto', file = 'the model'): YoloLayout {
  const expected = `YOLOv5 [1, N, ${5 + classes}] or YOLOv8 [1, ${4 + classes}, N] for ${classes} classes`;
  if (dims.length !== 3 || dims[0] !== 1) {
    throw new PersonDetectionError(`${file}: output has shape [${dims.join(', ')}]; expected ${expected} (batch 1)`, 'output');
  }
  const [, a, b] = dims as [number, number, number];
  const candidates: YoloLayout[] = [
    { objectness: true, rows: true, boxes: a, classes: b - 5 },
    { objectness: false, rows: false, boxes: b, classes: a - 4 },
    { objectness: true, rows: false, boxes: b, classes: a - 5 },
    { objectness: false, rows: true, boxes: a, classes: b - 4 },
  ];
  const fits = candidates.filter((l) => l.classes === classes && (want === 'auto' || l.objectness === (want === 'yolov5')));
  if (fits.length === 0) {
    const which = want === 'auto' ? expected : want === 'yolov5' ? `YOLOv5 [1, N, ${5 + classes}]` : `YOLOv8 [1, ${4 + classes}, N]`;
    throw new PersonDetectionError(`${file}: output has shape [${dims.join(', ')}]; expected ${which} (set the model's class count or layout if it differs)`, 'output');
  }
  return fits[0]!;
}

export interface YoloDecodeOptions {
  /** The class that is a person: 0 in COCO. */
  classIndex: number;
  /** Lowest score kept, 0..1. */
  threshold: number;
  /** Boxes overlapping more than this (IoU) are one person. */
  iou: number;
  maxDetections?: number;
}

/** The person boxes in model input pixels, after the threshold and NMS, best first. */
export function decodeYolo(data: ArrayLike<number>, layout: YoloLayout, opts: YoloDecodeOptions): ScoredBox[] {
  const { boxes: n, classes, objectness, rows } = layout;
  const k = (objectness ? 5 : 4) + classes;
  if (!(Number.isInteger(opts.classIndex) && opts.classIndex >= 0 && opts.classIndex < classes)) {
    throw new PersonDetectionError(`person class index must be a whole number in 0..${classes - 1}, got ${opts.classIndex}`, 'classIndex');
  }
  if (data.length !== n * k) throw new PersonDetectionError(`YOLO output has ${data.length} values; ${n} boxes × ${k} expected`, 'output');
  // Value j of box i, whichever axis the boxes run along.
  const at = rows ? (i: number, j: number) => data[i * k + j]! : (i: number, j: number) => data[j * n + i]!;
  const classAt = (objectness ? 5 : 4) + opts.classIndex;
  const found: ScoredBox[] = [];
  for (let i = 0; i < n; i++) {
    const score = objectness ? at(i, 4) * at(i, classAt) : at(i, classAt);
    if (!(score >= opts.threshold)) continue;
    const cx = at(i, 0);
    const cy = at(i, 1);
    const w = at(i, 2);
    const h = at(i, 3);
    if (!(w > 0 && h > 0)) continue;
    found.push({ x1: cx - w / 2, y1: cy - h / 2, x2: cx + w / 2, y2: cy + h / 2, score });
  }
  return nms(found, opts.iou, opts.maxDetections ?? 100);
}

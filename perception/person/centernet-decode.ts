// Decoding MB3-CenterNet's `tower_0/detections` ([1, N, 6]: x1, y1, x2, y2 in input pixels, score,
// COCO class index 0..79), the model @vladmandic/human ships; its peaks are already picked in the
// graph, so what is left is the person class, the threshold and NMS across overlapping peaks.
import { nms } from './nms.js';
import { PersonDetectionError, type ScoredBox } from './types.js';

export interface CenterNetDecodeOptions {
  classIndex: number;
  threshold: number;
  iou: number;
  maxDetections?: number;
}

export function decodeCenterNet(data: ArrayLike<number>, dims: readonly number[], opts: CenterNetDecodeOptions): ScoredBox[] {
  if (dims.length !== 3 || dims[0] !== 1 || dims[2] !== 6) {
    throw new PersonDetectionError(`CenterNet detections have shape [${dims.join(', ')}]; expected [1, N, 6]`, 'output');
  }
  const n = dims[1]!;
  const found: ScoredBox[] = [];
  for (let i = 0; i < n; i++) {
    const o = i * 6;
    const score = data[o + 4]!;
    if (data[o + 5] !== opts.classIndex || !(score >= opts.threshold)) continue;
    const [x1, y1, x2, y2] = [data[o]!, data[o + 1]!, data[o + 2]!, data[o + 3]!];
    if (x2 > x1 && y2 > y1) found.push({ x1, y1, x2, y2, score });
  }
  return nms(found, opts.iou, opts.maxDetections ?? 100);
}

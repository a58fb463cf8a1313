// Non-maximum suppression: of boxes that overlap more than a threshold (intersection over union),
// keep the best-scored one. Greedy, as YOLO's and TensorFlow's NMS are.
import type { ScoredBox } from './types.js';

export function iou(a: ScoredBox, b: ScoredBox): number {
  const iw = Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1);
  const ih = Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1);
  if (iw <= 0 || ih <= 0) return 0;
  const inter = iw * ih;
  const union = (a.x2 - a.x1) * (a.y2 - a.y1) + (b.x2 - b.x1) * (b.y2 - b.y1) - inter;
  return union > 0 ? inter / union : 0;
}

/** The kept boxes, best score first; ties keep their input order. */
export function nms<T extends ScoredBox>(boxes: readonly T[], iouThreshold: number, maxDetections = 100): T[] {
  if (!(iouThreshold >= 0 && iouThreshold <= 1)) throw new RangeError(`NMS iou threshold must be in 0..1, got ${iouThreshold}`);
  const order = boxes.map((b, i) => ({ b, i })).sort((p, q) => q.b.score - p.b.score || p.i - q.i);
  const kept: T[] = [];
  for (const { b } of order) {
    if (kept.length >= maxDetections) break;
    if (kept.every((k) => iou(k, b) <= iouThreshold)) kept.push(b);
  }
  return kept;
}

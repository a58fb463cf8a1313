// The pure cores of person detection: NMS, YOLO and CenterNet decoding, letterboxing, and camera
// images to RGB. No model, no ROS.
import { describe, it, expect } from '@jest/globals';
import type { Image } from '../../robot/index.js';
import { decodeCenterNet } from './centernet-decode.js';
import { frameFromImage } from './image.js';
import { letterbox, letterboxGeometry, toFrameBox, LETTERBOX_FILL } from './letterbox.js';
import { iou, nms } from './nms.js';
import { PersonDetectionError, type ScoredBox } from './types.js';
import { decodeYolo, yoloLayout } from './yolo-decode.js';

const box = (x1: number, y1: number, x2: number, y2: number, score: number): ScoredBox => ({ x1, y1, x2, y2, score });

describe('non-maximum suppression', () => {
  it('measures overlap as intersection over union', () => {
    expect(iou(box(0, 0, 10, 10, 1), box(0, 0, 10, 10, 1))).toBe(1);
    expect(iou(box(0, 0, 10, 10, 1), box(5, 0, 15, 10, 1))).toBeCloseTo(50 / 150);
    expect(iou(box(0, 0, 10, 10, 1), box(10, 0, 20, 10, 1))).toBe(0);
    expect(iou(box(0, 0, 10, 10, 1), box(2, 2, 4, 4, 1))).toBeCloseTo(4 / 100);
  });

  it('keeps the best of overlapping boxes and every box that overlaps none, best first', () => {
    const a = box(0, 0, 100, 200, 0.9);
    const aShifted = box(5, 5, 105, 205, 0.8);
    const b = box(300, 0, 400, 200, 0.7);
    const aInside = box(10, 10, 40, 60, 0.95);
    const kept = nms([aShifted, b, a, aInside], 0.45);
    expect(kept).toEqual([aInside, a, b]);
    // A stricter threshold suppresses more; 1 keeps everything that is not identical.
    expect(nms([a, aShifted], 0.95)).toEqual([a, aShifted]);
    expect(nms([a, aShifted, b], 0.45, 1)).toEqual([a]);
    expect(nms([], 0.5)).toEqual([]);
    expect(() => nms([a], 1.5)).toThrow(/0\.\.1/);
  });

  it('keeps the earlier of two boxes that score the same', () => {
    const first = box(0, 0, 10, 10, 0.5);
    const second = box(1, 1, 11, 11, 0.5);
    expect(nms([first, second], 0.3)).toEqual([first]);
    expect(nms([second, first], 0.3)).toEqual([second]);
  });
});

/** A YOLOv8 output [1, 4 + classes, n] from boxes given as [cx, cy, w, h, ...class scores]. */
function v8(rows: number[][], classes: number): { data: Float32Array; dims: number[] } {
  const n = rows.length;
  const data = new Float32Array((4 + classes) * n);
  rows.forEach((r, i) => r.forEach((v, j) => { data[j * n + i] = v; }));
  return { data, dims: [1, 4 + classes, n] };
}
/** A YOLOv5 output [1, n, 5 + classes] from rows [cx, cy, w, h, obj, ...class scores]. */
function v5(rows: number[][], classes: number): { data: Float32Array; dims: number[] } {
  const k = 5 + classes;
  const data = new Float32Array(k * rows.length);
  rows.forEach((r, i) => r.forEach((v, j) => { data[i * k + j] = v; }));
  return { data, dims: [1, rows.length, k] };
}
const classes = (n: number, at: Record<number, number>) => Array.from({ length: n }, (_, i) => at[i] ?? 0);

describe('YOLO output decoding', () => {
  const opts = { classIndex: 0, threshold: 0.25, iou: 0.45 };

  it('tells YOLOv5 from YOLOv8 by shape, for COCO and for any class count', () => {
    expect(yoloLayout([1, 25200, 85], 80)).toEqual({ objectness: true, rows: true, boxes: 25200, classes: 80 });
    expect(yoloLayout([1, 84, 8400], 80)).toEqual({ objectness: false, rows: false, boxes: 8400, classes: 80 });
    // Fewer boxes than channels still decodes right when the class count is known.
    expect(yoloLayout([1, 84, 16], 80)).toMatchObject({ objectness: false, rows: false, boxes: 16 });
    expect(yoloLayout([1, 16, 85], 80)).toMatchObject({ objectness: true, rows: true, boxes: 16 });
    // Transposed exports.
    expect(yoloLayout([1, 8400, 84], 80)).toEqual({ objectness: false, rows: true, boxes: 8400, classes: 80 });
    expect(yoloLayout([1, 6, 100], 1)).toEqual({ objectness: true, rows: false, boxes: 100, classes: 1 });
    expect(yoloLayout([1, 5, 100], 1, 'yolov8')).toEqual({ objectness: false, rows: false, boxes: 100, classes: 1 });
  });

  it('refuses an output of any other shape, naming the model and the shapes it expects', () => {
    expect(() => yoloLayout([1, 10, 20], 80, 'auto', 'models/det.onnx')).toThrow(/models\/det\.onnx: output has shape \[1, 10, 20\]; expected YOLOv5 \[1, N, 85\] or YOLOv8 \[1, 84, N\] for 80 classes/);
    expect(() => yoloLayout([1, 84], 80)).toThrow(/batch 1/);
    expect(() => yoloLayout([2, 84, 8400], 80)).toThrow(PersonDetectionError);
    expect(() => yoloLayout([1, 84, 8400], 80, 'yolov5')).toThrow(/expected YOLOv5 \[1, N, 85\]/);
  });

  it('YOLOv8: person boxes above the threshold as corners in input pixels, other classes ignored', () => {
    const out = v8([
      [100, 200, 50, 120, ...classes(80, { 0: 0.9 })],
      [400, 300, 80, 80, ...classes(80, { 2: 0.95 })], // a car
      [500, 100, 40, 100, ...classes(80, { 0: 0.2 })], // below the threshold
      [104, 198, 52, 118, ...classes(80, { 0: 0.6 })], // the same person again
    ], 80);
    const found = decodeYolo(out.data, yoloLayout(out.dims, 80), opts);
    expect(found).toHaveLength(1);
    expect(found[0]).toEqual({ x1: 75, y1: 140, x2: 125, y2: 260, score: expect.closeTo(0.9, 6) });
    const cars = decodeYolo(out.data, yoloLayout(out.dims, 80), { ...opts, classIndex: 2 });
    expect(cars).toEqual([{ x1: 360, y1: 260, x2: 440, y2: 340, score: expect.closeTo(0.95, 6) }]);
  });

  it('YOLOv5: score is objectness times the class score', () => {
    const out = v5([
      [320, 240, 100, 200, 0.9, ...classes(80, { 0: 0.8 })],
      [50, 50, 20, 20, 0.3, ...classes(80, { 0: 0.9 })], // 0.27: kept at 0.25
      [60, 400, 20, 20, 0.95, ...classes(80, { 0: 0.2 })], // 0.19: dropped
    ], 80);
    const found = decodeYolo(out.data, yoloLayout(out.dims, 80), opts);
    expect(found.map((b) => b.score)).toEqual([expect.closeTo(0.72, 6), expect.closeTo(0.27, 6)]);
    expect(found[0]).toMatchObject({ x1: 270, y1: 140, x2: 370, y2: 340 });
  });

  it('skips boxes without area and refuses a class index the model does not have', () => {
    const out = v8([[10, 10, 0, 5, 0.9], [10, 10, -3, 5, 0.9]], 1);
    expect(decodeYolo(out.data, yoloLayout(out.dims, 1), opts)).toEqual([]);
    expect(() => decodeYolo(out.data, yoloLayout(out.dims, 1), { ...opts, classIndex: 1 })).toThrow(/class index .* 0\.\.0, got 1/);
    expect(() => decodeYolo(new Float32Array(3), yoloLayout(out.dims, 1), opts)).toThrow(/3 values/);
  });
});

describe('CenterNet output decoding', () => {
  it('keeps people (class 0) above the threshold, merges overlapping peaks', () => {
    const rows = [
      [10, 20, 110, 220, 0.6, 0], [12, 22, 108, 218, 0.4, 0], [300, 20, 360, 80, 0.9, 2], [200, 20, 260, 200, 0.1, 0], [0, 0, 0, 0, 0.9, 0],
    ];
    const found = decodeCenterNet(Float32Array.from(rows.flat()), [1, rows.length, 6], { classIndex: 0, threshold: 0.15, iou: 0.45 });
    expect(found).toEqual([{ x1: 10, y1: 20, x2: 110, y2: 220, score: expect.closeTo(0.6, 6) }]);
    expect(() => decodeCenterNet(new Float32Array(10), [1, 2, 5], { classIndex: 0, threshold: 0.1, iou: 0.5 })).toThrow(/expected \[1, N, 6\]/);
  });
});

describe('letterboxing', () => {
  it('fits a 4:3 frame into a square input, centred, and maps boxes back', () => {
    const geo = letterboxGeometry(640, 480, 640, 640);
    expect(geo).toEqual({ width: 640, height: 640, scale: 1, padX: 0, padY: 80 });
    expect(toFrameBox(box(100, 180, 200, 380, 0.7), geo, 640, 480)).toEqual({ x: 100, y: 100, width: 100, height: 200, confidence: 0.7 });
    // Zoomed out 2×: the frame fills half the input; boxes still come back in frame pixels.
    const half = letterboxGeometry(320, 240, 512, 512, 2);
    expect(half).toMatchObject({ scale: 0.8, padX: 128, padY: 160 });
    expect(toFrameBox(box(128 + 40, 160 + 80, 128 + 120, 160 + 160, 0.5), half, 320, 240)).toEqual({ x: 50, y: 100, width: 100, height: 100, confidence: 0.5 });
    // Clipped to the frame; a box wholly in the padding is nothing.
    expect(toFrameBox(box(-50, 0, 100, 700, 0.5), geo, 640, 480)).toEqual({ x: 0, y: 0, width: 100, height: 480, confidence: 0.5 });
    expect(toFrameBox(box(0, 0, 640, 70, 0.5), geo, 640, 480)).toBeNull();
    expect(() => letterboxGeometry(640, 480, 640, 640, 0.5)).toThrow(/zoomOut/);
  });

  it('resamples the picture into the input with grey around it, channels first or last, scaled', () => {
    // A 4×2 frame: left half red, right half blue.
    const data = new Uint8Array(4 * 2 * 3);
    for (let i = 0; i < 8; i++) data.set(i % 4 < 2 ? [255, 0, 0] : [0, 0, 255], i * 3);
    const frame = { width: 4, height: 2, data };
    const geo = letterboxGeometry(4, 2, 8, 8);
    const chw = letterbox(frame, geo, 'nchw', 1 / 255);
    expect(chw).toHaveLength(3 * 64);
    const grey = Math.fround(LETTERBOX_FILL / 255);
    const px = (x: number, y: number) => [0, 1, 2].map((c) => chw[c * 64 + y * 8 + x]!);
    expect(px(0, 0)).toEqual([grey, grey, grey]);
    expect(px(0, 4)).toEqual([1, 0, 0]);
    expect(px(7, 4)).toEqual([0, 0, 1]);
    expect(px(0, 7)).toEqual([grey, grey, grey]);
    const hwc = letterbox(frame, geo, 'nhwc', 1);
    expect(Array.from(hwc.slice((4 * 8 + 7) * 3, (4 * 8 + 7) * 3 + 3))).toEqual([0, 0, 255]);
  });
});

describe('camera images to RGB', () => {
  const header = { stamp: { sec: 1, nanosec: 0 }, frame_id: 'robot_1/camera_link' };
  const img = (over: Partial<Image>): Image => ({ header, height: 1, width: 2, encoding: 'rgb8', is_bigendian: 0, step: 6, data: [1, 2, 3, 4, 5, 6], ...over });

  it('reads rgb8, bgr8, rgba8, bgra8 and mono8, base64 or bytes, with padded rows', () => {
    expect(Array.from(frameFromImage(img({})).data)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(Array.from(frameFromImage(img({ encoding: 'bgr8' })).data)).toEqual([3, 2, 1, 6, 5, 4]);
    expect(Array.from(frameFromImage(img({ encoding: 'rgba8', step: 8, data: [1, 2, 3, 99, 4, 5, 6, 99] })).data)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(Array.from(frameFromImage(img({ encoding: 'bgra8', step: 8, data: [1, 2, 3, 99, 4, 5, 6, 99] })).data)).toEqual([3, 2, 1, 6, 5, 4]);
    expect(Array.from(frameFromImage(img({ encoding: 'mono8', step: 2, data: [7, 9] })).data)).toEqual([7, 7, 7, 9, 9, 9]);
    expect(Array.from(frameFromImage(img({ data: Buffer.from([1, 2, 3, 4, 5, 6]).toString('base64') })).data)).toEqual([1, 2, 3, 4, 5, 6]);
    // Two rows of 2 pixels, each row padded to 8 bytes; the last row may stop short.
    const padded = frameFromImage(img({ height: 2, step: 8, data: [1, 2, 3, 4, 5, 6, 0, 0, 7, 8, 9, 10, 11, 12] }));
    expect(Array.from(padded.data)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  });

  it('names the field of a bad image and says what would do', () => {
    const fails = (over: Partial<Image>, field: string, text: RegExp) => {
      try {
        frameFromImage(img(over));
      } catch (e) {
        expect(e).toBeInstanceOf(PersonDetectionError);
        expect((e as PersonDetectionError).field).toBe(field);
        expect((e as Error).message).toMatch(text);
        return;
      }
      throw new Error(`accepted ${JSON.stringify(over)}`);
    };
    fails({ encoding: 'yuv422' }, 'encoding', /"yuv422" is not supported; send one of rgb8, bgr8/);
    fails({ width: 0 }, 'width', /1\.\.8192, got 0/);
    fails({ height: 1.5 }, 'height', /got 1\.5/);
    fails({ step: 5 }, 'step', /at least width × 3 = 6/);
    fails({ data: [1, 2, 3] }, 'data', /has 3 bytes; 2×1 rgb8 with step 6 needs at least 6/);
    fails({ data: [1, 2, 3, 4, 5, 300] }, 'data', /base64 text or an array of bytes/);
    expect(() => frameFromImage(null as unknown as Image)).toThrow(/sensor_msgs\/Image/);
  });
});

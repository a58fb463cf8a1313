// The YOLO path end to end through the real onnxruntime session, on models the project makes
// (onnx/tiny-yolo.ts): a red patch scores as a person, a blue one as a car (COCO class 2), in the
// YOLOv8 and the YOLOv5 layout. Detections must follow the picture.
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tinyYoloModel, type TinyYoloOptions } from './onnx/tiny-yolo.js';
import { PersonDetectionError, type RgbFrame } from './types.js';
import { YoloPersonDetector } from './yolo-detector.js';

let dir: string;
const model = (name: string, opts: TinyYoloOptions) => {
  const file = join(dir, name);
  writeFileSync(file, tinyYoloModel(opts));
  return file;
};
beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'person-onnx-')); });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A grey 256×192 frame with coloured squares. */
function frame(squares: { x: number; y: number; side: number; rgb: [number, number, number] }[]): RgbFrame {
  const width = 256;
  const height = 192;
  const data = new Uint8Array(width * height * 3).fill(128);
  for (const s of squares) {
    for (let y = s.y; y < s.y + s.side; y++) for (let x = s.x; x < s.x + s.side; x++) data.set(s.rgb, (y * width + x) * 3);
  }
  return { width, height, data };
}
const RED: [number, number, number] = [230, 20, 20];
const BLUE: [number, number, number] = [20, 20, 230];
const centre = (b: { x: number; y: number; width: number; height: number }) => [b.x + b.width / 2, b.y + b.height / 2];

describe('YOLO person detection through onnxruntime, on a model the project makes', () => {
  for (const layout of ['yolov8', 'yolov5'] as const) {
    it(`${layout}: reads the input size from the model, finds the red "person" where it is, and follows it`, async () => {
      const det = await YoloPersonDetector.load({ modelPath: model(`tiny-${layout}.onnx`, { layout }) });
      try {
        expect(det.name).toBe(`yolo:tiny-${layout}.onnx`);
        expect(det.inputSize).toEqual({ width: 64, height: 64 });
        // The 256×192 frame letterboxes at scale 1/4 with 8 model pixels of padding top and bottom:
        // one model cell (16 px) is 64 frame pixels, the grid's rows start at frame y = −32.
        expect(await det.detect(frame([]))).toEqual([]);
        const here = await det.detect(frame([{ x: 72, y: 40, side: 48, rgb: RED }]));
        expect(here).toHaveLength(1);
        expect(here[0]!.confidence).toBeGreaterThan(0.8);
        expect(here[0]).toMatchObject({ x: 64, y: 32, width: 64, height: 64 });
        const moved = await det.detect(frame([{ x: 136, y: 104, side: 48, rgb: RED }]));
        expect(moved).toHaveLength(1);
        expect(centre(moved[0]!)).toEqual([160, 128]);
        // Two people, and a car that is not a person.
        const two = await det.detect(frame([{ x: 8, y: 104, side: 48, rgb: RED }, { x: 200, y: 40, side: 48, rgb: RED }, { x: 136, y: 40, side: 48, rgb: BLUE }]));
        expect(two.map(centre).sort((a, b) => a[0]! - b[0]!)).toEqual([[32, 128], [224, 64]]);
      } finally {
        await det.close();
      }
    });
  }

  it('uses the configured class: class 2 finds the blue square and not the red one', async () => {
    const det = await YoloPersonDetector.load({ modelPath: model('tiny-classes.onnx', { layout: 'yolov8' }), personClass: 2 });
    try {
      const found = await det.detect(frame([{ x: 8, y: 104, side: 48, rgb: RED }, { x: 136, y: 40, side: 48, rgb: BLUE }]));
      expect(found.map(centre)).toEqual([[160, 64]]);
    } finally {
      await det.close();
    }
  });

  it('a higher threshold drops weak detections: a patch covering a quarter of a cell', async () => {
    const det = await YoloPersonDetector.load({ modelPath: model('tiny-threshold.onnx', { layout: 'yolov8' }), threshold: 0.9 });
    const low = await YoloPersonDetector.load({ modelPath: join(dir, 'tiny-threshold.onnx'), threshold: 0.25 });
    try {
      // 32×32 frame pixels in one 64×64 cell: the cell's mean redness is a quarter: sigmoid(12·0.21−3) ≈ 0.4.
      const weak = frame([{ x: 80, y: 48, side: 32, rgb: RED }]);
      expect(await det.detect(weak)).toEqual([]);
      const seen = await low.detect(weak);
      expect(seen).toHaveLength(1);
      expect(seen[0]!.confidence).toBeGreaterThan(0.25);
      expect(seen[0]!.confidence).toBeLessThan(0.9);
    } finally {
      await det.close();
      await low.close();
    }
  });

  it('a missing model file, or one of the wrong input or output shape, is a clear error naming the file and the shape expected', async () => {
    const missing = join(dir, 'nope.onnx');
    await expect(YoloPersonDetector.load({ modelPath: missing })).rejects.toThrow(`person model ${missing} not found`);
    const grey = model('grey-input.onnx', { layout: 'yolov8', inputChannels: 1 });
    await expect(YoloPersonDetector.load({ modelPath: grey })).rejects.toThrow(
      `person model ${grey}: input "images" is float32 [1, 1, 64, 64]; expected [1, 3, H, W] float32`);
    const tenClasses = model('ten-classes.onnx', { layout: 'yolov8', classes: 10 });
    await expect(YoloPersonDetector.load({ modelPath: tenClasses })).rejects.toThrow(
      `${tenClasses}: output has shape [1, 14, 16]; expected YOLOv5 [1, N, 85] or YOLOv8 [1, 84, N] for 80 classes`);
    // Told its class count, the same model works.
    const ok = await YoloPersonDetector.load({ modelPath: tenClasses, classes: 10 });
    expect(await ok.detect(frame([{ x: 72, y: 40, side: 48, rgb: RED }]))).toHaveLength(1);
    await ok.close();
    const notOnnx = join(dir, 'not-a-model.onnx');
    writeFileSync(notOnnx, 'hello');
    await expect(YoloPersonDetector.load({ modelPath: notOnnx })).rejects.toThrow(`person model ${notOnnx} cannot be loaded as ONNX`);
    await expect(YoloPersonDetector.load({ modelPath: tenClasses, personClass: 80 })).rejects.toThrow(/personClass: must be a class index in 0\.\.79/);
    await expect(YoloPersonDetector.load({ modelPath: tenClasses, threshold: 2 })).rejects.toThrow(PersonDetectionError);
  });
});

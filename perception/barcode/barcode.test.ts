// The barcode reader on frames with real codes in them (encoded by zxing-wasm's writer), the
// agreement across frames, bad images refused by field, and the node on a PerceptionNode.
import { describe, it, expect, beforeAll } from '@jest/globals';
import { readBarcodes } from 'zxing-wasm/reader';
import type { BarcodeReading, Image } from '../../robot/index.js';
import type { PerceptionNode } from '../node-port.js';
import {
  BarcodeReader, ImageFieldError, MultiFrameBarcodeReader, attachBarcodeNode, imageToGray, type BarcodeCode,
} from './index.js';
import { rotateGray } from './rotate.js';
import { loadZxingEngine, readerWasmPath } from './zxing-engine.js';
import { asRosImage, codeFrame } from './test-frames.js';

const deg = (d: number) => (d * Math.PI) / 180;
/** Smallest difference of two code turns, radians, ignoring direction (a code read backwards is the same code). */
const turnGap = (a: number, b: number) => {
  const d = Math.abs((((a - b) % Math.PI) + Math.PI) % Math.PI);
  return Math.min(d, Math.PI - d);
};

let reader: BarcodeReader;
beforeAll(async () => {
  reader = await BarcodeReader.load();
});

describe('BarcodeReader on single frames', () => {
  it('loads ZXing from node_modules, once, and decodes exactly as zxing-wasm\'s own readBarcodes does', async () => {
    expect(readerWasmPath()).toMatch(/node_modules\/zxing-wasm\/dist\/reader\/zxing_reader\.wasm$/);
    const engine = await loadZxingEngine();
    expect(await loadZxingEngine()).toBe(engine);
    const gray = await codeFrame({ text: 'WB-MRN-1001', format: 'Code128', angle: deg(5) });
    const ours = engine.read(gray, {
      formats: ['Code128', 'DataMatrix'], tryHarder: true, tryRotate: false, tryDownscale: false, tryDenoise: false, binarizer: 'LocalAverage', minLineCount: 2, maxNumberOfSymbols: 8,
    });
    const rgba = new Uint8ClampedArray(gray.width * gray.height * 4);
    for (let i = 0; i < gray.data.length; i++) rgba.fill(gray.data[i]!, i * 4, i * 4 + 3), (rgba[i * 4 + 3] = 255);
    const theirs = await readBarcodes({ width: gray.width, height: gray.height, data: rgba, colorSpace: 'srgb' } as ImageData, {
      formats: ['Code128', 'DataMatrix'], tryHarder: true, tryRotate: false, tryInvert: false, tryDownscale: false, textMode: 'Plain', maxNumberOfSymbols: 8,
    });
    expect(theirs).toHaveLength(1);
    expect(ours.map((c) => [c.text, c.format, c.lineCount])).toEqual(theirs.map((r) => [r.text, r.format, r.lineCount]));
    expect(ours[0]!.corners[0]!.x).toBeCloseTo(theirs[0]!.position.topLeft.x, 5);
    expect(ours[0]!.corners[2]!.y).toBeCloseTo(theirs[0]!.position.bottomRight.y, 5);
  });

  const CASES: [BarcodeCode['symbology'], 'Code128' | 'DataMatrix' | 'QRCode' | 'PDF417', string][] = [
    ['code128', 'Code128', 'WB-MRN-1002'],
    ['datamatrix', 'DataMatrix', '(01)09506000134352(17)251231(10)LOT42 amoxicillin 500 mg'],
    ['qrcode', 'QRCode', 'MRN-1003|bed_3'],
    ['pdf417', 'PDF417', 'RX-2025-0042 paracetamol 1 g q6h'],
  ];
  it.each(CASES)('reads %s with its text, lower-case symbology, centre and turn', async (symbology, format, text) => {
    const center = { x: 300, y: 260 };
    const frame = await codeFrame({ text, format, center, angle: deg(3), modulePx: format === 'Code128' ? 2.5 : 4 });
    const read = reader.read(frame);
    expect(read.codes).toHaveLength(1);
    const c = read.codes[0]!;
    expect(c).toMatchObject({ text, symbology });
    expect(Math.hypot(c.center.x - center.x, c.center.y - center.y)).toBeLessThan(12);
    expect(turnGap(c.angle, deg(3))).toBeLessThan(deg(4));
    expect(c.quality).toBeGreaterThan(0.3);
    expect(c.quality).toBeLessThanOrEqual(1);
    expect(c.confidence).toBeCloseTo(c.quality * 0.5, 10);
  });

  it('reads a Code 128 turned to any angle: the upright pass alone misses it at 35°, the turned pass finds it', async () => {
    for (const a of [0, 35, 75, 120, 160, -30]) {
      const frame = await codeFrame({ text: 'WB-MRN-1001', format: 'Code128', angle: deg(a), modulePx: 2.5, blur: 1 });
      const read = reader.read(frame);
      expect({ a, texts: read.codes.map((c) => c.text) }).toEqual({ a, texts: ['WB-MRN-1001'] });
      expect(turnGap(read.codes[0]!.angle, deg(a))).toBeLessThan(deg(5));
    }
    const skewed = await codeFrame({ text: 'WB-MRN-1001', format: 'Code128', angle: deg(35), modulePx: 2.5 });
    expect(reader.read(skewed, { maxPasses: 1 }).codes).toEqual([]);
    expect(reader.read(skewed).passes).toEqual(['upright', 'turned']);
  });

  it('a code standing upright is turned a quarter without resampling, and its corners map back to the frame', async () => {
    const center = { x: 330, y: 250 };
    const frame = await codeFrame({ text: 'WB-MRN-1004', format: 'Code128', angle: deg(-87), modulePx: 2, center, barHeightPx: 40, noise: 2 });
    const read = reader.read(frame);
    expect(read.passes).toEqual(['upright', 'turned']);
    expect(read.codes.map((c) => c.text)).toEqual(['WB-MRN-1004']);
    expect(Math.hypot(read.codes[0]!.center.x - center.x, read.codes[0]!.center.y - center.y)).toBeLessThan(8);
    expect(turnGap(read.codes[0]!.angle, deg(-87))).toBeLessThan(deg(5));
    const img = { width: 3, height: 2, data: new Uint8Array([1, 2, 3, 4, 5, 6]) };
    expect([...rotateGray(img, Math.PI / 2).image.data]).toEqual([3, 6, 2, 5, 1, 4]);
    expect(rotateGray(img, -Math.PI / 2).image).toEqual({ width: 2, height: 3, data: new Uint8Array([4, 1, 5, 2, 6, 3]) });
  });

  it('a level code still reads when something else (a striped blanket) makes the frame\'s strongest edges', async () => {
    const frame = await codeFrame({ text: 'WB-MRN-1001', format: 'Code128', modulePx: 2.5, center: { x: 320, y: 380 }, barHeightPx: 50 });
    // Bold stripes at 45° over the top half of the frame.
    for (let y = 0; y < 260; y++) for (let x = 0; x < 640; x++) frame.data[y * 640 + x] = Math.floor((x + y) / 6) % 2 ? 40 : 215;
    const read = reader.read(frame);
    expect(read.codes.map((c) => c.text)).toEqual(['WB-MRN-1001']);
    expect(read.passes).toEqual(['upright', 'turned', 'thorough']);
    expect(read.codes[0]!.center.y).toBeCloseTo(380, -1);
  });

  it('reads a blurred code; a code too small or too blurred is not read, rather than misread', async () => {
    const blurred = await codeFrame({ text: 'WB-MRN-1003', format: 'Code128', modulePx: 2.5, blur: 2, noise: 6 });
    expect(reader.read(blurred).codes.map((c) => c.text)).toEqual(['WB-MRN-1003']);
    const tiny = await codeFrame({ text: 'WB-MRN-1003', format: 'Code128', modulePx: 0.7 });
    const smeared = await codeFrame({ text: 'WB-MRN-1003', format: 'Code128', modulePx: 1.5, blur: 8 });
    for (const f of [tiny, smeared]) {
      const read = reader.read(f);
      expect(read.codes).toEqual([]);
      // Every pass was tried (the turned one only when the bars are off level).
      expect(read.passes).toEqual(['upright', 'thorough']);
    }
  });

  it('takes sensor_msgs/Image as rosbridge sends it (base64) in rgb8, bgr8, rgba8, mono8, padded rows, or bytes', async () => {
    const gray = await codeFrame({ text: 'WB-MRN-1001', format: 'Code128', modulePx: 2.5 });
    for (const enc of ['rgb8', 'bgr8', 'rgba8', 'mono8'] as const) {
      const msg = asRosImage(gray, enc, enc === 'rgb8' ? 8 : 0);
      expect(reader.read(msg).codes.map((c) => c.text)).toEqual(['WB-MRN-1001']);
    }
    const bytes = asRosImage(gray, 'mono8');
    expect(reader.read({ ...bytes, data: Buffer.from(bytes.data, 'base64') }).codes).toHaveLength(1);
    expect(imageToGray({ width: 2, height: 1, encoding: 'rgb8', step: 6, data: [255, 0, 0, 0, 0, 255] }).data).toEqual(new Uint8Array([76, 29]));
    expect(imageToGray({ width: 2, height: 1, encoding: 'bgr8', step: 6, data: [255, 0, 0, 0, 0, 255] }).data).toEqual(new Uint8Array([29, 76]));
  });

  it('refuses a malformed image naming the field, and reads nothing in a blank frame', () => {
    const ok = { width: 4, height: 2, encoding: 'rgb8', step: 12, data: Buffer.alloc(24).toString('base64') };
    const bad = (patch: object) => () => reader.read({ ...ok, ...patch } as Image);
    expect(bad({ encoding: 'yuv422' })).toThrow(/^encoding: "yuv422" is not one the barcode reader takes/);
    expect(bad({ encoding: '16UC1' })).toThrow(ImageFieldError);
    expect(bad({ step: 10 })).toThrow(/^step: 10 bytes per row is less than width × 3 \(12\)/);
    expect(bad({ step: 16 })).toThrow(/^data: 24 bytes, but step × height is 16 × 2 = 32/);
    expect(bad({ height: 3 })).toThrow(/^data: 24 bytes, but step × height is 12 × 3 = 36/);
    expect(bad({ width: 0 })).toThrow(/^width: 0 is not a whole number of pixels/);
    expect(bad({ height: 2.5 })).toThrow(/^height: 2.5/);
    expect(bad({ data: 'not base64!' })).toThrow(/^data: is text but not base64/);
    expect(bad({ data: [1, 2, 300] })).toThrow(/^data\[2\]: 300 is not a byte/);
    expect(bad({ data: null })).toThrow(/^data: must be base64 text, bytes or an array of bytes, got null/);
    try {
      bad({ step: 16 })();
    } catch (err) {
      expect(err).toBeInstanceOf(ImageFieldError);
      expect((err as ImageFieldError).field).toBe('data');
    }
    expect(() => reader.read({ width: 3, height: 3, data: new Uint8Array(8) })).toThrow(/^data: 8 grey bytes, but width × height is 9/);
    expect(() => reader.read({ width: 3, height: 3, data: new Uint8Array(9) }, { symbologies: ['ean13' as never] })).toThrow(/symbologies: "ean13" is not one of code128/);
    expect(reader.read({ width: 320, height: 240, data: new Uint8Array(320 * 240).fill(128) }).codes).toEqual([]);
  });
});

describe('MultiFrameBarcodeReader', () => {
  const code = (text: string, quality = 1, symbology: BarcodeCode['symbology'] = 'code128'): BarcodeCode => ({
    text, symbology, quality, confidence: quality / 2, center: { x: 10, y: 20 }, angle: 0.1, corners: [],
  });

  it('counts a text when N frames agree; each agreeing frame halves the doubt; frames with nothing do not count against', () => {
    const votes = new MultiFrameBarcodeReader({ agree: 2 });
    votes.add([code('WB-MRN-1001', 0.8)]);
    expect(votes.agreed()).toBeUndefined();
    expect(votes.texts()[0]).toMatchObject({ text: 'WB-MRN-1001', frames: 1, agreed: false, confidence: 0.4 });
    votes.add([]);
    votes.add([code('WB-MRN-1001', 0.6)]);
    const a = votes.agreed()!;
    expect(a).toMatchObject({ text: 'WB-MRN-1001', symbology: 'code128', frames: 2, conflicting: 0, looked: 3, agreed: true });
    expect(a.confidence).toBeCloseTo(0.7 * 0.75, 10);
    votes.add([code('WB-MRN-1001', 0.6)]);
    expect(votes.agreed()!.confidence).toBeGreaterThan(a.confidence);
    expect(votes.seen).toBe(4);
  });

  it('a different text of the same kind lowers confidence; two agreed texts are ambiguous and give none', () => {
    const votes = new MultiFrameBarcodeReader({ agree: 2 });
    votes.add([code('WB-MRN-1001')]);
    votes.add([code('WB-MRN-1001')]);
    votes.add([code('WB-MRN-1002')]);
    const [first, second] = votes.texts();
    expect(first).toMatchObject({ text: 'WB-MRN-1001', frames: 2, conflicting: 1 });
    expect(first!.confidence).toBeCloseTo(0.75 * (2 / 3), 10);
    expect(second).toMatchObject({ text: 'WB-MRN-1002', frames: 1, conflicting: 2, agreed: false });
    expect(votes.agreed()?.text).toBe('WB-MRN-1001');
    votes.add([code('WB-MRN-1002')]);
    expect(votes.agreed()).toBeUndefined();
    // A medication label in view beside the band is another symbology: no conflict, but still two texts.
    const both = new MultiFrameBarcodeReader({ agree: 1 });
    both.add([code('WB-MRN-1001'), code('LOT42', 1, 'datamatrix')]);
    expect(both.texts().every((t) => t.conflicting === 0)).toBe(true);
    expect(both.agreed()).toBeUndefined();
    expect(both.agreed('datamatrix')?.text).toBe('LOT42');
  });

  it('forgets frames beyond its window; refuses nonsense settings by name', () => {
    const votes = new MultiFrameBarcodeReader({ agree: 2, window: 3 });
    votes.add([code('A')]);
    votes.add([code('A')]);
    expect(votes.agreed()?.text).toBe('A');
    votes.add([]); votes.add([]);
    expect(votes.agreed()).toBeUndefined();
    votes.reset();
    expect(votes.seen).toBe(0);
    expect(() => new MultiFrameBarcodeReader({ agree: 0 })).toThrow(/^agree: 0 must be/);
    expect(() => new MultiFrameBarcodeReader({ agree: 3, window: 2 })).toThrow(/^window: 2 must be .* at least agree \(3\)/);
  });
});

describe('barcode node', () => {
  /** The two calls a perception node makes, recorded. */
  function fakeNode() {
    const subs = new Map<string, { type: string; cb: (m: unknown) => void }>();
    const published: { topic: string; type: string; msg: unknown }[] = [];
    const node: PerceptionNode = {
      createPublisher: <T>(topic: string, type: string) => ({ publish: (msg: T) => { published.push({ topic, type, msg }); } }),
      createSubscription: <T>(topic: string, type: string, cb: (m: T) => void) => {
        subs.set(topic, { type, cb: cb as (m: unknown) => void });
        return { destroy: () => subs.delete(topic) };
      },
    };
    return { node, subs, published };
  }

  it('reads the robot\'s camera and publishes BarcodeReading with the frame\'s header and growing confidence; a bad frame is skipped and reported', async () => {
    const { node, subs, published } = fakeNode();
    const warnings: string[] = [];
    const binding = attachBarcodeNode(node, 'robot_1', reader, { warn: (m) => warnings.push(m) });
    const camera = subs.get('/robot_1/camera/image_raw');
    expect(camera?.type).toBe('sensor_msgs/msg/Image');
    const frame = asRosImage(await codeFrame({ text: 'WB-MRN-1001', format: 'Code128', modulePx: 2.5, angle: deg(40) }));
    camera!.cb(frame);
    camera!.cb({ ...frame, step: 100 });
    camera!.cb(frame);
    camera!.cb(asRosImage(await codeFrame({ text: 'x', format: 'Code128', modulePx: 0.5 })));
    expect(binding).toMatchObject({ frames: 4, badFrames: 1, published: 2 });
    expect(warnings).toEqual([expect.stringMatching(/^barcode reader on \/robot_1\/camera\/image_raw: frame skipped \(1 so far\): image field step: 100 bytes per row is less than width × 3/)]);
    expect(published.map((p) => [p.topic, p.type])).toEqual([['/robot_1/barcodes', 'ward_interfaces/msg/BarcodeReading'], ['/robot_1/barcodes', 'ward_interfaces/msg/BarcodeReading']]);
    const [first, second] = published.map((p) => p.msg as BarcodeReading);
    expect(first).toMatchObject({ header: frame.header, text: 'WB-MRN-1001', symbology: 'code128' });
    expect(first!.confidence).toBeLessThanOrEqual(0.5);
    expect(second!.confidence).toBeGreaterThan(first!.confidence);
    expect(Math.hypot(second!.center_x - 320, second!.center_y - 240)).toBeLessThan(10);
    expect(turnGap(second!.angle, deg(40))).toBeLessThan(deg(5));
    binding.destroy();
    expect(subs.size).toBe(0);
  });
});


import { describe, it, expect } from '@jest/globals';
import type { Image } from '../../robot/index.js';
import { CameraError, frameFromImage, frameToDataUrl, frameToPng, type CameraFrame } from './index.js';
import { downscale } from './pixels.js';
import { decodePng } from './test-png.js';

/** A w×h test image: pixel (x, y) channel c is (x·7 + y·13 + c·50) mod 256, rows padded to `step`. */
function image(w: number, h: number, encoding: string, bpp: number, step = w * bpp): Image {
  const data = Buffer.alloc(step * h, 0xee);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) for (let c = 0; c < bpp; c++) data[y * step + x * bpp + c] = (x * 7 + y * 13 + c * 50) % 256;
  return { header: { stamp: { sec: 12, nanosec: 345_000_000 }, frame_id: 'robot_1/camera_link' }, width: w, height: h, encoding, is_bigendian: 0, step, data: data.toString('base64') };
}
const packed = (w: number, h: number, bpp: number) => {
  const out = Buffer.alloc(w * h * bpp);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) for (let c = 0; c < bpp; c++) out[(y * w + x) * bpp + c] = (x * 7 + y * 13 + c * 50) % 256;
  return out;
};
const refused = (msg: Image) => {
  try {
    frameFromImage('robot_1', msg);
  } catch (err) {
    expect(err).toBeInstanceOf(CameraError);
    expect((err as CameraError).reason).toBe('bad_frame');
    return (err as Error).message;
  }
  throw new Error('accepted');
};

describe('frameFromImage', () => {
  it('takes an rgb8 image with base64 data (and a plain byte list), keeping stamp and frame', () => {
    const f = frameFromImage('robot_1', image(4, 3, 'rgb8', 3));
    expect(f).toMatchObject({ robot: 'robot_1', width: 4, height: 3, encoding: 'rgb8', step: 12, stampMs: 12_345, frameId: 'robot_1/camera_link' });
    expect(f.data.equals(packed(4, 3, 3))).toBe(true);
    const list = image(2, 2, 'mono8', 1);
    const fromList = frameFromImage('robot_1', { ...list, data: [...Buffer.from(list.data as string, 'base64')] });
    expect(fromList.data.equals(packed(2, 2, 1))).toBe(true);
  });

  it('refuses what it cannot honestly turn into a picture, naming the robot and the field', () => {
    expect(refused(image(4, 3, 'yuv422', 2))).toBe('camera frame from robot_1: encoding "yuv422" is not supported (supported: rgb8, bgr8, mono8, rgba8)');
    expect(refused({ ...image(4, 3, 'rgb8', 3), step: 11 })).toMatch(/step 11 is less than width × 3 bytes \(12\)/);
    expect(refused({ ...image(4, 3, 'rgb8', 3), height: 4 })).toMatch(/data has 36 bytes; step × height is 48/);
    expect(refused({ ...image(4, 3, 'rgb8', 3), width: 0 })).toMatch(/width must be 1\.\.4096 pixels, got 0/);
    expect(refused({ ...image(4, 3, 'rgb8', 3), height: 5000 })).toMatch(/height must be 1\.\.4096/);
    expect(refused({ ...image(4, 3, 'rgb8', 3), width: 4096, height: 4096, step: 4096 * 3 })).toMatch(/more than the 33554432 accepted/);
    expect(refused({ ...image(4, 3, 'rgb8', 3), data: '!!!!' + (image(4, 3, 'rgb8', 3).data as string).slice(4) })).toMatch(/data is not valid base64/);
    expect(refused({ ...image(1, 1, 'mono8', 1), data: [256] })).toMatch(/data must be base64 or a list of bytes/);
  });
});

describe('frameToPng and frameToDataUrl', () => {
  const frame = (w: number, h: number, encoding: string, bpp: number, step?: number): CameraFrame => frameFromImage('robot_1', image(w, h, encoding, bpp, step));

  it('encode a PNG that an independent reader decodes back to the same pixels', () => {
    const rgb = decodePng(frameToPng(frame(37, 21, 'rgb8', 3)));
    expect(rgb).toMatchObject({ width: 37, height: 21, colourType: 2, chunks: ['IHDR', 'IDAT', 'IEND'] });
    expect(rgb.data.equals(packed(37, 21, 3))).toBe(true);
    const grey = decodePng(frameToPng(frame(5, 4, 'mono8', 1)));
    expect(grey).toMatchObject({ colourType: 0 });
    expect(grey.data.equals(packed(5, 4, 1))).toBe(true);
    const rgba = decodePng(frameToPng(frame(3, 3, 'rgba8', 4)));
    expect(rgba).toMatchObject({ colourType: 6 });
    expect(rgba.data.equals(packed(3, 3, 4))).toBe(true);
  });

  it('drop row padding and turn bgr8 into RGB order', () => {
    const padded = decodePng(frameToPng(frame(4, 2, 'rgb8', 3, 16)));
    expect(padded.data.equals(packed(4, 2, 3))).toBe(true);
    const bgr = decodePng(frameToPng(frame(4, 2, 'bgr8', 3)));
    const want = packed(4, 2, 3);
    for (let i = 0; i < want.length; i += 3) [want[i], want[i + 2]] = [want[i + 2]!, want[i]!];
    expect(bgr.data.equals(want)).toBe(true);
  });

  it('make a PNG data URL scaled down to maxWidth, keeping the aspect, never scaling up', () => {
    const url = frameToDataUrl(frame(320, 240, 'rgb8', 3), 160);
    expect(url.startsWith('data:image/png;base64,')).toBe(true);
    const png = decodePng(Buffer.from(url.slice('data:image/png;base64,'.length), 'base64'));
    expect([png.width, png.height]).toEqual([160, 120]);
    const same = decodePng(Buffer.from(frameToDataUrl(frame(40, 30, 'rgb8', 3)).split(',')[1]!, 'base64'));
    expect([same.width, same.height]).toEqual([40, 30]);
    expect(() => frameToDataUrl(frame(4, 4, 'rgb8', 3), 0)).toThrow(/maxWidth/);
  });

  it('downscale averages each block of source pixels', () => {
    // 4×2 grey: left 2×2 block 0,10,20,30 → 15; right block 100,100,200,200 → 150.
    const px = { width: 4, height: 2, channels: 1 as const, data: Buffer.from([0, 10, 100, 100, 20, 30, 200, 200]) };
    expect(downscale(px, 2)).toEqual({ width: 2, height: 1, channels: 1, data: Buffer.from([15, 150]) });
  });
});

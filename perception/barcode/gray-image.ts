// Camera frames as the barcode reader takes them: one grey byte per pixel. A sensor_msgs/Image comes
// from rosbridge with its data as base64 text, from rclnodejs as a number array, or in process as
// bytes; whatever does not add up (encoding, step, height, data length) is refused naming the field.
import type { Image } from '../../robot/index.js';

export interface GrayImage {
  width: number;
  height: number;
  /** width × height bytes, rows top to bottom. */
  data: Uint8Array;
}

/** Raw pixels handed to the reader without a ROS message. */
export interface RawPixels {
  width: number;
  height: number;
  encoding: PixelEncoding;
  /** Bytes per row; width × channels when left out. */
  step?: number;
  data: Uint8Array;
}

export type PixelEncoding = 'rgb8' | 'bgr8' | 'rgba8' | 'bgra8' | 'mono8';

/** The fields of sensor_msgs/Image the reader looks at; data may also be bytes. */
export type ImageInput = Pick<Image, 'width' | 'height' | 'encoding' | 'step'> & { data: Image['data'] | Uint8Array };

const CHANNELS: Record<PixelEncoding, number> = { rgb8: 3, bgr8: 3, rgba8: 4, bgra8: 4, mono8: 1 };
/** Largest side accepted: a 16 MP frame is far beyond what a barcode needs. */
export const MAX_IMAGE_SIDE = 8192;

export class ImageFieldError extends Error {
  constructor(readonly field: string, detail: string) {
    super(`${field}: ${detail}`);
  }
}

/** Grey pixels of a sensor_msgs/Image (or raw pixels); throws ImageFieldError naming the field that is wrong. */
export function imageToGray(img: ImageInput | RawPixels): GrayImage {
  if (typeof img !== 'object' || img === null) throw new ImageFieldError('image', 'must be a sensor_msgs/Image object');
  const { width, height } = img;
  for (const [field, v] of [['width', width], ['height', height]] as const) {
    if (!Number.isInteger(v) || v < 1 || v > MAX_IMAGE_SIDE) throw new ImageFieldError(field, `${String(v)} is not a whole number of pixels in 1..${MAX_IMAGE_SIDE}`);
  }
  const encoding = String(img.encoding).toLowerCase();
  if (!(encoding in CHANNELS)) {
    throw new ImageFieldError('encoding', `"${String(img.encoding)}" is not one the barcode reader takes (${Object.keys(CHANNELS).join(', ')}); set the camera driver to rgb8 or mono8`);
  }
  const channels = CHANNELS[encoding as PixelEncoding];
  const step = img.step === undefined ? width * channels : img.step;
  if (!Number.isInteger(step) || step < width * channels) {
    throw new ImageFieldError('step', `${String(step)} bytes per row is less than width × ${channels} (${width * channels}) for ${encoding}`);
  }
  const bytes = dataBytes(img.data);
  if (bytes.length !== step * height) {
    throw new ImageFieldError('data', `${bytes.length} bytes, but step × height is ${step} × ${height} = ${step * height}`);
  }
  const out = new Uint8Array(width * height);
  if (channels === 1) {
    for (let y = 0; y < height; y++) out.set(bytes.subarray(y * step, y * step + width), y * width);
    return { width, height, data: out };
  }
  // ITU-R BT.601 luma in fixed point, as zxing-wasm converts RGBA.
  const [r, b] = encoding.startsWith('bgr') ? [2, 0] : [0, 2];
  for (let y = 0; y < height; y++) {
    let i = y * step;
    let o = y * width;
    for (let x = 0; x < width; x++, i += channels, o++) out[o] = (306 * bytes[i + r]! + 601 * bytes[i + 1]! + 117 * bytes[i + b]! + 512) >> 10;
  }
  return { width, height, data: out };
}

function dataBytes(data: unknown): Uint8Array {
  if (typeof data === 'string') {
    // rosbridge carries uint8[] as base64; Buffer.from would silently skip bad characters.
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(data)) throw new ImageFieldError('data', 'is text but not base64 (rosbridge sends uint8[] as base64)');
    return Buffer.from(data, 'base64');
  }
  if (data instanceof Uint8Array) return data;
  if (Array.isArray(data)) {
    const out = new Uint8Array(data.length);
    for (let i = 0; i < data.length; i++) {
      const v = data[i];
      if (!(typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 255)) throw new ImageFieldError(`data[${i}]`, `${String(v)} is not a byte (0..255)`);
      out[i] = v;
    }
    return out;
  }
  throw new ImageFieldError('data', `must be base64 text, bytes or an array of bytes, got ${data === null ? 'null' : typeof data}`);
}

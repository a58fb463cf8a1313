// A camera frame as the brain keeps it, checked at the edge: a sensor_msgs/Image from a robot (or a
// simulator) is untrusted input, and a frame that lies about its size must not reach an encoder or a
// model. Every refusal names the robot and the field.
import type { Image } from '../../robot/index.js';

/** The 8-bit encodings the brain can turn into PNG, with their bytes per pixel. */
export const CAMERA_ENCODINGS = { rgb8: 3, bgr8: 3, mono8: 1, rgba8: 4 } as const;
export type CameraEncoding = keyof typeof CAMERA_ENCODINGS;

export const FRAME_LIMITS = {
  /** Widest or tallest frame accepted, pixels. */
  maxSide: 4096,
  /** Most pixel bytes accepted (a 4K RGBA frame is 33 MB). */
  maxBytes: 32 * 1024 * 1024,
} as const;

export interface CameraFrame {
  robot: string;
  /** The header stamp as Unix ms: ROS time, which is sim time when a simulator publishes /clock. */
  stampMs: number;
  frameId: string;
  width: number;
  height: number;
  encoding: CameraEncoding;
  /** Bytes per row; at least width × bytes per pixel (rows may be padded). */
  step: number;
  data: Buffer;
}

export type CameraErrorReason = 'bad_frame' | 'timeout' | 'link_down' | 'unsupported_link' | 'bad_request';

export class CameraError extends Error {
  override readonly name = 'CameraError';
  constructor(readonly reason: CameraErrorReason, message: string) {
    super(message);
  }
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Checks an Image message and turns it into a CameraFrame; throws CameraError('bad_frame') naming the field. */
export function frameFromImage(robot: string, msg: Image): CameraFrame {
  const bad = (field: string, what: string) => new CameraError('bad_frame', `camera frame from ${robot}: ${field} ${what}`);
  const encoding = msg.encoding;
  if (!Object.hasOwn(CAMERA_ENCODINGS, encoding)) {
    throw bad('encoding', `"${encoding}" is not supported (supported: ${Object.keys(CAMERA_ENCODINGS).join(', ')})`);
  }
  const bpp = CAMERA_ENCODINGS[encoding as CameraEncoding];
  for (const field of ['width', 'height'] as const) {
    const v = msg[field];
    if (!Number.isInteger(v) || v < 1 || v > FRAME_LIMITS.maxSide) throw bad(field, `must be 1..${FRAME_LIMITS.maxSide} pixels, got ${v}`);
  }
  const { width, height, step } = msg;
  if (!Number.isInteger(step) || step < width * bpp) throw bad('step', `${step} is less than width × ${bpp} bytes (${width * bpp})`);
  if (step * height > FRAME_LIMITS.maxBytes) throw bad('step', `× height is ${step * height} bytes, more than the ${FRAME_LIMITS.maxBytes} accepted`);
  const data = imageBytes(msg.data, bad);
  if (data.length !== step * height) throw bad('data', `has ${data.length} bytes; step × height is ${step * height}`);
  return {
    robot, width, height, encoding: encoding as CameraEncoding, step, data,
    stampMs: msg.header.stamp.sec * 1000 + Math.floor(msg.header.stamp.nanosec / 1e6),
    frameId: msg.header.frame_id,
  };
}

/** uint8[] arrives as base64 on rosbridge (a number list is allowed too); Buffer.from would silently skip bad characters. */
function imageBytes(data: Image['data'], bad: (field: string, what: string) => CameraError): Buffer {
  if (typeof data === 'string') {
    // Refuse an oversized string before scanning or decoding it.
    if (data.length > Math.ceil(FRAME_LIMITS.maxBytes / 3) * 4) throw bad('data', `is more than the ${FRAME_LIMITS.maxBytes} bytes accepted`);
    if (data.length % 4 !== 0 || !BASE64.test(data)) throw bad('data', 'is not valid base64');
    return Buffer.from(data, 'base64');
  }
  if (!Array.isArray(data) || data.length > FRAME_LIMITS.maxBytes || !data.every((b) => Number.isInteger(b) && b >= 0 && b <= 255)) throw bad('data', 'must be base64 or a list of bytes 0..255');
  return Buffer.from(data);
}

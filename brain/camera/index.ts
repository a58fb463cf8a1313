// Public surface of brain/camera: look through a robot's camera over the robot link, and turn the
// frame into PNG for people and into a small data URL for a language model.
import type { CameraFrame } from './frame.js';
import { downscale, framePixels } from './pixels.js';
import { encodePng } from './png.js';

export { captureFrame } from './capture.js';
export { frameFromImage, CameraError, CAMERA_ENCODINGS, FRAME_LIMITS } from './frame.js';
export type { CameraFrame, CameraEncoding, CameraErrorReason } from './frame.js';

/** Widest picture frameToDataUrl sends by default: plenty for a model to see a bed and a person. */
export const DATA_URL_MAX_WIDTH = 512;

/** The frame as a PNG file (grey, RGB or RGBA as the frame is). */
export function frameToPng(frame: CameraFrame): Buffer {
  return encodePng(framePixels(frame));
}

/** `data:image/png;base64,…`, scaled down (never up) to at most `maxWidth` pixels wide. */
export function frameToDataUrl(frame: CameraFrame, maxWidth = DATA_URL_MAX_WIDTH): string {
  return `data:image/png;base64,${encodePng(downscale(framePixels(frame), maxWidth)).toString('base64')}`;
}

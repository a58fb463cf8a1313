// The barcode reader on the ROS graph: every frame of /<robot>/camera/image_raw is read, and each
// code found goes out on /<robot>/barcodes (ward_interfaces/BarcodeReading) with the frame's header,
// its place and turn in the frame, and a confidence from the agreement of the recent frames
// (MultiFrameBarcodeReader: one frame alone is at most 0.5; consumers that act on a code, like a wristband
// check, wait for more). A malformed frame is reported and skipped; the node carries on.
import { MESSAGE_TYPES, robotNames, type BarcodeReading, type Image } from '../../robot/index.js';
import type { PerceptionNode } from '../node-port.js';
import { ImageFieldError } from './gray-image.js';
import { MultiFrameBarcodeReader, type MultiFrameBarcodeOptions } from './multi-frame.js';
import { BarcodeReader, type BarcodeReadOptions } from './read-barcodes.js';

export interface BarcodeNodeOptions extends MultiFrameBarcodeOptions, BarcodeReadOptions {
  /** Where a bad frame is reported (once, then every 100th); console.warn by default. */
  warn?: (message: string) => void;
}

export interface BarcodeNodeBinding {
  readonly frames: number;
  readonly published: number;
  readonly badFrames: number;
  destroy(): void;
}

/** Attaches a reader that is already loaded (BarcodeReader.load()). */
export function attachBarcodeNode(node: PerceptionNode, robot: string, reader: BarcodeReader, opts: BarcodeNodeOptions = {}): BarcodeNodeBinding {
  const names = robotNames(robot);
  const pub = node.createPublisher<BarcodeReading>(names.barcodes, MESSAGE_TYPES.barcodes);
  const frames = new MultiFrameBarcodeReader(opts);
  const warn = opts.warn ?? ((m: string) => console.warn(m));
  const readOpts: BarcodeReadOptions = {
    ...(opts.symbologies ? { symbologies: opts.symbologies } : {}),
    ...(opts.maxPasses ? { maxPasses: opts.maxPasses } : {}),
  };
  let seen = 0;
  let published = 0;
  let bad = 0;
  let stopped = false;

  const onFrame = (img: Image) => {
    if (stopped) return;
    seen++;
    let read;
    try {
      read = reader.read(img, readOpts);
    } catch (err) {
      bad++;
      if (bad === 1 || bad % 100 === 0) {
        const why = err instanceof ImageFieldError ? `image field ${err.message}` : (err as Error).message;
        warn(`barcode reader on ${names.camera}: frame skipped (${bad} so far): ${why}`);
      }
      return;
    }
    frames.add(read);
    if (read.codes.length === 0) return;
    const agreement = new Map(frames.texts().map((t) => [`${t.symbology}\u0000${t.text}`, t]));
    for (const code of read.codes) {
      const a = agreement.get(`${code.symbology}\u0000${code.text}`);
      pub.publish({
        header: img.header ?? { stamp: { sec: 0, nanosec: 0 }, frame_id: `${robot}/camera_link` },
        text: code.text, symbology: code.symbology, confidence: a?.confidence ?? code.confidence,
        center_x: code.center.x, center_y: code.center.y, angle: code.angle,
      });
      published++;
    }
  };
  const sub = node.createSubscription<Image>(names.camera, MESSAGE_TYPES.camera, onFrame);
  return {
    get frames() { return seen; },
    get published() { return published; },
    get badFrames() { return bad; },
    destroy: () => {
      stopped = true;
      sub.destroy?.();
      pub.destroy?.();
    },
  };
}

/** Loads the reader (once per process) and attaches the node. */
export async function startBarcodeNode(node: PerceptionNode, robot: string, opts: BarcodeNodeOptions = {}): Promise<BarcodeNodeBinding> {
  return attachBarcodeNode(node, robot, await BarcodeReader.load(), opts);
}

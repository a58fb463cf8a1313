// What person detection works on and gives back, shared by the detectors, the node and the skills.

/** Tightly packed 8-bit RGB pixels, rows top to bottom. */
export interface RgbFrame {
  width: number;
  height: number;
  /** width × height × 3 bytes. */
  data: Uint8Array;
}

/** One person seen, in the frame's pixels: top-left corner, size, and the detector's confidence 0..1. */
export interface PersonBox {
  x: number;
  y: number;
  width: number;
  height: number;
  confidence: number;
}

/** A box as detectors and NMS handle it: corners (x1, y1) top-left, (x2, y2) bottom-right, and a score. */
export interface ScoredBox {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  score: number;
}

/** A person detector: one frame in, the people in it out, best first. */
export interface PersonDetector {
  /** For PersonDetections.detector: "centernet", "yolo:<model file>". */
  readonly name: string;
  detect(frame: RgbFrame): Promise<PersonBox[]>;
  /** Frees the model; detect() fails afterwards. */
  close(): Promise<void>;
}

/** Bad input or a model that cannot be used: says which field or file, and what to do. */
export class PersonDetectionError extends Error {
  constructor(message: string, readonly field?: string) {
    super(message);
    this.name = 'PersonDetectionError';
  }
}

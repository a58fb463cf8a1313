// A read counts when frames agree. One frame can misread (a smudge that still passes a checksum, a
// neighbour's band at the edge of the view); the same text from N frames of a moving camera cannot,
// in practice. MultiFrameBarcodeReader keeps the last `window` frames and says which text N of them agree on.
import type { BarcodeCode, BarcodeFrame, BarcodePoint, BarcodeSymbology } from './read-barcodes.js';

export interface BarcodeAgreement {
  /** Untrusted: compare it, never interpret it. */
  text: string;
  symbology: BarcodeSymbology;
  /** Frames in the window that read this text. */
  frames: number;
  /** Frames in the window that read a different text of the same symbology and not this one. */
  conflicting: number;
  /** Frames looked at in the window (with or without a read). */
  looked: number;
  /**
   * 0..1: q̄ × (1 − 0.5^frames) × frames / (frames + conflicting), q̄ the mean BarcodeCode.quality of
   * the agreeing frames. Each agreeing frame halves the remaining doubt (1 frame: at most 0.5, 2:
   * 0.75, 3: 0.88, 4: 0.94); a frame that read another text of the same kind takes its share away;
   * a frame that read nothing is no evidence either way (the band was out of view or blurred).
   */
  confidence: number;
  /** Where it was last seen and its turn, pixels and radians (BarcodeCode). */
  center: BarcodePoint;
  angle: number;
  /** Whether at least `agree` frames read it. */
  agreed: boolean;
}

export interface MultiFrameBarcodeOptions {
  /** Frames that must read the same text (default 2). */
  agree?: number;
  /** How many recent frames count (default 10). */
  window?: number;
}

export class MultiFrameBarcodeReader {
  readonly agree: number;
  readonly window: number;
  private frames: BarcodeCode[][] = [];
  private total = 0;

  constructor(opts: MultiFrameBarcodeOptions = {}) {
    this.agree = opts.agree ?? 2;
    this.window = opts.window ?? 10;
    if (!Number.isInteger(this.agree) || this.agree < 1) throw new RangeError(`agree: ${String(opts.agree)} must be a whole number of frames, at least 1`);
    if (!Number.isInteger(this.window) || this.window < this.agree) throw new RangeError(`window: ${String(opts.window)} must be a whole number of frames, at least agree (${this.agree})`);
  }

  /** Frames added since the start or the last reset. */
  get seen(): number {
    return this.total;
  }

  /** Adds one frame's reads (an empty read is a frame that saw nothing). */
  add(frame: BarcodeFrame | readonly BarcodeCode[]): void {
    const codes = Array.isArray(frame) ? [...frame] : (frame as BarcodeFrame).codes;
    this.frames.push(codes);
    if (this.frames.length > this.window) this.frames.shift();
    this.total++;
  }

  reset(): void {
    this.frames = [];
    this.total = 0;
  }

  /** Every text in the window, most confident first. */
  texts(): BarcodeAgreement[] {
    const byKey = new Map<string, { text: string; symbology: BarcodeSymbology; frames: number; quality: number; last: BarcodeCode }>();
    const kindsPerFrame = this.frames.map((codes) => new Set(codes.map((c) => c.symbology)));
    this.frames.forEach((codes) => {
      const once = new Set<string>();
      for (const c of codes) {
        const key = `${c.symbology}\u0000${c.text}`;
        if (once.has(key)) continue;
        once.add(key);
        const e = byKey.get(key) ?? { text: c.text, symbology: c.symbology, frames: 0, quality: 0, last: c };
        e.frames++;
        e.quality += c.quality;
        e.last = c;
        byKey.set(key, e);
      }
    });
    const out: BarcodeAgreement[] = [];
    for (const e of byKey.values()) {
      let conflicting = 0;
      this.frames.forEach((codes, i) => {
        if (kindsPerFrame[i]!.has(e.symbology) && !codes.some((c) => c.symbology === e.symbology && c.text === e.text)) conflicting++;
      });
      const confidence = (e.quality / e.frames) * (1 - 0.5 ** e.frames) * (e.frames / (e.frames + conflicting));
      out.push({
        text: e.text, symbology: e.symbology, frames: e.frames, conflicting, looked: this.frames.length, confidence,
        center: e.last.center, angle: e.last.angle, agreed: e.frames >= this.agree,
      });
    }
    return out.sort((a, b) => b.confidence - a.confidence);
  }

  /**
   * The one text at least `agree` frames read (of `symbology`, when given), if there is exactly one.
   * Two agreed texts are ambiguous (two bands in view, a band and a label) and give none: a wristband
   * check must not pick one. `texts()` lists them.
   */
  agreed(symbology?: BarcodeSymbology): BarcodeAgreement | undefined {
    const agreed = this.texts().filter((t) => t.agreed && (symbology === undefined || t.symbology === symbology));
    return agreed.length === 1 ? agreed[0] : undefined;
  }
}

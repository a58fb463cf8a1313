// "Is the patient at the bed?" from person detections: a person box large enough to be at the
// bedside (not someone down the corridor or in the next bay) and mostly inside the region of the
// picture where the bed and the space beside it are, decided over a few frames so one missed or
// spurious frame does not flip the answer.
import { PersonDetectionError, type PersonBox } from './types.js';

/** Part of the frame, pixels: where the bed and its sides appear from the bedside stop. */
export interface ImageRegion {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface AtBedOptions {
  /** Lowest detector confidence that counts, 0..1; default 0.15. */
  minConfidence?: number;
  /** Share of the person's box that must lie in the bed region, 0..1; default 0.5. */
  minOverlap?: number;
  /** Person box height as a share of the frame height, 0..1; default 0.15. */
  minHeightShare?: number;
}

export const AT_BED_DEFAULTS = { minConfidence: 0.15, minOverlap: 0.5, minHeightShare: 0.15 } as const;

/** The best-scored person at the bed in one frame's detections, or null. Region: the whole frame by default. */
export function personAtBed(people: readonly PersonBox[], frame: { width: number; height: number }, region: ImageRegion | null = null, options: AtBedOptions = {}): PersonBox | null {
  const o = { ...AT_BED_DEFAULTS, ...options };
  for (const [field, v] of Object.entries(o)) {
    if (!(typeof v === 'number' && v >= 0 && v <= 1)) throw new PersonDetectionError(`at-bed ${field} must be in 0..1, got ${String(v)}`, field);
  }
  const r = region ?? { x: 0, y: 0, width: frame.width, height: frame.height };
  let best: PersonBox | null = null;
  for (const p of people) {
    if (p.confidence < o.minConfidence || p.height < o.minHeightShare * frame.height) continue;
    const iw = Math.min(p.x + p.width, r.x + r.width) - Math.max(p.x, r.x);
    const ih = Math.min(p.y + p.height, r.y + r.height) - Math.max(p.y, r.y);
    const inside = iw > 0 && ih > 0 ? (iw * ih) / (p.width * p.height) : 0;
    if (inside < o.minOverlap) continue;
    if (!best || p.confidence > best.confidence) best = p;
  }
  return best;
}

export interface BedsideDecision {
  /** True: a person is at the bed; false: nobody is; null: not yet decided (too few frames agree). */
  present: boolean | null;
  /** Best confidence among the frames that saw the person; 0 when absent or undecided. */
  confidence: number;
  /** Frames looked at so far. */
  frames: number;
}

/** A vote over the last `window` frames: `needed` of them seeing (or not seeing) the person decide. */
export class BedsideVote {
  private readonly recent: (PersonBox | null)[] = [];
  private count = 0;

  constructor(readonly window = 3, readonly needed = 2) {
    if (!(Number.isInteger(window) && window >= 1)) throw new PersonDetectionError(`bedside vote window must be a whole number ≥ 1, got ${window}`, 'window');
    if (!(Number.isInteger(needed) && needed >= 1 && needed <= window)) throw new PersonDetectionError(`bedside vote needed must be in 1..${window}, got ${needed}`, 'needed');
  }

  /** One more frame: the person seen at the bed in it (personAtBed), or null. */
  add(seen: PersonBox | null): BedsideDecision {
    this.recent.push(seen);
    if (this.recent.length > this.window) this.recent.shift();
    this.count++;
    return this.decision();
  }

  decision(): BedsideDecision {
    const seen = this.recent.filter((p): p is PersonBox => p !== null);
    const unseen = this.recent.length - seen.length;
    if (seen.length >= this.needed) return { present: true, confidence: Math.max(...seen.map((p) => p.confidence)), frames: this.count };
    if (unseen >= this.needed) return { present: false, confidence: 0, frames: this.count };
    return { present: null, confidence: 0, frames: this.count };
  }
}

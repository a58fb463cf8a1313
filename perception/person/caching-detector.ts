// The same pixels give the same detections: a detector is a pure function of its input, so a frame
// seen before (a robot standing still before a still scene, frame after frame) is answered from
// memory instead of running the network again. Keyed by a SHA-1 of size and pixels.
import { createHash } from 'node:crypto';
import type { PersonBox, PersonDetector, RgbFrame } from './types.js';

export class CachingDetector implements PersonDetector {
  private readonly cache = new Map<string, Promise<PersonBox[]>>();
  hits = 0;
  misses = 0;

  constructor(private readonly inner: PersonDetector, private readonly capacity = 64) {}

  get name(): string { return this.inner.name; }

  detect(frame: RgbFrame): Promise<PersonBox[]> {
    const key = createHash('sha1').update(`${frame.width}x${frame.height}:`).update(frame.data).digest('hex');
    const known = this.cache.get(key);
    if (known) {
      this.hits++;
      // Most recently used last, so the oldest goes first when full.
      this.cache.delete(key);
      this.cache.set(key, known);
      return known.then((boxes) => boxes.map((b) => ({ ...b })));
    }
    this.misses++;
    const result = this.inner.detect(frame);
    this.cache.set(key, result);
    // A failure is not remembered: the next look tries again.
    result.catch(() => this.cache.delete(key));
    while (this.cache.size > this.capacity) this.cache.delete(this.cache.keys().next().value!);
    return result.then((boxes) => boxes.map((b) => ({ ...b })));
  }

  close(): Promise<void> {
    this.cache.clear();
    return this.inner.close();
  }
}

// One default detector per process, loaded on first use and shared: every simulated robot's
// detect_person, the person node of a robot. It is the offline CenterNet in a worker thread of its
// own (threaded-detector.ts), so the network's hundreds of milliseconds per frame never stall the
// process. Loading takes about a second; a failed load is not kept, so the next call tries again.
import { ThreadedCenterNetDetector } from './threaded-detector.js';
import type { PersonDetector } from './types.js';

let shared: Promise<PersonDetector> | null = null;

export function sharedDefaultDetector(): Promise<PersonDetector> {
  shared ??= ThreadedCenterNetDetector.load();
  shared.catch(() => { shared = null; });
  return shared;
}

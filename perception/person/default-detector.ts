// One default detector per process, loaded on first use and shared: every simulated robot's
// detect_person, the person node of a robot. Loading the model takes about a second; a failed load
// is not kept, so the next call tries again (and reports its own error).
import { CenterNetPersonDetector } from './centernet-detector.js';
import type { PersonDetector } from './types.js';

let shared: Promise<PersonDetector> | null = null;

export function sharedDefaultDetector(): Promise<PersonDetector> {
  shared ??= CenterNetPersonDetector.load();
  shared.catch(() => { shared = null; });
  return shared;
}

// The wake word behind one interface: whichever engine listens (pocketsphinx offline, Porcupine with a
// Picovoice key), the robot gets the same detections and the same kind of failure report.
import type { Pcm } from '../audio/pcm.js';

export interface WakeWordDetection {
  /** The phrase as configured, e.g. "hello robot". */
  phrase: string;
  /** "pocketsphinx", "porcupine". */
  engine: string;
  /** Where the phrase ended, in seconds of audio fed to this detector. */
  atS: number;
  /** 0 to 1 where the engine reports one, 1 otherwise. */
  confidence: number;
}

/** A configuration that cannot work: the message names the setting and what to do. */
export class WakeWordConfigError extends Error {}
/** The engine stopped or failed while listening: wake word detection is off until it is started again. */
export class WakeWordFailure extends Error {}

export interface WakeWordDetector {
  readonly engine: string;
  readonly phrase: string;
  /** One line for the start-up banner: engine, phrase, settings. */
  readonly description: string;
  /** Audio of any length; 16 kHz mono or another rate (resampled). Never throws for a running engine. */
  feed(pcm: Pcm): void;
  onDetection(listener: (d: WakeWordDetection) => void): () => void;
  /** Called once if the engine stops by itself (a crashed child process, a library error). */
  onFailure(listener: (err: WakeWordFailure) => void): () => void;
  /** End of the audio: waits until everything fed has been heard and reported, then stops. */
  finish(): Promise<void>;
  /** Stops now (a child process is ended); what was not yet processed is dropped. */
  close(): Promise<void>;
}

/** Listener lists for detectors, so each engine only says when something happened. */
export class WakeWordEvents {
  private readonly detections = new Set<(d: WakeWordDetection) => void>();
  private readonly failures = new Set<(e: WakeWordFailure) => void>();
  private failed: WakeWordFailure | undefined;

  onDetection(listener: (d: WakeWordDetection) => void): () => void {
    this.detections.add(listener);
    return () => this.detections.delete(listener);
  }

  onFailure(listener: (e: WakeWordFailure) => void): () => void {
    // A failure before anyone listened is still told.
    if (this.failed) queueMicrotask(() => listener(this.failed!));
    this.failures.add(listener);
    return () => this.failures.delete(listener);
  }

  detected(d: WakeWordDetection): void {
    for (const l of [...this.detections]) l(d);
  }

  fail(err: WakeWordFailure): void {
    if (this.failed) return;
    this.failed = err;
    for (const l of [...this.failures]) l(err);
  }
}

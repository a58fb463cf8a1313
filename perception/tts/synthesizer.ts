// Text to speech behind one interface: espeak-ng is the default that runs anywhere; a better engine
// (a neural voice on the edge box, a cloud API) fills the same interface.
import type { Pcm } from '../audio/pcm.js';

export type SpeechLanguage = 'en' | 'zh-CN';

export interface SpeechSynthesizer {
  /** Short name for logs and the start-up banner, e.g. "espeak-ng". */
  readonly name: string;
  synthesize(text: string, language: SpeechLanguage, opts?: { signal?: AbortSignal }): Promise<Pcm>;
}

export class SynthesisError extends Error {}

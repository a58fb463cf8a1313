// Which wake word engine runs, from configuration: Porcupine when a Picovoice AccessKey is configured
// (or asked for), otherwise, and whenever Porcupine cannot start, offline pocketsphinx. The answer
// says which one runs in one line for the start-up banner, and why when it is not the one asked for.
import { PocketsphinxWakeWord, type PocketsphinxWakeWordOptions } from './pocketsphinx.js';
import { PICOVOICE_KEY_ENV, PorcupineWakeWord, type PorcupineOptions } from './porcupine.js';
import { WakeWordConfigError, type WakeWordDetector } from './wake-word.js';

export type WakeWordEngine = 'auto' | 'pocketsphinx' | 'porcupine';

export interface WakeWordConfig extends PocketsphinxWakeWordOptions {
  /** "auto" (default): Porcupine when an AccessKey is configured, else pocketsphinx. */
  engine?: WakeWordEngine;
  porcupine?: PorcupineOptions;
}

export interface StartedWakeWord {
  detector: WakeWordDetector;
  /** One line for the start-up banner: which engine listens for what. */
  banner: string;
  /** Why the engine asked for is not the one running (empty when it is). */
  notices: string[];
}

export async function createWakeWordDetector(config: WakeWordConfig = {}, env: NodeJS.ProcessEnv = process.env): Promise<StartedWakeWord> {
  const engine = config.engine ?? 'auto';
  if (!['auto', 'pocketsphinx', 'porcupine'].includes(engine)) throw new WakeWordConfigError(`engine: "${String(engine)}" is not auto, pocketsphinx or porcupine`);
  const key = (config.porcupine?.accessKey ?? env[PICOVOICE_KEY_ENV] ?? '').trim();
  const notices: string[] = [];
  if (engine === 'porcupine' || (engine === 'auto' && key)) {
    try {
      const detector = await PorcupineWakeWord.start(config.porcupine ?? {}, env);
      return { detector, banner: detector.description, notices };
    } catch (e) {
      if (!(e instanceof WakeWordConfigError)) throw e;
      notices.push(`${e.message}. The offline wake word (pocketsphinx) is in use.`);
    }
  }
  const detector = PocketsphinxWakeWord.start(config);
  const hint = engine === 'pocketsphinx' || notices.length ? '' : ` (for Porcupine set ${PICOVOICE_KEY_ENV})`;
  return { detector, banner: `${detector.description}${hint}${notices.length ? ' — Porcupine could not start, see the notice' : ''}`, notices };
}

/**
 * For startListening's `wakeWord`: starts the configured engine each time it is asked (at start-up and
 * after a failure), telling `notice` why it is not the engine asked for when that happens.
 */
export function wakeWordStarter(config: WakeWordConfig, notice: (line: string) => void, env: NodeJS.ProcessEnv = process.env): () => Promise<WakeWordDetector> {
  return async () => {
    const started = await createWakeWordDetector(config, env);
    for (const n of started.notices) notice(n);
    return started.detector;
  };
}

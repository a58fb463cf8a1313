// Which recogniser hears which language: English goes to the configured transcription server if there
// is one, else to pocketsphinx on the robot; Mandarin goes to the server, and without one the answer is
// a plain "no Mandarin recogniser" so the robot offers the screen's touch answers instead of guessing.
import type { Pcm } from '../audio/pcm.js';
import type { SpeechLanguage } from '../tts/synthesizer.js';
import { PocketsphinxRecognizer, type PocketsphinxOptions } from './pocketsphinx.js';
import { speechLanguage, SpeechRecognitionError, type Recognition, type RecognizeOptions, type SpeechRecognizer } from './recognizer.js';
import { transcriptionConfigFromEnv, TranscriptionServerRecognizer, type TranscriptionServerConfig } from './transcription-server.js';

const LANGUAGES: readonly SpeechLanguage[] = ['en', 'zh-CN'];

export interface SpeechRouterOptions {
  /** The transcription server, if any (see transcriptionConfigFromEnv). */
  server?: SpeechRecognizer;
  /** The offline English recogniser (default pocketsphinx; null for none). */
  offlineEnglish?: SpeechRecognizer | null;
  /**
   * English only: when the server fails (down, timeout, HTTP error), try the offline recogniser
   * instead of leaving the patient unheard (default true). Told through onFallback.
   */
  fallBackOffline?: boolean;
  onFallback?: (error: Error, language: SpeechLanguage) => void;
}

export class SpeechRouter implements SpeechRecognizer {
  readonly name = 'speech router';
  private readonly server: SpeechRecognizer | undefined;
  private readonly offline: SpeechRecognizer | undefined;

  constructor(private readonly opts: SpeechRouterOptions = {}) {
    this.server = opts.server;
    this.offline = opts.offlineEnglish === null ? undefined : opts.offlineEnglish ?? new PocketsphinxRecognizer();
  }

  /** The recogniser for a language, or undefined when none here serves it. */
  recognizerFor(language: string): SpeechRecognizer | undefined {
    const lang = speechLanguage(language);
    if (!lang) return undefined;
    if (this.server?.serves(lang)) return this.server;
    if (this.offline?.serves(lang)) return this.offline;
    return undefined;
  }

  serves(language: string): boolean {
    return this.recognizerFor(language) !== undefined;
  }

  /** One line for the start-up banner: "speech: en pocketsphinx, zh-CN none (touch answers)". */
  describe(): string {
    return `speech: ${LANGUAGES.map((l) => `${l} ${this.recognizerFor(l)?.name ?? 'none (touch answers)'}`).join(', ')}`;
  }

  async recognize(audio: Pcm, language: string, opts: RecognizeOptions = {}): Promise<Recognition> {
    const lang = speechLanguage(language);
    const chosen = this.recognizerFor(language);
    if (!lang || !chosen) {
      const name = lang === 'zh-CN' ? 'Mandarin' : lang === 'en' ? 'English' : `"${language}"`;
      return {
        outcome: 'language_not_served',
        language,
        message: `not understood: no ${name} recogniser here (${this.describe()}); set ${'WARD_ASR_URL'} to a transcription server, or answer on the screen`,
      };
    }
    try {
      return await chosen.recognize(audio, lang, opts);
    } catch (e) {
      const fallback = chosen === this.server && this.opts.fallBackOffline !== false && this.offline?.serves(lang) ? this.offline : undefined;
      if (!fallback || opts.signal?.aborted || !(e instanceof SpeechRecognitionError)) throw e;
      this.opts.onFallback?.(e, lang);
      return fallback.recognize(audio, lang, opts);
    }
  }
}

export interface SpeechRecognitionConfig {
  /** The server; default from WARD_ASR_URL etc. */
  server?: TranscriptionServerConfig;
  pocketsphinx?: PocketsphinxOptions | false;
  env?: Readonly<Record<string, string | undefined>>;
  onFallback?: SpeechRouterOptions['onFallback'];
}

/**
 * The robot's recognisers as configured: the server from config or WARD_ASR_*, pocketsphinx unless
 * turned off or not installed. What is missing is said in `problems`, for the start-up log.
 */
export function createSpeechRecognition(config: SpeechRecognitionConfig = {}): { router: SpeechRouter; problems: string[] } {
  const problems: string[] = [];
  const serverConfig = config.server ?? transcriptionConfigFromEnv(config.env ?? process.env);
  const server = serverConfig ? new TranscriptionServerRecognizer(serverConfig) : undefined;
  let offline: PocketsphinxRecognizer | null = null;
  if (config.pocketsphinx !== false) {
    const candidate = new PocketsphinxRecognizer(config.pocketsphinx ?? {});
    const problem = candidate.problem();
    if (problem) problems.push(problem);
    else offline = candidate;
  }
  const router = new SpeechRouter({ ...(server ? { server } : {}), offlineEnglish: offline, ...(config.onFallback ? { onFallback: config.onFallback } : {}) });
  return { router, problems };
}

// Speech recognition by an OpenAI-compatible `/v1/audio/transcriptions` server: whisper.cpp's server,
// faster-whisper servers (speaches), vLLM, or a cloud API. The utterance goes up as a 16 kHz mono WAV in
// a multipart form with `model`, `language` and `response_format`; the server's words come back. This is
// how the robot understands Mandarin: no Mandarin model ships in any package installed here.
import { resample } from '../audio/resample.js';
import { levelDbfs, SPEECH_RATE, type Pcm } from '../audio/pcm.js';
import { writeWav } from '../audio/wav.js';
import { abortError } from './child-process.js';
import { SpeechConfigError, speechLanguage, SpeechRecognitionError, type Recognition, type RecognizeOptions, type SpeechRecognizer } from './recognizer.js';
import type { SpeechLanguage } from '../tts/synthesizer.js';

export interface TranscriptionServerConfig {
  /** Base URL: "http://127.0.0.1:8080" or "https://api.openai.com" (with or without /v1). */
  url: string;
  /** Model name the server expects (whisper.cpp ignores it; OpenAI: "whisper-1"). */
  model: string;
  apiKey?: string;
  /** Per request (default 15 s). */
  timeoutMs?: number;
  /** Languages the server's model knows (default en and zh-CN). */
  languages?: readonly SpeechLanguage[];
  /**
   * "json" (every server) or "verbose_json" (whisper servers: segment log-probabilities give a real
   * confidence). Default json.
   */
  responseFormat?: 'json' | 'verbose_json';
  /** Confidence reported when the server gives none (default 0.8). */
  assumedConfidence?: number;
  /** Test seam: the fetch to use (default global fetch). */
  fetch?: typeof fetch;
}

export const ASR_ENV = { url: 'WARD_ASR_URL', model: 'WARD_ASR_MODEL', apiKey: 'WARD_ASR_API_KEY', timeoutMs: 'WARD_ASR_TIMEOUT_MS', languages: 'WARD_ASR_LANGUAGES' } as const;

/** Whisper wants ISO 639-1 codes. */
const SERVER_LANGUAGE: Record<SpeechLanguage, string> = { en: 'en', 'zh-CN': 'zh' };

/** Hints as words to prime the model (Whisper's `prompt`): the answers the robot expects. */
function promptFor(opts: RecognizeOptions, language: SpeechLanguage): string | undefined {
  const hint = opts.hint;
  if (!hint) return undefined;
  if (hint.kind === 'choice') return hint.choices.join(language === 'zh-CN' ? '，' : ', ');
  if (hint.kind === 'scale') return language === 'zh-CN' ? '0到10分，比如：3分。' : 'A number from 0 to 10, e.g. 3 out of 10.';
  if (hint.kind === 'yes_no') return language === 'zh-CN' ? '是，不是，有，没有。' : 'Yes. No.';
  return undefined;
}

/** Reads WARD_ASR_* (or the given values); undefined when no URL is configured. Bad values are named. */
export function transcriptionConfigFromEnv(env: Readonly<Record<string, string | undefined>> = process.env): TranscriptionServerConfig | undefined {
  const url = env[ASR_ENV.url]?.trim();
  if (!url) return undefined;
  const config: TranscriptionServerConfig = { url, model: env[ASR_ENV.model]?.trim() || 'whisper-1' };
  const key = env[ASR_ENV.apiKey]?.trim();
  if (key) config.apiKey = key;
  const timeout = env[ASR_ENV.timeoutMs]?.trim();
  if (timeout) {
    const ms = Number(timeout);
    if (!Number.isFinite(ms) || ms < 100 || ms > 300_000) throw new SpeechConfigError(`${ASR_ENV.timeoutMs}: "${timeout}" is not a time in milliseconds from 100 to 300000`);
    config.timeoutMs = ms;
  }
  const langs = env[ASR_ENV.languages]?.trim();
  if (langs) {
    const list = langs.split(',').map((l) => l.trim()).filter(Boolean);
    const parsed = list.map((l) => speechLanguage(l));
    const bad = list.find((_, i) => !parsed[i]);
    if (bad !== undefined || !parsed.length) throw new SpeechConfigError(`${ASR_ENV.languages}: "${bad ?? langs}" is not en or zh-CN (give a comma-separated list, e.g. "en,zh-CN")`);
    config.languages = [...new Set(parsed as SpeechLanguage[])];
  }
  return config;
}

function endpoint(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new SpeechConfigError(`url: "${raw}" is not a URL; give the server's base, e.g. http://127.0.0.1:8080 (${ASR_ENV.url})`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new SpeechConfigError(`url: "${raw}" must be http or https (${ASR_ENV.url})`);
  const base = url.pathname.replace(/\/+$/, '');
  url.pathname = base.endsWith('/audio/transcriptions') ? base : base.endsWith('/v1') ? `${base}/audio/transcriptions` : `${base}/v1/audio/transcriptions`;
  return url;
}

interface VerboseSegment { avg_logprob?: unknown; no_speech_prob?: unknown }

/** Whisper's own figures when the server gives them: mean segment probability, less the chance of no speech. */
function serverConfidence(body: Record<string, unknown>): number | undefined {
  const segs = Array.isArray(body.segments) ? (body.segments as VerboseSegment[]) : [];
  const scored = segs.filter((s) => typeof s.avg_logprob === 'number');
  if (!scored.length) return undefined;
  const mean = scored.reduce((n, s) => n + Math.exp(s.avg_logprob as number) * (1 - (typeof s.no_speech_prob === 'number' ? s.no_speech_prob : 0)), 0) / scored.length;
  return Math.max(0, Math.min(1, mean));
}

export class TranscriptionServerRecognizer implements SpeechRecognizer {
  readonly name: string;
  private readonly url: URL;
  private readonly languages: ReadonlySet<SpeechLanguage>;

  constructor(private readonly config: TranscriptionServerConfig) {
    this.url = endpoint(config.url);
    if (typeof config.model !== 'string' || !config.model.trim()) throw new SpeechConfigError(`model: give the server's model name, e.g. whisper-1 (${ASR_ENV.model})`);
    const assumed = config.assumedConfidence ?? 0.8;
    if (!(assumed >= 0 && assumed <= 1)) throw new SpeechConfigError(`assumedConfidence: ${String(config.assumedConfidence)} is not from 0 to 1`);
    this.languages = new Set(config.languages ?? ['en', 'zh-CN']);
    // The key never appears in a name, a log or an error.
    this.name = `${config.model} at ${this.url.origin}`;
  }

  serves(language: string): boolean {
    const lang = speechLanguage(language);
    return lang !== undefined && this.languages.has(lang);
  }

  async recognize(audio: Pcm, language: string, opts: RecognizeOptions = {}): Promise<Recognition> {
    const lang = speechLanguage(language);
    if (!lang || !this.languages.has(lang)) {
      return { outcome: 'language_not_served', language, message: `${this.name} is configured for ${[...this.languages].join(', ')}, not "${language}"` };
    }
    const pcm = resample(audio, SPEECH_RATE);
    if (pcm.samples.length < 0.1 * SPEECH_RATE || levelDbfs(pcm.samples) < -60) {
      // Whisper invents words for silence ("Thank you."); nothing is sent that holds no speech.
      return { outcome: 'not_understood', language: lang, reason: 'no speech in the audio', engine: this.name, confidence: 0 };
    }
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(writeWav(pcm))], { type: 'audio/wav' }), 'utterance.wav');
    form.append('model', this.config.model);
    form.append('language', SERVER_LANGUAGE[lang]);
    form.append('response_format', this.config.responseFormat ?? 'json');
    form.append('temperature', '0');
    const prompt = promptFor(opts, lang);
    if (prompt) form.append('prompt', prompt);

    const timeoutMs = this.config.timeoutMs ?? 15_000;
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout;
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.config.apiKey) headers.authorization = `Bearer ${this.config.apiKey}`;
    let res: Response;
    try {
      res = await (this.config.fetch ?? fetch)(this.url, { method: 'POST', body: form, headers, signal });
    } catch (e) {
      if (opts.signal?.aborted) throw abortError(opts.signal);
      if (timeout.aborted) throw new SpeechRecognitionError(`${this.name}: no answer within ${timeoutMs} ms (${ASR_ENV.timeoutMs} sets the limit)`);
      const cause = (e as { cause?: { code?: string; message?: string } }).cause;
      throw new SpeechRecognitionError(`${this.name}: cannot reach ${this.url.href} (${cause?.code ?? cause?.message ?? (e as Error).message}); is the server running? (${ASR_ENV.url})`);
    }
    let text: string;
    try {
      text = await res.text();
    } catch (e) {
      if (opts.signal?.aborted) throw abortError(opts.signal);
      throw new SpeechRecognitionError(`${this.name}: the reply broke off (${(e as Error).message})`);
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    if (!res.ok) {
      const err = (body as { error?: { message?: unknown } | string; message?: unknown } | undefined);
      const message = typeof err?.error === 'string' ? err.error : typeof err?.error?.message === 'string' ? err.error.message : typeof err?.message === 'string' ? err.message : text.slice(0, 200);
      const what = res.status === 401 || res.status === 403 ? ` (check ${ASR_ENV.apiKey})` : res.status === 404 ? ` (check ${ASR_ENV.url}: is it the server's base URL?)` : '';
      throw new SpeechRecognitionError(`${this.name}: HTTP ${res.status}: ${message.trim() || res.statusText}${what}`);
    }
    if (typeof body !== 'object' || body === null || typeof (body as { text?: unknown }).text !== 'string') {
      throw new SpeechRecognitionError(`${this.name}: the reply has no "text" field (got ${text.slice(0, 120)}); is it an OpenAI-compatible /v1/audio/transcriptions server?`);
    }
    const heard = ((body as { text: string }).text).replace(/\s+/g, ' ').trim();
    if (!heard) return { outcome: 'not_understood', language: lang, reason: 'the server heard no words', engine: this.name, confidence: 0 };
    const confidence = serverConfidence(body as Record<string, unknown>) ?? this.config.assumedConfidence ?? 0.8;
    return { outcome: 'heard', text: heard, language: lang, confidence, engine: this.name };
  }
}

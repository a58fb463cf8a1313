// Speech recognition behind one interface: an utterance's audio in, what the patient said out, or a
// plain statement that it was not understood or that nobody here understands that language. The robot
// must never pretend to have understood: a wrong "no pain" is worse than asking again or a touch answer.
import type { Pcm } from '../audio/pcm.js';
import type { SpeechLanguage } from '../tts/synthesizer.js';

/** What the robot expects to hear: it narrows offline grammars and primes a transcription server. */
export type RecognitionHint =
  | { kind: 'scale' }
  | { kind: 'yes_no' }
  | { kind: 'choice'; choices: readonly string[] }
  | { kind: 'free_text' };

export interface RecognizeOptions {
  /** What is expected (default free text). */
  hint?: RecognitionHint;
  /** The question's id ("sleep", "mobility"): lets a recogniser add the ward round's own answers to it. */
  questionId?: string;
  signal?: AbortSignal;
}

export type Recognition =
  | {
      outcome: 'heard';
      text: string;
      language: SpeechLanguage;
      /** 0 to 1. */
      confidence: number;
      /** The engine that heard it, for logs ("pocketsphinx", "whisper-1 at http://…"). */
      engine: string;
    }
  | {
      outcome: 'not_understood';
      language: SpeechLanguage;
      /** Why, in words for a log: "no speech in the audio", "confidence 0.21 below 0.5". */
      reason: string;
      engine: string;
      /** The engine's best guess when it had one; never to be acted on. */
      guess?: string;
      confidence: number;
    }
  | {
      outcome: 'language_not_served';
      /** The language asked for, as given. */
      language: string;
      /** For the log and the screen: which recogniser is missing and what to do instead. */
      message: string;
    };

export interface SpeechRecognizer {
  /** Short name for logs and the start-up banner. */
  readonly name: string;
  /** Whether this recogniser can hear `language` at all. */
  serves(language: SpeechLanguage): boolean;
  recognize(audio: Pcm, language: string, opts?: RecognizeOptions): Promise<Recognition>;
}

/** A recogniser that cannot run (binary missing, server down, bad reply): the message says what to do. */
export class SpeechRecognitionError extends Error {}
/** A bad configuration value or hint: the message names the field. */
export class SpeechConfigError extends Error {}

/** "en", "en-US", "en_GB" → en; "zh", "zh-CN", "zh-Hans", "cmn" → zh-CN; anything else undefined. */
export function speechLanguage(tag: unknown): SpeechLanguage | undefined {
  if (typeof tag !== 'string') return undefined;
  const t = tag.trim().toLowerCase().replace(/_/g, '-');
  if (t === 'en' || t.startsWith('en-')) return 'en';
  if (t === 'zh' || t === 'cmn' || t === 'zh-cn' || t === 'zh-hans' || t === 'zh-hans-cn' || t === 'cmn-hans-cn') return 'zh-CN';
  return undefined;
}

/** Checks a hint from outside (an AskQuestion goal, a config file), naming the field that is wrong. */
export function checkHint(hint: unknown): RecognitionHint {
  if (hint === undefined) return { kind: 'free_text' };
  if (typeof hint !== 'object' || hint === null) throw new SpeechConfigError('hint: expected { kind: "scale" | "yes_no" | "choice" | "free_text" }');
  const kind = (hint as { kind?: unknown }).kind;
  if (kind === 'scale' || kind === 'yes_no' || kind === 'free_text') return { kind };
  if (kind === 'choice') {
    const choices = (hint as { choices?: unknown }).choices;
    if (!Array.isArray(choices) || choices.length === 0 || choices.some((c) => typeof c !== 'string' || !c.trim())) {
      throw new SpeechConfigError('hint.choices: a choice hint needs a non-empty list of choices as text, e.g. ["well", "fairly well", "poorly"]');
    }
    return { kind, choices: choices as string[] };
  }
  throw new SpeechConfigError(`hint.kind: "${String(kind)}" is not scale, yes_no, choice or free_text`);
}

/** AskQuestion goal kinds (ward_interfaces/action/AskQuestion) as a hint. */
const ASK_KINDS: Record<number, RecognitionHint['kind']> = { 0: 'free_text', 1: 'scale', 2: 'yes_no', 3: 'choice' };

/** The hint an AskQuestion goal gives: its kind, its choices, and its question id. */
export function hintFromAskGoal(goal: { kind: number; choices?: readonly string[]; question_id?: string }): { hint: RecognitionHint; questionId?: string } {
  const kind = ASK_KINDS[goal.kind];
  if (!kind) throw new SpeechConfigError(`kind: ${String(goal.kind)} is not an AskQuestion kind (0 free text, 1 scale, 2 yes/no, 3 choice)`);
  const hint = checkHint(kind === 'choice' ? { kind, choices: goal.choices ?? [] } : { kind });
  return goal.question_id ? { hint, questionId: goal.question_id } : { hint };
}

/** The one normal form for comparing what was said with what was heard: lower case, no punctuation, "don't" → "dont". */
export function normaliseHeard(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/['‘’`´]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

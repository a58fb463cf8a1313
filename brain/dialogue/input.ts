// An utterance before anything reads it: a known shape, bounded length, a language we speak.
// Speech arrives from recognisers, screens and the API; none of it is trusted.
import { LANGUAGES, type Language } from '../../robot/index.js';
import { hasHan, hasLatin } from '../education/normalise.js';
import type { DialogueInput } from './types.js';

/** A spoken request is a sentence or two; anything longer is clipped before it is stored or read. */
export const MAX_UTTERANCE_CHARS = 500;
const MAX_ROBOT_CHARS = 100;
const MAX_SOURCE_CHARS = 100;

export class DialogueInputError extends Error {
  override readonly name = 'DialogueInputError';
  constructor(readonly problems: { field: string; detail: string }[]) {
    super(problems.map((p) => `${p.field}: ${p.detail}`).join('; '));
  }
}

export interface CheckedInput {
  robot: string;
  /** Clipped to MAX_UTTERANCE_CHARS. */
  text: string;
  /** The text as given, for red-flag detection, which reads more than is kept (the normaliser bounds it). */
  fullText: string;
  /** The language given, or null when it must be detected (the patient's record may decide). */
  language: Language | null;
  source: string | null;
  heardAtMs: number | null;
}

export function checkInput(input: DialogueInput): CheckedInput {
  const problems: { field: string; detail: string }[] = [];
  const robot = input?.robot;
  if (typeof robot !== 'string' || robot.trim() === '' || robot.length > MAX_ROBOT_CHARS) {
    problems.push({ field: 'robot', detail: `must be a robot name of 1-${MAX_ROBOT_CHARS} characters` });
  }
  const text = input?.text;
  if (typeof text !== 'string' || text.trim() === '') problems.push({ field: 'text', detail: 'must be non-empty text' });
  const source = input?.source;
  if (source !== undefined && (typeof source !== 'string' || source.length > MAX_SOURCE_CHARS)) {
    problems.push({ field: 'source', detail: `must be text of at most ${MAX_SOURCE_CHARS} characters` });
  }
  if (problems.length > 0) throw new DialogueInputError(problems);
  const full = (text as string).trim();
  const given = LANGUAGES.find((l) => l === input.language) ?? null;
  const heard = input.heardAtMs;
  return {
    robot: (robot as string).trim(),
    text: full.length > MAX_UTTERANCE_CHARS ? full.slice(0, MAX_UTTERANCE_CHARS) : full,
    fullText: full,
    language: given,
    source: source ?? null,
    heardAtMs: typeof heard === 'number' && Number.isFinite(heard) ? heard : null,
  };
}

/** Chinese characters mean Chinese; Latin letters mean English; neither (digits, emoji) leaves it open. */
export function detectLanguage(text: string): Language | null {
  if (hasHan(text)) return 'zh-CN';
  if (hasLatin(text)) return 'en';
  return null;
}

// The shapes of patient dialogue: what was heard, what the rules made of it, and the turn as it is
// stored and shown to staff.
import type { Language } from '../../robot/index.js';
import type { RedFlagId } from '../workflows/dialogue/red-flags.js';

export type LocalText = Readonly<Record<Language, string>>;

/** What a nurse is asked to come for. `question` and `clinical_question` come from questions, not requests. */
export const NURSE_CALL_CATEGORIES = [
  'water', 'toilet', 'pain', 'call_nurse', 'cold', 'help_moving', 'unwell', 'other', 'question', 'clinical_question',
] as const;
export type NurseCallCategory = (typeof NURSE_CALL_CATEGORIES)[number];

/** What a question is about: the answer comes from the patient's record or from the education library. */
export type QuestionAbout = 'medicine_purpose' | 'medicine_timing' | 'side_effects' | 'medicine' | 'condition';

/** Why a question is the nurse's to answer, never the robot's. */
export type ClinicalReason = 'dose' | 'treatment_change' | 'diagnosis';

export type Intent =
  | { kind: 'nurse_call'; category: Exclude<NurseCallCategory, 'question' | 'clinical_question'> }
  | { kind: 'question'; about: QuestionAbout }
  | { kind: 'clinical_question_for_nurse'; reason: ClinicalReason }
  /** Text that tries to instruct the robot (open a drawer, ignore its rules): logged, politely refused, nothing else. */
  | { kind: 'untrusted_instruction' }
  | { kind: 'greeting' }
  | { kind: 'thanks' }
  | { kind: 'unknown' };

/** `workflow_answer`: a workflow was waiting for these words; only red flags were looked for. */
export type IntentKind = Intent['kind'] | 'workflow_answer';

export const INTENT_KINDS: readonly IntentKind[] = [
  'nurse_call', 'question', 'clinical_question_for_nurse', 'untrusted_instruction', 'greeting', 'thanks', 'unknown', 'workflow_answer',
];

/** A piece of text an answer may come from, with the id staff see beside the answer. */
export interface Passage {
  /** `education:<topic>@<version>#<section>`, `record:conditions` or `record:order:<order id>`. */
  id: string;
  title: LocalText;
  text: LocalText;
}

export interface SourceRef {
  id: string;
  title: LocalText;
}

export interface DialogueInput {
  robot: string;
  text: string;
  /** 'en' or 'zh-CN'; anything else (or nothing) is detected from the text. */
  language?: string;
  /** Where the text came from: 'voice', 'screen', 'staff:<username>' (typed by staff for testing). */
  source?: string;
  /** When the words were heard (ms, brain clock); defaults to now. */
  heardAtMs?: number;
}

/** One utterance and everything done about it; stored, and shown to clinical staff. */
export interface DialogueTurn {
  id: string;
  robot: string;
  /** Record number of the patient in the bed where the robot stood, or null. */
  patient: string | null;
  bed: string | null;
  heardAtMs: number;
  /** What was heard, clipped to MAX_UTTERANCE_CHARS. */
  utterance: string;
  language: Language;
  source: string | null;
  intent: IntentKind;
  /** The nurse-call category, question subject or clinical reason; null for the other intents. */
  detail: string | null;
  redFlags: RedFlagId[];
  /** What the robot said; null when it said nothing (a workflow was waiting for this answer). */
  reply: { text: string; language: Language } | null;
  /** Where the answer came from. */
  sources: SourceRef[];
  /** Who wrote the reply: the rules, or a model whose answer passed the checks. */
  mode: 'deterministic' | 'model';
  /** null when no model was asked; 'accepted'; or 'fallback: <why>'. */
  modelVerdict: string | null;
  alertIds: string[];
  /** When "let me check" was sent (model mode only). */
  ackAtMs: number | null;
  repliedAtMs: number | null;
  /** Whether the robot accepted the reply (false: the speak goal failed; the reason is in the log). */
  spoken: boolean;
}

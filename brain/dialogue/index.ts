// Patient dialogue: red flags first, then bilingual intent rules, answers only from the education
// library and the patient's own record (worded by a model when one is configured, and checked).
export { DialogueManager, RED_FLAG_DEADLINE_MS } from './dialogue-manager.js';
export type { DialogueDeps, DialogueDirectory, DialogueLogger } from './dialogue-deps.js';
export { DialogueRecords, DIALOGUE_MODULE, DIALOGUE_MIGRATIONS, type TurnQuery } from './dialogue-records.js';
export { registerDialogueRoutes, turnToWire, TurnSchema, HIDDEN, type DialogueRoutesDeps, type WireTurn } from './dialogue-routes.js';
export { DialogueInputError, MAX_UTTERANCE_CHARS, detectLanguage } from './input.js';
export { classify, type ClassifyOptions } from './intents.js';
export { PassageIndex, retrieve, terms, MIN_SCORE, type Scored, type RetrieveOptions } from './retrieve.js';
export { libraryPassages, recordPassages, medicineNames, CONDITION_NAMES, type SourcePassage } from './sources.js';
export { deterministicAnswer, shortenForSpeech, MAX_ANSWER_SECONDS, type Answer, type AnswerContext } from './compose.js';
export { checkModelAnswer, type CheckResult } from './answer-check.js';
export { askModel, systemPrompt, userMessage, DEFAULT_MODEL_TIMEOUT_MS, type ModelOutcome } from './model-answer.js';
export {
  NURSE_CALL_CATEGORIES, INTENT_KINDS,
  type ClinicalReason, type DialogueInput, type DialogueTurn, type Intent, type IntentKind, type NurseCallCategory, type Passage,
  type QuestionAbout, type SourceRef,
} from './types.js';

// Health education at the bedside: the bilingual content library, teach-back grading and session plans.
export { loadLibrary, SHIPPED_LIBRARY_DIR, EducationLibraryError } from './library.js';
export { gradeTeachBack, saysDontKnow } from './teach-back.js';
export type { TeachBackGrade } from './teach-back.js';
export { planSession, sectionsToRepeat } from './session-plan.js';
export type { SessionStep, TeachStep, CheckStep, PreviousSession, PlanOptions, TeachBackResult } from './session-plan.js';
export { normaliseSpeech, MAX_ANSWER_CHARS } from './normalise.js';
export { speakingSeconds, MAX_SPOKEN_SECONDS } from './speaking-time.js';
export type { EducationLibrary, Topic, Section, TeachBackQuestion, KeyPoint, LocalText } from './types.js';

// What the robot says in one education session at a bedside: the sections to teach, then the
// teach-back questions that check them. A repeat visit re-teaches only what was not understood.
import { LANGUAGES, type Condition, type Language } from '../../robot/index.js';
import type { EducationLibrary, TeachBackQuestion, Topic } from './types.js';

export interface TeachStep {
  kind: 'teach';
  topic: Condition;
  version: string;
  section: string;
  title: string;
  text: string;
}

export interface CheckStep {
  kind: 'check';
  topic: Condition;
  version: string;
  question: TeachBackQuestion;
  /** The question in the session's language, as the robot asks it. */
  prompt: string;
}

export type SessionStep = TeachStep | CheckStep;

/** What an earlier session of a topic left behind. */
export interface PreviousSession {
  topic: Condition;
  /** The library version that session taught. */
  version: string;
  /** Sections whose teach-back was not understood (see sectionsToRepeat); empty when all were. */
  sectionsNotUnderstood: readonly string[];
}

export interface PlanOptions {
  previous?: readonly PreviousSession[];
}

/**
 * The sections of `topic` to teach now: all of them the first time, or when the library changed
 * since; on a repeat of the same version, only those not understood. A previous record naming a
 * section this version does not have cannot be trusted, so the whole topic is taught again.
 */
function sectionsToTeach(topic: Topic, previous: PreviousSession | undefined): Set<string> {
  const all = new Set(topic.sections.map((s) => s.id));
  if (!previous || previous.version !== topic.version) return all;
  if (previous.sectionsNotUnderstood.some((id) => !all.has(id))) return all;
  return new Set(previous.sectionsNotUnderstood);
}

/** Plans one session; conditions are taught in the order given, each once. */
export function planSession(
  library: EducationLibrary,
  conditions: readonly Condition[],
  language: Language,
  options: PlanOptions = {},
): SessionStep[] {
  if (!LANGUAGES.includes(language)) throw new Error(`language: must be one of ${LANGUAGES.join(', ')}, got ${JSON.stringify(language)}`);
  const steps: SessionStep[] = [];
  for (const condition of new Set(conditions)) {
    const topic = library.topic(condition);
    // The latest record of a topic is the one that counts.
    const previous = options.previous?.filter((p) => p.topic === condition).at(-1);
    const teach = sectionsToTeach(topic, previous);
    const base = { topic: topic.topic, version: topic.version };
    for (const section of topic.sections) {
      if (teach.has(section.id)) {
        steps.push({ kind: 'teach', ...base, section: section.id, title: section.title[language], text: section.text[language] });
      }
    }
    for (const question of topic.teachBack) {
      if (teach.has(question.section)) steps.push({ kind: 'check', ...base, question, prompt: question.question[language] });
    }
  }
  return steps;
}

export interface TeachBackResult {
  questionId: string;
  understood: boolean;
}

/**
 * The sections of `topic` to teach again, in the topic's order: those with a teach-back question whose
 * latest result is "not understood". Questions with no result were not asked this time and say nothing.
 */
export function sectionsToRepeat(topic: Topic, results: readonly TeachBackResult[]): string[] {
  const latest = new Map<string, boolean>();
  for (const [i, result] of results.entries()) {
    if (!topic.teachBack.some((q) => q.id === result.questionId)) {
      throw new Error(`results[${i}].questionId: no teach-back question "${result.questionId}" in topic ${topic.topic}`);
    }
    latest.set(result.questionId, result.understood);
  }
  const repeat = new Set(topic.teachBack.filter((q) => latest.get(q.id) === false).map((q) => q.section));
  return topic.sections.filter((s) => repeat.has(s.id)).map((s) => s.id);
}

// The health-education library as the brain uses it: one topic per condition, each a few short
// sections to speak at the bedside and teach-back questions that check the patient understood them.
import type { Condition, Language } from '../../robot/index.js';

/** The same text in every language a patient may be spoken to in. */
export type LocalText = Readonly<Record<Language, string>>;

export interface Section {
  readonly id: string;
  readonly title: LocalText;
  /** Spoken aloud in one go: 2–4 short sentences. */
  readonly text: LocalText;
}

/**
 * One idea a correct answer must contain, as the words a patient may use for it. English keywords are
 * whole words or phrases in normalised form (lower case, no punctuation: "dont stop"); Chinese keywords
 * are substrings.
 */
export interface KeyPoint {
  readonly id: string;
  readonly en: readonly string[];
  readonly 'zh-CN': readonly string[];
}

export interface TeachBackQuestion {
  readonly id: string;
  /** The section whose understanding this question checks. */
  readonly section: string;
  readonly question: LocalText;
  readonly keyPoints: readonly KeyPoint[];
  /** How many key points an answer must contain to count as understood. */
  readonly pass: number;
}

export interface Topic {
  readonly topic: Condition;
  /** Semver; a new version means patients are taught the whole topic again. */
  readonly version: string;
  readonly reviewed: { readonly date: string; readonly by: string };
  readonly title: LocalText;
  readonly sections: readonly Section[];
  readonly teachBack: readonly TeachBackQuestion[];
}

export interface EducationLibrary {
  /** The topic for a condition; throws if the condition is not one of CONDITIONS. */
  topic(condition: Condition): Topic;
  /** Every topic, in the order of CONDITIONS. */
  topics(): readonly Topic[];
}

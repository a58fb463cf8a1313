// What a scenario can say about the simulated people of a ward.
import type { Language } from '../../robot/index.js';

/** How one simulated patient behaves; anything left out keeps its default (or earlier script). */
export interface PatientScript {
  /** In their bed (default) or away: an absent patient is not detected, read or heard. */
  present?: boolean;
  /**
   * Answers by question id, verbatim. An array gives successive answers to repeated asks of the
   * same question; once used up, its last answer repeats.
   */
  answers?: Record<string, string | string[]>;
  /** What is printed on the wristband (the camera reads it), e.g. another patient's code to simulate a wrong band. */
  wristband?: string;
  /** False: the band's print is worn or smudged, so the camera cannot decode it (default true). */
  wristbandReadable?: boolean;
  /** Never answers a question (present but does not speak). */
  silent?: boolean;
  /** Sim seconds from the end of the question to the answer; default 1.5. */
  answerDelayS?: number;
}

/** What a staff member types at the robot: badge on the reader, PIN on the screen. */
export interface StaffCredential {
  badge: string;
  pin: string;
}

/** A nurse who comes to any robot that asks for staff, `afterS` sim seconds after it asks. */
export interface DefaultResponder extends StaffCredential {
  afterS: number;
}

/** A question as the patient hears it. */
export interface HeardQuestion {
  questionId: string;
  text: string;
  language: string;
  /** AskQuestion KIND_* */
  kind: number;
  choices: readonly string[];
}

/**
 * The simulator's voice mode (sim/voice): patients speak as audio on the robot's microphone topic
 * instead of text on patient_speech. `wake`: unprompted speech, begun with the robot's wake phrase.
 */
export interface PatientVoice {
  speak(robot: string, text: string, language: Language, opts: { wake: boolean }): void;
}

export interface SpokenAnswer {
  text: string;
  language: Language;
}

// What every ward-skill server of one simulated robot shares.
import type { Logger } from 'pino';
import type { PersonDetector } from '../../../perception/index.js';
import type { Language, Time, WardMap } from '../../../robot/index.js';
import type { CameraImage } from '../../camera/index.js';
import type { SimPeople } from '../../people/index.js';
import type { Rng, SimRobot, SimTimers } from '../../world/index.js';
import type { RobotRecords } from './records.js';

/**
 * The robot's real voice and ears in the simulator's voice mode (sim/voice): speech synthesized onto
 * the speaker topic, and answers heard from microphone audio by the conversation loop.
 */
export interface SkillVoice {
  say(text: string, language: Language, onProgress?: (share: number) => void): { done: Promise<{ status: string; reason?: string }>; stop(reason?: string): void };
  /** The question was said: the next utterance is its answer (published on patient_speech when understood). Returns a cancel. */
  expectAnswer(goal: { kind: number; choices: readonly string[]; question_id: string; language: string }): () => void;
}

export interface SkillContext {
  robot: SimRobot;
  ward: WardMap;
  timers: SimTimers;
  people: SimPeople;
  records: RobotRecords;
  /** This robot's own stream, so one robot's draws do not shift another's. */
  rng: Rng;
  log: Logger;
  /** Header stamps, on the simulation's clock. */
  stamp(): Time;
  /** Sim time (ms from the start) as a date, epoch ms. */
  dateOf(simMs: number): number;
  /** Wall clock for the caps on feedback rates. */
  wallNow(): number;
  /** What the robot's camera sees now: the frame its camera node publishes. */
  look(): CameraImage;
  /** Stops simulated time until the returned release is called (SimClock.hold). */
  holdTime(): () => void;
  /** The person detector the robot looks with (loaded on first use). */
  personDetector(): Promise<PersonDetector>;
  /** Present in voice mode: speak and ask aloud, and hear answers as audio. */
  voice?: SkillVoice;
}

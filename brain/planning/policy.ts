// The limits every plan is held to, whoever wrote it. Written once; the validator reads them and
// the model is told them in its system prompt (brain/planning/model-prompt.ts).
import type { PlaceKind } from '../../robot/index.js';

export interface PlanPolicy {
  /** Highest speed a plan may ask for, m/s; 0 in a goal means the robot's own configured limit. */
  maxSpeedMps: number;
  /** Places a plan may send a robot to, by kind. A lift needs the building's lift integration, not a plan. */
  placeKinds: readonly PlaceKind[];
  /** Levels a plan may send a robot to; null for every level of the ward. */
  levels: readonly string[] | null;
  /** Skill and task steps in one plan. */
  maxSteps: number;
  /** How deep sequence/retry/fallback may nest. */
  maxDepth: number;
  /** Attempts a retry node may make in all. */
  maxAttempts: number;
  /** Characters the robot may be told to say in one step. */
  maxSpeechChars: number;
  /** Longest wait (question, detection, sign-in) one step may ask for, seconds. */
  maxWaitS: number;
  /** Task categories a plan may dispatch. */
  taskCategories: readonly string[];
}

export const DEFAULT_POLICY: PlanPolicy = {
  maxSpeedMps: 1.0,
  placeKinds: ['bed', 'pharmacy', 'nurse_station', 'charger', 'waypoint', 'parking'],
  levels: null,
  maxSteps: 24,
  maxDepth: 4,
  maxAttempts: 3,
  maxSpeechChars: 400,
  maxWaitS: 600,
  taskCategories: ['go_to_place', 'ward_round', 'health_education', 'medication_delivery'],
};

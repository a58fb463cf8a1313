import type { Place, WardMap } from '../../../robot/index.js';
import type { JsonObject } from '../../store/types.js';

export type JsonSchema = Record<string, unknown>;

/** A problem with a request that a person can fix; `field` is relative to `request.description`. */
export interface DescriptionProblem {
  code: 'unknown_place';
  field: string;
  detail: string;
}

/** One thing a robot does for a task; later categories add more kinds (speak, verify_patient, …). */
export type TaskStep = { kind: 'navigate_to_place'; place: Place };

export interface TaskCategory {
  name: string;
  /** One line for the OpenAPI document and the dashboard. */
  summary: string;
  /** JSON Schema of `request.description`: validates requests and documents the API. */
  descriptionSchema: JsonSchema;
  /** What the schema cannot know: that the ward has the places the description names. */
  check(description: JsonObject, ward: WardMap): DescriptionProblem[];
  /** The robot steps that carry the task out, in order. */
  plan(description: JsonObject, ward: WardMap): TaskStep[];
}

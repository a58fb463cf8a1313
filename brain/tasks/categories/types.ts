import type { WardMap } from '../../../robot/index.js';
import type { Place } from '../../../robot/index.js';
import type { JsonObject } from '../../store/types.js';
import type { PatientDirectory } from '../../workflows/services.js';

export type JsonSchema = Record<string, unknown>;

export type DescriptionProblemCode = 'invalid_request' | 'unknown_place' | 'unknown_patient' | 'unknown_order' | 'order_not_active';

/** A problem with a request that a person can fix; `field` is relative to `request.description`. */
export interface DescriptionProblem {
  code: DescriptionProblemCode;
  field: string;
  detail: string;
}

/** What a check may consult besides the map: the ward's records, and what open tasks already hold. */
export interface CheckContext {
  directory: PatientDirectory;
  /** Orders in queued or underway deliveries. */
  ordersInOpenTasks(): Set<string>;
}

/** One thing a robot does for a simple task. */
export type TaskStep = { kind: 'navigate_to_place'; place: Place };

export interface TaskCategory {
  name: string;
  /** One line for the OpenAPI document and the dashboard. */
  summary: string;
  /** JSON Schema of `request.description`: validates requests and documents the API. */
  descriptionSchema: JsonSchema;
  /** What the schema cannot know: that the ward has the places, patients and orders the description names. */
  check(description: JsonObject, ward: WardMap, ctx: CheckContext | null): DescriptionProblem[];
  /**
   * The robot steps of a simple task (go_to_place). A ward workflow (ward_round, …) has none: its
   * WorkflowDefinition, registered at start with the services it needs, runs it instead.
   */
  plan?(description: JsonObject, ward: WardMap): TaskStep[];
}

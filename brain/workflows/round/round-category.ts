// The ward_round task category: what a request may say, what the ward must have for it, and the
// workflow that carries it out. The integrator adapts this shape to the task service's TaskCategory.
import { findPlace, unknownPlaceMessage, type Place, type WardMap } from '../../../robot/index.js';
import type { JsonObject } from '../../store/types.js';
import type { WorkflowDefinition } from '../engine/types.js';
import type { WorkflowServices } from '../services.js';
import type { RoundRecords } from './round-records.js';
import { roundBeds, runWardRound } from './round-workflow.js';

/** A problem a person can fix; `field` is relative to `request.description`. */
export interface RoundDescriptionProblem {
  code: 'unknown_place';
  field: string;
  detail: string;
}

export const MAX_ROUND_BEDS = 60;

export const wardRound = {
  name: 'ward_round',
  summary: 'Ward round: the robot visits each bed (nearest first), asks about pain, sleep, nausea, breathing and mobility in the patient\'s language, and alerts a nurse where an answer needs one.',
  descriptionSchema: {
    type: 'object',
    title: 'ward_round',
    additionalProperties: false,
    properties: {
      beds: {
        type: 'array', minItems: 1, maxItems: MAX_ROUND_BEDS, uniqueItems: true,
        items: { type: 'string', minLength: 1, maxLength: 200 },
        description: 'Bed place names to visit; every bed with a patient when left out',
        examples: [['bed_1', 'bed_2']],
      },
    },
  },
  check(description: JsonObject, ward: WardMap): RoundDescriptionProblem[] {
    if (!Array.isArray(description.beds)) return [];
    const problems: RoundDescriptionProblem[] = [];
    description.beds.forEach((value, i) => {
      const name = String(value);
      const place = findPlace(ward, name);
      if (!place) problems.push({ code: 'unknown_place', field: `beds[${i}]`, detail: unknownPlaceMessage(ward, name) });
      else if (place.kind !== 'bed') problems.push({ code: 'unknown_place', field: `beds[${i}]`, detail: `"${name}" is a ${place.kind}, not a bed` });
    });
    return problems;
  },
} as const;

export interface WardRoundDeps {
  services: WorkflowServices;
  records: RoundRecords;
}

export function wardRoundCategory(deps: WardRoundDeps) {
  const workflow: WorkflowDefinition = {
    run: (ctx) => runWardRound(ctx, deps.services, deps.records),
    firstPlace(description: JsonObject, ward: WardMap): Place | null {
      const first = roundBeds(description, { ...deps.services, ward })[0];
      return first === undefined ? null : findPlace(ward, first) ?? null;
    },
    beds: (description) => roundBeds(description, deps.services),
  };
  return { ...wardRound, workflow };
}

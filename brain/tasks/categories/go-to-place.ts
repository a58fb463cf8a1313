import { findPlace, unknownPlaceMessage } from '../../../robot/index.js';
import type { TaskCategory } from './types.js';

export const goToPlace: TaskCategory = {
  name: 'go_to_place',
  summary: 'Drive one robot to a named place of the ward (a bed, the pharmacy, a nurse station, a charger).',
  descriptionSchema: {
    type: 'object',
    title: 'go_to_place',
    additionalProperties: false,
    required: ['place'],
    properties: {
      place: { type: 'string', minLength: 1, maxLength: 200, description: 'Place name as listed by GET /api/places', examples: ['bed_1'] },
    },
  },
  check(description, ward) {
    const place = String(description.place);
    return findPlace(ward, place) ? [] : [{ code: 'unknown_place', field: 'place', detail: unknownPlaceMessage(ward, place) }];
  },
  plan(description, ward) {
    const place = findPlace(ward, String(description.place));
    if (!place) throw new Error(`go_to_place: place "${String(description.place)}" is no longer on the ward map`);
    return [{ kind: 'navigate_to_place', place }];
  },
};

// The health_education task category: one patient (by record number or bed), optional topics
// (default: the patient's conditions). The integrator adapts this shape to TaskCategory and must
// add the problem codes below beside 'unknown_place'.
import { CONDITIONS, findPlace, unknownPlaceMessage, type Condition, type Place, type WardMap } from '../../../robot/index.js';
import type { JsonObject } from '../../store/types.js';
import type { WorkflowDefinition } from '../engine/types.js';
import { educationPatient, educationTopics, runHealthEducation, type EducationDeps } from './education-workflow.js';

export interface EducationDescriptionProblem {
  code: 'unknown_place' | 'unknown_patient' | 'patient_without_bed' | 'unknown_topic';
  field: string;
  detail: string;
}

export const EDUCATION_DESCRIPTION_SCHEMA = {
  type: 'object',
  title: 'health_education',
  additionalProperties: false,
  properties: {
    patient: { type: 'string', minLength: 1, maxLength: 100, description: 'Patient record number', examples: ['MRN001'] },
    bed: { type: 'string', minLength: 1, maxLength: 200, description: 'Bed place name, instead of the record number', examples: ['bed_1'] },
    topics: {
      type: 'array', minItems: 1, maxItems: CONDITIONS.length, uniqueItems: true, items: { type: 'string', enum: [...CONDITIONS] },
      description: 'Topics to teach; the patient\'s recorded conditions when left out',
    },
  },
  oneOf: [{ required: ['patient'] }, { required: ['bed'] }],
} as const;

export function healthEducationCategory(deps: EducationDeps) {
  const { services, library } = deps;
  const check = (description: JsonObject, ward: WardMap): EducationDescriptionProblem[] => {
    const field = typeof description.patient === 'string' ? 'patient' : 'bed';
    if (field === 'bed') {
      const bed = String(description.bed);
      const place = findPlace(ward, bed);
      if (!place) return [{ code: 'unknown_place', field, detail: unknownPlaceMessage(ward, bed) }];
      if (place.kind !== 'bed') return [{ code: 'unknown_place', field, detail: `"${bed}" is a ${place.kind}, not a bed` }];
    }
    const patient = educationPatient(description, services);
    if (!patient) {
      return [{ code: 'unknown_patient', field, detail: field === 'bed' ? `nobody is in ${String(description.bed)}` : `no patient ${String(description.patient)} in the ward records` }];
    }
    if (patient.bed === null) return [{ code: 'patient_without_bed', field, detail: `patient ${patient.recordNumber} is not in a bed` }];
    if (!findPlace(ward, patient.bed)) return [{ code: 'unknown_place', field, detail: `patient ${patient.recordNumber}'s bed: ${unknownPlaceMessage(ward, patient.bed)}` }];
    const problems: EducationDescriptionProblem[] = [];
    const named = Array.isArray(description.topics) ? description.topics.map(String) : null;
    named?.forEach((topic, i) => {
      if (!hasTopic(topic)) problems.push({ code: 'unknown_topic', field: `topics[${i}]`, detail: `no education topic "${topic}" (topics: ${CONDITIONS.join(', ')})` });
    });
    if (!named && educationTopics(description, patient).length === 0) {
      problems.push({ code: 'unknown_topic', field: 'topics', detail: `patient ${patient.recordNumber} has no recorded conditions; name the topics to teach` });
    }
    return problems;
  };
  const hasTopic = (topic: string): boolean => {
    if (!(CONDITIONS as readonly string[]).includes(topic)) return false;
    try {
      library.topic(topic as Condition);
      return true;
    } catch {
      return false;
    }
  };
  const bedOf = (description: JsonObject): string | null => educationPatient(description, services)?.bed ?? null;
  const workflow: WorkflowDefinition = {
    run: (ctx) => runHealthEducation(ctx, deps),
    firstPlace(description: JsonObject, ward: WardMap): Place | null {
      const bed = bedOf(description);
      return bed === null ? null : findPlace(ward, bed) ?? null;
    },
    beds(description: JsonObject): string[] {
      const bed = bedOf(description);
      return bed === null ? [] : [bed];
    },
  };
  return {
    name: 'health_education',
    summary: 'Health education at the bedside: the robot teaches a patient about their conditions in their language, checks understanding by teach-back, and queues a repeat of what was not understood.',
    descriptionSchema: EDUCATION_DESCRIPTION_SCHEMA,
    check,
    workflow,
  } as const;
}

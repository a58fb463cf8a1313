// The task categories the brain accepts. Adding one means adding its file and listing it here;
// validation and the OpenAPI document both read its description schema from this one place.
// Ward workflows (ward_round, health_education, medication_delivery) also register their running
// part at start (brain/start.ts), where their services exist.
import { CONDITIONS, findPlace, unknownPlaceMessage } from '../../../robot/index.js';
import { medicationDelivery, medicationReturn } from '../../workflows/delivery/delivery-category.js';
import { EDUCATION_DESCRIPTION_SCHEMA } from '../../workflows/education/education-category.js';
import { educationPatient } from '../../workflows/education/education-workflow.js';
import { wardRound } from '../../workflows/round/round-category.js';
import { goToPlace } from './go-to-place.js';
import { plannedSkillsCategory } from '../../planning/planned-skills-category.js';
import type { DescriptionProblem, TaskCategory } from './types.js';

const healthEducation: TaskCategory = {
  name: 'health_education',
  summary: 'Health education at the bedside: the robot teaches a patient about their conditions in their language, checks understanding by teach-back, and queues a repeat of what was not understood.',
  descriptionSchema: EDUCATION_DESCRIPTION_SCHEMA as unknown as Record<string, unknown>,
  check(description, ward, ctx) {
    const field = typeof description.patient === 'string' ? 'patient' : 'bed';
    if (field === 'bed') {
      const place = findPlace(ward, String(description.bed));
      if (!place || place.kind !== 'bed') return [{ code: 'unknown_place', field, detail: place ? `"${place.name}" is a ${place.kind}, not a bed` : unknownPlaceMessage(ward, String(description.bed)) }];
    }
    if (!ctx) return [];
    const patient = educationPatient(description, ctx);
    const problems: DescriptionProblem[] = [];
    if (!patient) problems.push({ code: 'unknown_patient', field, detail: field === 'bed' ? `nobody is in ${String(description.bed)}` : `no patient ${String(description.patient)} in the ward records` });
    else if (!patient.bed || !findPlace(ward, patient.bed)) problems.push({ code: 'unknown_patient', field, detail: `patient ${patient.recordNumber} is not in a bed of this ward` });
    else if (!Array.isArray(description.topics) && patient.conditions.filter((c) => (CONDITIONS as readonly string[]).includes(c)).length === 0) {
      problems.push({ code: 'invalid_request', field: 'topics', detail: `patient ${patient.recordNumber} has no recorded conditions; name the topics to teach` });
    }
    return problems;
  },
};

export const TASK_CATEGORIES: readonly TaskCategory[] = [goToPlace, wardRound, healthEducation, medicationDelivery, medicationReturn, plannedSkillsCategory];

export function findCategory(name: string): TaskCategory | undefined {
  return TASK_CATEGORIES.find((c) => c.name === name);
}

export function categoryNames(): string[] {
  return TASK_CATEGORIES.map((c) => c.name);
}

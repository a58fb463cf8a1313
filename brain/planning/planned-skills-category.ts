// The task that runs an approved plan's robot-skill steps (brain/planning/plan-workflow.ts). Only
// the plan service queues it; no role may dispatch it directly (see tasks/categories/roles.ts).
import type { TaskCategory } from '../tasks/categories/types.js';

export const PLANNED_SKILLS = 'planned_skills';

export const plannedSkillsCategory: TaskCategory = {
  name: PLANNED_SKILLS,
  summary: 'The robot-skill steps of an approved plan (queued by POST /api/plans/{id}/approve; nobody dispatches it directly).',
  descriptionSchema: {
    type: 'object', title: PLANNED_SKILLS, additionalProperties: false, required: ['plan'],
    properties: { plan: { type: 'string', minLength: 1, maxLength: 100, description: 'Id of the approved plan' } },
  },
  check: () => [],
};

// The tools a planner may use, derived from the one definition of each thing: ward skills from the
// ROS action files (robot/ward_interfaces), ward tasks from the task categories' description
// schemas. The model sees exactly these JSON Schemas; the validator checks plans against the same.
import { ACTION_TYPES, interfaces, type JsonSchema } from '../../robot/index.js';
import { findCategory } from '../tasks/categories/registry.js';
import type { ToolDefinition } from '../llm/types.js';
import { DEFAULT_POLICY, type PlanPolicy } from './policy.js';

/** The ward skills a plan may name, as keys of ACTION_TYPES. Navigation by raw pose is not one: plans go to named places. */
export const PLAN_SKILLS = ['navigateToPlace', 'speak', 'askQuestion', 'detectPerson', 'readWristband', 'authenticateStaff', 'drawerControl'] as const;
export type PlanSkill = (typeof PLAN_SKILLS)[number];

export const LOOK_TOOL = 'look_through_camera';
export const FINISH_TOOL = 'finish_plan';
const TASK_PREFIX = 'dispatch_';

export interface SkillTool {
  kind: 'skill';
  /** snake_case of the action: navigate_to_place, speak, … */
  name: string;
  skill: PlanSkill;
  actionType: string;
  goalType: string;
  definition: ToolDefinition;
}

export interface TaskTool {
  kind: 'task';
  name: string;
  category: string;
  definition: ToolDefinition;
}

export type PlanTool = SkillTool | TaskTool;

export const snakeCase = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

const why: JsonSchema = { type: 'string', minLength: 1, maxLength: 300, description: 'Why this step: one sentence the approving nurse reads' };
const recordNumber = (what: string): JsonSchema => ({ type: 'string', minLength: 1, maxLength: 100, description: what });
const PATIENT = 'Patient record number, if the step is about one';

function skillTool(skill: PlanSkill): SkillTool {
  const actionType = ACTION_TYPES[skill];
  const spec = interfaces().action(actionType);
  if (!spec) throw new Error(`planning: no action definition for ${actionType}`);
  const name = snakeCase(skill);
  const goalType = spec.goal.fullName;
  return {
    kind: 'skill', name, skill, actionType, goalType,
    definition: {
      type: 'function',
      function: {
        name,
        description: `Robot skill (ROS action ${actionType}). ${spec.description}`.trim(),
        parameters: {
          type: 'object',
          additionalProperties: false,
          required: ['goal', 'why'],
          properties: {
            goal: goalSchema(goalType),
            why,
            patient: recordNumber(PATIENT),
            order: recordNumber('Medication order id, for a drawer'),
          },
        },
      },
    },
  };
}

/** The goal's schema; its description is the action's, already in the tool's, so only the constants stay. */
function goalSchema(goalType: string): JsonSchema {
  const schema = interfaces().schema(goalType);
  const constants = Object.entries(interfaces().constants(goalType)).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(', ');
  const { description: _description, ...rest } = schema;
  return constants ? { ...rest, description: `Constants: ${constants}` } : rest;
}

function taskTool(category: string): TaskTool {
  const cat = findCategory(category);
  if (!cat) throw new Error(`planning: policy names unknown task category ${category}`);
  return {
    kind: 'task', name: `${TASK_PREFIX}${category}`, category,
    definition: {
      type: 'function',
      function: {
        name: `${TASK_PREFIX}${category}`,
        description: `Ward task (a whole workflow the brain runs safely on one robot): ${cat.summary}`,
        parameters: {
          type: 'object',
          additionalProperties: false,
          required: ['description', 'why'],
          properties: {
            description: cat.descriptionSchema,
            why,
            start_after: { type: 'string', maxLength: 40, description: 'Do not start before: local time "HH:MM" (today, or tomorrow if already past) or an ISO date-time; leave out for now' },
            priority: { type: 'string', enum: ['normal', 'high'] },
            patient: recordNumber(PATIENT),
            bed: { type: 'string', maxLength: 200, description: 'Bed the requester named, if one' },
            medications: { type: 'array', maxItems: 16, items: { type: 'string', maxLength: 200 }, description: 'Medication names the requester asked for, as they said them' },
          },
        },
      },
    },
  };
}

const CONTROL_TOOLS: ToolDefinition[] = [
  {
    type: 'function',
    function: {
      name: LOOK_TOOL,
      description: 'See the latest frame of the robot\'s camera (sensor_msgs/Image) before deciding. Use only when what the robot sees matters.',
      parameters: { type: 'object', additionalProperties: false, required: ['why'], properties: { robot: { type: 'string', maxLength: 100 }, why } },
    },
  },
  {
    type: 'function',
    function: {
      name: FINISH_TOOL,
      description: 'The plan is complete: give a one or two sentence summary for the nurse who approves it.',
      parameters: { type: 'object', additionalProperties: false, required: ['summary'], properties: { summary: { type: 'string', minLength: 1, maxLength: 500 } } },
    },
  },
];

export interface ToolCatalogue {
  tools: PlanTool[];
  byName: Map<string, PlanTool>;
  /** What the model is offered: every skill and task tool, the camera (when it can see), and finish. */
  definitions(vision: boolean): ToolDefinition[];
}

const catalogues = new WeakMap<PlanPolicy, ToolCatalogue>();

export function toolCatalogue(policy: PlanPolicy = DEFAULT_POLICY): ToolCatalogue {
  const known = catalogues.get(policy);
  if (known) return known;
  const tools: PlanTool[] = [...PLAN_SKILLS.map(skillTool), ...policy.taskCategories.map(taskTool)];
  const byName = new Map(tools.map((t) => [t.name, t]));
  const catalogue: ToolCatalogue = {
    tools,
    byName,
    definitions: (vision) => [...tools.map((t) => forModel(t.definition)), ...CONTROL_TOOLS.filter((d) => vision || d.function.name !== LOOK_TOOL)],
  };
  catalogues.set(policy, catalogue);
  return catalogue;
}

const INT_LIMITS = new Set([-2147483648, 2147483647, 4294967295, -9223372036854775808, 9223372036854775807, 18446744073709551615]);
const sent = new WeakMap<ToolDefinition, ToolDefinition>();

/**
 * The same tool, shorter on the wire: message titles and the limits of 32/64-bit integers say
 * nothing a model needs, and every token is sent on every turn. Arguments are still checked
 * against the full definition (and the validator against the ROS definition).
 */
function forModel(definition: ToolDefinition): ToolDefinition {
  const known = sent.get(definition);
  if (known) return known;
  const strip = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(strip);
    if (!v || typeof v !== 'object') return v;
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      if (k === 'title' || k === 'examples') continue;
      if ((k === 'minimum' || k === 'maximum') && INT_LIMITS.has(x as number)) continue;
      out[k] = strip(x);
    }
    return out;
  };
  const short = { type: 'function' as const, function: { ...definition.function, parameters: strip(definition.function.parameters) as JsonSchema } };
  sent.set(definition, short);
  return short;
}

export function taskToolName(category: string): string {
  return `${TASK_PREFIX}${category}`;
}

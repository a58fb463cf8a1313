// Reads a dispatch_task_request body into a request the brain can store, or into a list of
// problems that each name the field at fault. Nothing is written until this has succeeded.
import { Ajv, type ValidateFunction } from 'ajv';
import type { WardMap } from '../../robot/index.js';
import { fieldErrors } from '../schema/field-errors.js';
import type { JsonObject } from '../store/types.js';
import { categoryNames, findCategory, TASK_CATEGORIES } from './categories/registry.js';
import type { CheckContext, DescriptionProblemCode, JsonSchema, TaskCategory } from './categories/types.js';

export interface DispatchRequest {
  category: string;
  description: JsonObject;
  priority: JsonObject | null;
  requester: string | null;
  labels: string[];
  earliestStartMs: number | null;
}

export type RequestProblemCode = 'unknown_category' | DescriptionProblemCode;
export interface RequestProblem {
  code: RequestProblemCode;
  detail: string;
}

export type ParsedDispatch = { ok: true; request: DispatchRequest } | { ok: false; problems: RequestProblem[] };

const text = (maxLength: number, description: string): JsonSchema => ({ type: 'string', maxLength, description });

/** RMF task_request, minus a category-specific description; shared by validation and OpenAPI. */
export function taskRequestSchema(description: JsonSchema): JsonSchema {
  return {
    type: 'object',
    additionalProperties: false,
    required: ['category', 'description'],
    properties: {
      category: { type: 'string', description: `Task category: ${categoryNames().join(', ')}`, examples: ['go_to_place'] },
      description,
      priority: { type: 'object', description: 'RMF priority, e.g. {"type": "binary", "value": 1} to go ahead of value 0' },
      requester: text(200, 'Who asked for the task'),
      labels: { type: 'array', maxItems: 50, items: text(200, 'a label such as `app=dashboard`') },
      unix_millis_earliest_start_time: { type: 'integer', minimum: 0, description: 'Do not start before this time' },
      unix_millis_request_time: { type: 'integer', minimum: 0, description: 'Ignored: the brain stamps its own time' },
      fleet_name: text(200, 'Accepted for RMF compatibility; the brain has one fleet'),
    },
  };
}

export function dispatchRequestSchema(description: JsonSchema): JsonSchema {
  return {
    type: 'object',
    additionalProperties: false,
    required: ['type', 'request'],
    properties: {
      type: { type: 'string', enum: ['dispatch_task_request'] },
      request: taskRequestSchema(description),
    },
  };
}

/** The body schema as documented: the description is one of the registered categories' schemas. */
export function documentedDispatchSchema(): JsonSchema {
  return dispatchRequestSchema({
    description: 'Depends on the category; one schema per category',
    oneOf: TASK_CATEGORIES.map((c) => ({ ...c.descriptionSchema, description: `${c.name}: ${c.summary}` })),
  });
}

const ajv = new Ajv({ allErrors: true, strict: false });
const envelope = ajv.compile(dispatchRequestSchema({ type: 'object' }));
const descriptionValidators = new Map<string, ValidateFunction>();

function descriptionValidator(category: TaskCategory): ValidateFunction {
  let fn = descriptionValidators.get(category.name);
  if (!fn) {
    fn = ajv.compile(category.descriptionSchema);
    descriptionValidators.set(category.name, fn);
  }
  return fn;
}

export function parseDispatchRequest(body: unknown, ward: WardMap, ctx: CheckContext | null = null): ParsedDispatch {
  if (body === undefined || body === null) {
    return { ok: false, problems: [{ code: 'invalid_request', detail: 'body: is required (a JSON dispatch_task_request)' }] };
  }
  if (!envelope(body)) {
    return { ok: false, problems: fieldErrors(envelope.errors ?? [], '').map((detail) => ({ code: 'invalid_request', detail })) };
  }
  const req = (body as { request: Record<string, unknown> }).request;
  const categoryName = req.category as string;
  const category = findCategory(categoryName);
  if (!category) {
    const detail = `request.category: unknown category "${categoryName}" (categories: ${categoryNames().join(', ')})`;
    return { ok: false, problems: [{ code: 'unknown_category', detail }] };
  }
  const validate = descriptionValidator(category);
  if (!validate(req.description)) {
    const problems = fieldErrors(validate.errors ?? [], 'request.description').map((detail) => ({ code: 'invalid_request' as const, detail }));
    return { ok: false, problems };
  }
  const description = req.description as JsonObject;
  const wardProblems = category.check(description, ward, ctx);
  if (wardProblems.length) {
    return {
      ok: false,
      problems: wardProblems.map((p) => ({ code: p.code, detail: `request.description.${p.field}: ${p.detail}` })),
    };
  }
  return {
    ok: true,
    request: {
      category: category.name,
      description,
      priority: (req.priority as JsonObject | undefined) ?? null,
      requester: (req.requester as string | undefined) ?? null,
      labels: (req.labels as string[] | undefined) ?? [],
      earliestStartMs: (req.unix_millis_earliest_start_time as number | undefined) ?? null,
    },
  };
}

// Errors the API answers with, in Open-RMF's error shape: { success: false, errors: [{ code, category, detail }] }.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { fieldErrors } from '../schema/field-errors.js';

/** Every error category the API can answer with: HTTP status and RMF integer code, written once. */
export const API_ERRORS = {
  invalid_request: { status: 400, code: 1 },
  unknown_category: { status: 400, code: 2 },
  unknown_place: { status: 400, code: 3 },
  not_found: { status: 404, code: 4 },
  already_finished: { status: 409, code: 5 },
  unsupported_media_type: { status: 415, code: 6 },
  unauthorized: { status: 401, code: 7 },
  forbidden: { status: 403, code: 8 },
  conflict: { status: 409, code: 9 },
  unknown_patient: { status: 404, code: 10 },
  unknown_order: { status: 404, code: 11 },
  order_not_active: { status: 409, code: 12 },
  /** A plan the validator refused: the reasons name the step and field. */
  plan_refused: { status: 422, code: 13 },
  internal: { status: 500, code: 99 },
} as const;
export type ApiErrorCategory = keyof typeof API_ERRORS;

export interface RmfError {
  code: number;
  category: ApiErrorCategory;
  detail: string;
}

export function rmfError(category: ApiErrorCategory, detail: string): RmfError {
  return { code: API_ERRORS[category].code, category, detail };
}

export function sendErrors(reply: FastifyReply, errors: RmfError[]): FastifyReply {
  const status = Math.max(...errors.map((e) => API_ERRORS[e.category].status));
  return reply.code(status).send({ success: false, errors });
}

/** Fastify's own refusals (schema, JSON syntax, media type) in the same shape as the brain's. */
export function handleError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (error.validation) {
    const details = fieldErrors(error.validation as never, error.validationContext ?? 'body');
    return sendErrors(reply, details.map((d) => rmfError('invalid_request', d)));
  }
  const status = error.statusCode ?? 500;
  if (status === 415) {
    return sendErrors(reply, [rmfError('unsupported_media_type', `content-type ${request.headers['content-type'] ?? '(none)'} is not accepted; send application/json`)]);
  }
  if (status >= 400 && status < 500) {
    const detail = error.code?.startsWith('FST_ERR_CTP') ? `body: is not valid JSON (${error.message})` : error.message;
    return sendErrors(reply, [rmfError('invalid_request', detail)]);
  }
  request.log.error({ err: error }, 'request failed');
  return sendErrors(reply, [rmfError('internal', 'the brain failed to answer this request; the error is in its log')]);
}

// For the auth, audit and alerts tests: a Fastify instance configured like the brain's (same AJV
// options, shared schemas, error handler) without tasks or robots.
import Fastify, { type FastifyInstance } from 'fastify';
import { handleError } from '../api/errors.js';
import { SHARED_SCHEMAS } from '../api/schemas.js';

export function buildTestApp(): FastifyInstance {
  const app = Fastify({ ajv: { customOptions: { allErrors: true, removeAdditional: false } } }) as unknown as FastifyInstance;
  for (const schema of SHARED_SCHEMAS) app.addSchema(schema);
  app.setErrorHandler(handleError);
  return app;
}

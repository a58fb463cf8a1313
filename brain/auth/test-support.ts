// For the auth, audit and alerts tests: a Fastify instance configured like the brain's (same AJV
// options, shared schemas, error handler) without tasks or robots, and a clock the test moves by hand.
import Fastify, { type FastifyInstance } from 'fastify';
import { handleError } from '../api/errors.js';
import { SHARED_SCHEMAS } from '../api/schemas.js';
import type { BrainClock } from '../clock.js';

export function buildTestApp(): FastifyInstance {
  const app = Fastify({ ajv: { customOptions: { allErrors: true, removeAdditional: false } } }) as unknown as FastifyInstance;
  for (const schema of SHARED_SCHEMAS) app.addSchema(schema);
  app.setErrorHandler(handleError);
  return app;
}

export interface ManualClock extends BrainClock {
  advance(ms: number): void;
}

export function manualClock(startMs = Date.UTC(2025, 2, 3, 8, 0, 0)): ManualClock {
  let now = startMs;
  let timers: { at: number; fn: () => void }[] = [];
  return {
    now: () => now,
    after(ms, fn) {
      const t = { at: now + ms, fn };
      timers.push(t);
      return () => { timers = timers.filter((x) => x !== t); };
    },
    advance(ms) {
      now += ms;
      const due = timers.filter((t) => t.at <= now);
      timers = timers.filter((t) => t.at > now);
      for (const t of due) t.fn();
    },
  };
}

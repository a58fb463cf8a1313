// The brain's HTTP API: Fastify with a JSON Schema on every route, the OpenAPI document at
// /docs/json (UI at /docs), errors in Open-RMF's shape, and the dashboard's files.
import Fastify, { type FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { Logger } from 'pino';
import { handleError, rmfError, sendErrors } from './errors.js';
import { buildMapView } from './map-view.js';
import { SHARED_SCHEMAS } from './schemas.js';
import type { ApiContext } from './routes/context.js';
import { registerStatusRoutes } from './routes/status-routes.js';
import { registerTaskRoutes } from './routes/task-routes.js';
import { registerWardRoutes } from './routes/ward-routes.js';
import { registerAuthRoutes, installAuth, requireRole, requireUser, BEARER_SECURITY_SCHEME, canSeePatientIdentifiers } from '../auth/index.js';
import { registerAlertRoutes } from '../alerts/index.js';
import { registerAuditRoutes } from '../audit/index.js';
import { registerScheduleRoutes } from '../schedules/schedule-routes.js';
import { registerPlanRoutes } from '../planning/plan-routes.js';
import { registerDialogueRoutes } from '../dialogue/index.js';
import { registerScreenRoutes, screenServiceFor } from '../screen/index.js';
import { registerReportRoutes } from '../reports/index.js';
import type { EducationRecords } from '../workflows/education/education-records.js';
import type { EducationLibrary } from '../education/index.js';
import type { BrainClock } from '../clock.js';
import type { Dialogue } from '../dialogue-services.js';

export type DashboardFiles = Map<string, { type: string; body: Buffer }>;

export interface ApiOptions extends Omit<ApiContext, 'mapView'> {
  logger: Logger;
  dialogue: Dialogue;
  dashboard: DashboardFiles | null;
  /** Education sessions and the brain's clock, for the dashboard's reports (brain/reports). */
  education?: EducationRecords;
  /** The education library the records were taught from: section titles in the patient history. */
  educationLibrary?: EducationLibrary;
  clock?: BrainClock;
}

export async function buildApi(opts: ApiOptions): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: opts.logger,
    // Every problem in a request, not just the first; no silent dropping of unknown fields.
    ajv: { customOptions: { allErrors: true, removeAdditional: false } },
  }) as unknown as FastifyInstance;

  // An empty body with a JSON content type is "no body" (cancel takes an optional one), not a syntax error.
  const jsonParser = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') return done(null, undefined);
    jsonParser(request, text, done);
  });

  for (const schema of SHARED_SCHEMAS) app.addSchema(schema);
  app.setErrorHandler(handleError);
  app.setNotFoundHandler((request, reply) =>
    sendErrors(reply, [rmfError('not_found', `no route ${request.method} ${request.url.split('?')[0]}; see /docs for the API`)]));

  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Ward robot brain API',
        version: opts.version,
        description: 'Tasks follow Open-RMF\'s task API (dispatch_task_request, task_state). Live events: socket.io on the same server (snapshot, robot_state, task_state, task_log).',
      },
      tags: [{ name: 'tasks' }, { name: 'robots' }, { name: 'map' }, { name: 'status' }, { name: 'auth' }, { name: 'staff' },
        { name: 'ward' }, { name: 'alerts' }, { name: 'audit' }, { name: 'schedules' }, { name: 'custody' }, { name: 'plans' }, { name: 'dialogue' }],
      components: { securitySchemes: BEARER_SECURITY_SCHEME },
    },
    refResolver: { buildLocalReference: (json, _base, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  const ctx: ApiContext = {
    ward: opts.ward, tasks: opts.tasks, fleet: opts.fleet, link: opts.link, version: opts.version, startedAtMs: opts.startedAtMs,
    mapView: buildMapView(opts.ward, opts.logger), wardServices: opts.wardServices, schedules: opts.schedules,
    checkContext: opts.checkContext, workflows: opts.workflows, rounds: opts.rounds, plans: opts.plans,
  };
  installAuth(app, opts.wardServices.accounts);
  registerStatusRoutes(app, ctx);
  registerTaskRoutes(app, ctx);
  registerWardRoutes(app, ctx);
  registerAuthRoutes(app, { accounts: opts.wardServices.accounts });
  registerAlertRoutes(app, { alerts: opts.wardServices.alerts });
  // Engineers may read the audit log, but patients appear in it only as pseudonyms.
  registerAuditRoutes(app, {
    audit: opts.wardServices.audit,
    redact: (entry) => ({ ...entry, data: entry.data ? opts.wardServices.pseudonyms.json(entry.data as never) as typeof entry.data : entry.data }),
  });
  registerScheduleRoutes(app, { schedules: opts.schedules, requireUser, requireRole });
  registerPlanRoutes(app, opts.plans);
  registerDialogueRoutes(app, {
    dialogue: opts.dialogue.manager, turns: opts.dialogue.turns,
    pseudonymOf: (mrn) => opts.wardServices.pseudonyms.of(mrn), robotExists: (robot) => opts.fleet.get(robot) !== undefined,
  });
  registerScreenRoutes(app, screenServiceFor(opts.link));
  registerReportRoutes(app, { ...ctx, education: opts.education ?? null, library: opts.educationLibrary ?? null, clock: opts.clock ?? null, timeZone: opts.schedules.timeZone });
  void canSeePatientIdentifiers;

  for (const [path, file] of opts.dashboard ?? []) {
    app.get(path, { schema: { hide: true } }, (_request, reply) => reply.type(file.type).send(file.body));
  }
  return app;
}

// The patient screen's HTTP side. Staff pair a tablet with a robot (nurses, ward managers and
// engineers, signed in); the tablet then calls with `Authorization: Screen <token>` and reaches only
// its own robot's screen: what the robot says, a touch answer to its open question, a nurse call.
// No staff route takes a screen token, and no screen route takes a staff session.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { LANGUAGES } from '../../robot/index.js';
import { rmfError, sendErrors } from '../api/errors.js';
import { errorResponses } from '../api/schemas.js';
import { BEARER_SECURITY, requireRole, signedIn } from '../auth/index.js';
import { MAX_UTTERANCE_CHARS } from '../dialogue/index.js';
import { SCREEN_QUESTION_KINDS } from './screen-board.js';
import type { ScreenPairing } from './screen-pairings.js';
import { ScreenConflict, type ScreenService } from './screen-service.js';

export const SCREEN_AUTH = /^Screen\s+(\S+)\s*$/i;
/** For the OpenAPI document: the screen routes' Authorization header (checked by requireScreen, so a missing one is a 401). */
const screenHeaders = {
  type: 'object',
  properties: { authorization: { type: 'string', description: '"Screen <token>", the token from POST /api/robots/:robot/screen-pairing' } },
} as const;
/** Roles that may pair a tablet with a robot, or end a pairing. */
export const PAIRING_ROLES = ['nurse', 'ward_manager', 'engineer'] as const;

const NOT_PAIRED = 'this screen is not paired (the token is unknown, or its pairing was revoked or replaced); '
  + 'a nurse pairs it with POST /api/robots/:robot/screen-pairing and opens the URL it answers on the tablet';

const str = { type: 'string' } as const;
const language = { type: 'string', enum: [...LANGUAGES] } as const;
const robotParams = {
  type: 'object', required: ['robot'], additionalProperties: false,
  properties: { robot: { type: 'string', minLength: 1, maxLength: 100, pattern: '^[A-Za-z][A-Za-z0-9_]*$', description: 'robot name (a ROS namespace)' } },
} as const;

export const ScreenStateSchema = {
  type: 'object',
  description: 'What the robot\'s screen shows: only what the robot itself says aloud, and the answers its question offers',
  required: ['robot', 'saying', 'question', 'nurse_called'],
  additionalProperties: false,
  properties: {
    robot: str,
    saying: {
      type: ['object', 'null'], required: ['text', 'language'], additionalProperties: false,
      properties: { text: { ...str, description: 'what the robot is saying (or last said here)' }, language },
    },
    question: {
      type: ['object', 'null'], required: ['id', 'text', 'language', 'kind', 'choices', 'listening'], additionalProperties: false,
      properties: {
        id: str, text: str, language,
        kind: { type: 'string', enum: [...SCREEN_QUESTION_KINDS] },
        choices: { type: 'array', items: str },
        listening: { type: 'boolean', description: 'the robot has said the question and listens now; an earlier touch is sent when it does' },
      },
    },
    nurse_called: { type: 'boolean', description: 'a nurse was called from this screen here and nobody has acknowledged it yet' },
  },
} as const;

const PairingSchema = {
  type: 'object', required: ['robot', 'paired', 'created_by', 'created_at_ms'], additionalProperties: false,
  properties: {
    robot: str, paired: { type: 'boolean' }, created_by: { type: ['string', 'null'] }, created_at_ms: { type: ['integer', 'null'] },
  },
} as const;

const pairingToWire = (robot: string, p: ScreenPairing | null) =>
  ({ robot, paired: p !== null, created_by: p?.createdBy ?? null, created_at_ms: p?.createdAtMs ?? null });

/** The tablet's URL: the token rides in the fragment, which the browser never sends to a server. */
export const screenUrl = (robot: string, token: string) => `/patient/#robot=${encodeURIComponent(robot)}&token=${token}`;

/** Registers nothing without a screen service (a brain built without one, as in the API tests). */
export function registerScreenRoutes(app: FastifyInstance, screen: ScreenService | null): void {
  if (!screen) return;
  const pairedScreens = new WeakMap<FastifyRequest, ScreenPairing>();

  const requireScreen = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
    const header = request.headers.authorization;
    const token = header === undefined ? undefined : SCREEN_AUTH.exec(header)?.[1];
    const pairing = token === undefined ? null : screen.pairings.resolve(token);
    if (!pairing) {
      reply.header('www-authenticate', 'Screen');
      const detail = header === undefined || token === undefined ? `Authorization header: expected "Screen <token>"; ${NOT_PAIRED}` : NOT_PAIRED;
      return sendErrors(reply, [rmfError('unauthorized', detail)]);
    }
    pairedScreens.set(request, pairing);
    return undefined;
  };
  const robotOf = (request: FastifyRequest): string => {
    const p = pairedScreens.get(request);
    if (!p) throw new Error(`${request.method} ${request.url}: screen route without the requireScreen guard`);
    return p.robot;
  };
  const unknownRobot = (reply: FastifyReply, robot: string) => sendErrors(reply, [rmfError('not_found', `robot: no robot named "${robot}" in the fleet`)]);

  app.post<{ Params: { robot: string } }>('/api/robots/:robot/screen-pairing', {
    preHandler: requireRole(...PAIRING_ROLES),
    schema: {
      tags: ['screen'], security: BEARER_SECURITY,
      summary: 'Pair a tablet with a robot as its patient screen: answers the screen token (shown once) and the URL to open on the tablet; a screen paired before stops working',
      params: robotParams,
      response: {
        201: {
          type: 'object', required: ['robot', 'token', 'url', 'created_by', 'created_at_ms'], additionalProperties: false,
          properties: {
            robot: str, token: { ...str, description: 'send as "Authorization: Screen <token>"; only its SHA-256 is kept' },
            url: { ...str, description: 'path of the patient screen with the robot and token in the fragment' },
            created_by: str, created_at_ms: { type: 'integer' },
          },
        },
        ...errorResponses(400, 401, 403, 404),
      },
    },
  }, async (request, reply) => {
    const { robot } = request.params;
    if (!screen.robotExists(robot)) return unknownRobot(reply, robot);
    const { token, pairing } = screen.pair(robot, signedIn(request).username);
    return reply.code(201).send({ robot, token, url: screenUrl(robot, token), created_by: pairing.createdBy, created_at_ms: pairing.createdAtMs });
  });

  app.get<{ Params: { robot: string } }>('/api/robots/:robot/screen-pairing', {
    preHandler: requireRole(...PAIRING_ROLES),
    schema: {
      tags: ['screen'], security: BEARER_SECURITY, summary: 'Whether a tablet is paired with the robot, by whom and when (never the token)',
      params: robotParams, response: { 200: PairingSchema, ...errorResponses(400, 401, 403) },
    },
  }, async (request) => pairingToWire(request.params.robot, screen.pairings.active(request.params.robot)));

  app.delete<{ Params: { robot: string } }>('/api/robots/:robot/screen-pairing', {
    preHandler: requireRole(...PAIRING_ROLES),
    schema: {
      tags: ['screen'], security: BEARER_SECURITY, summary: 'Unpair the robot\'s screen: its token stops working and the tablet is disconnected',
      params: robotParams,
      response: {
        200: { type: 'object', required: ['robot', 'revoked'], additionalProperties: false, properties: { robot: str, revoked: { type: 'integer', description: 'pairings ended (0: none was paired)' } } },
        ...errorResponses(400, 401, 403),
      },
    },
  }, async (request) => ({ robot: request.params.robot, revoked: screen.revoke(request.params.robot, signedIn(request).username).length }));

  app.get('/api/screen', {
    preHandler: requireScreen,
    schema: {
      tags: ['screen'], headers: screenHeaders,
      summary: 'The paired robot\'s screen now (live: socket.io namespace /screen, event "screen", handshake auth { token })',
      response: { 200: ScreenStateSchema, ...errorResponses(401) },
    },
  }, async (request) => screen.state(robotOf(request)));

  app.post<{ Body: { text: string; question_id?: string } }>('/api/screen/answer', {
    preHandler: requireScreen,
    schema: {
      tags: ['screen'], headers: screenHeaders,
      summary: 'A touch answer to the robot\'s open question: published on /<robot>/patient_speech (source "touch", confidence 1, the question\'s language)',
      body: {
        type: 'object', required: ['text'], additionalProperties: false,
        properties: {
          text: { type: 'string', minLength: 1, maxLength: MAX_UTTERANCE_CHARS, pattern: '\\S', description: 'the answer as the patient would say it' },
          question_id: { type: 'string', minLength: 1, maxLength: 200, description: 'the question answered; refused when the robot asks another one now' },
        },
      },
      response: {
        200: {
          type: 'object', required: ['question_id', 'delivered'], additionalProperties: false,
          properties: { question_id: str, delivered: { type: 'string', enum: ['now', 'when_listening'], description: 'when_listening: sent once the robot has finished saying the question' } },
        },
        ...errorResponses(400, 401, 409),
      },
    },
  }, async (request, reply) => {
    const robot = robotOf(request);
    try {
      const { questionId, delivered } = screen.answer(robot, request.body.text.trim(), request.body.question_id);
      return { question_id: questionId, delivered };
    } catch (err) {
      if (err instanceof ScreenConflict) return sendErrors(reply, [rmfError('conflict', err.message)]);
      throw err;
    }
  });

  app.post('/api/screen/call-nurse', {
    preHandler: requireScreen,
    schema: {
      tags: ['screen'], headers: screenHeaders,
      summary: 'The patient pressed "Call a nurse": a nurse_call alert for the bed where the robot stands (one until acknowledged)',
      response: {
        200: { type: 'object', required: ['nurse_called'], additionalProperties: false, properties: { nurse_called: { type: 'boolean', enum: [true] } } },
        ...errorResponses(401),
      },
    },
  }, async (request) => {
    screen.callNurse(robotOf(request));
    return { nurse_called: true as const };
  });
}

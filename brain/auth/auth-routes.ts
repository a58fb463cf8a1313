// Sign-in, sign-out, who am I, and the ward manager's staff list.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { STAFF_ROLES, type StaffRole } from '../../robot/index.js';
import { rmfError, sendErrors } from '../api/errors.js';
import { errorResponses } from '../api/schemas.js';
import type { AccountService } from './account-service.js';
import {
  AccountConflict, AccountInputError, AccountNotFound, LoginRefused, type Account, type AccountPatch, type LoginResult, type SignedInUser,
} from './account-types.js';
import { MIN_PASSWORD_LENGTH } from './account-rules.js';
import { BEARER, BEARER_SECURITY, requireRole, requireUser, signedIn } from './fastify-auth.js';
import { canSeePatientIdentifiers } from './permissions.js';

export interface AuthRoutesDeps {
  accounts: AccountService;
}

/** A staff account as the API answers it: snake_case, never a hash. */
export interface WireAccount {
  username: string;
  name: string;
  roles: StaffRole[];
  badge: string | null;
  disabled: boolean;
  has_pin: boolean;
  locked_until_ms: number | null;
  created_ms: number;
  updated_ms: number;
}

/** The answer to a sign-in. */
export interface WireLogin {
  token: string;
  expires_at_ms: number;
  user: SignedInUser;
}

/** The answer to `GET /api/auth/me`. */
export interface WireMe {
  user: SignedInUser;
  can_see_patient_identifiers: boolean;
}

const userToWire = (u: SignedInUser): SignedInUser => ({ username: u.username, name: u.name, roles: u.roles });

export const accountToWire = (a: Account): WireAccount => ({
  username: a.username, name: a.name, roles: a.roles, badge: a.badge, disabled: a.disabled, has_pin: a.hasPin,
  locked_until_ms: a.lockedUntilMs, created_ms: a.createdAtMs, updated_ms: a.updatedAtMs,
});

export const loginToWire = (r: LoginResult): WireLogin => ({ token: r.token, expires_at_ms: r.expiresAtMs, user: userToWire(r.account) });

const str = { type: 'string' } as const;
const roles = { type: 'array', minItems: 1, items: { type: 'string', enum: [...STAFF_ROLES] } } as const;
const userSchema = {
  type: 'object', required: ['username', 'name', 'roles'],
  properties: { username: str, name: str, roles },
} as const;
const accountSchema = {
  type: 'object',
  required: ['username', 'name', 'roles', 'badge', 'disabled', 'has_pin', 'locked_until_ms', 'created_ms', 'updated_ms'],
  properties: {
    username: str, name: str, roles,
    badge: { type: ['string', 'null'] },
    disabled: { type: 'boolean' },
    has_pin: { type: 'boolean', description: 'can sign in at a robot with badge and PIN' },
    locked_until_ms: { type: ['integer', 'null'], description: 'locked after repeated failed sign-ins until this time (Unix ms)' },
    created_ms: { type: 'integer', description: 'Unix ms' },
    updated_ms: { type: 'integer', description: 'Unix ms' },
  },
} as const;
const accountResponse = { type: 'object', required: ['account'], properties: { account: accountSchema } } as const;
const password = { type: 'string', maxLength: 256, description: `at least ${MIN_PASSWORD_LENGTH} characters` } as const;
const pin = { type: 'string', description: '4 to 8 digits, for signing in at a robot with a badge' } as const;
const badge = { type: ['string', 'null'], maxLength: 64, description: 'badge id the robot\'s reader reports' } as const;
const usernameParams = { type: 'object', required: ['username'], properties: { username: { type: 'string', minLength: 1, maxLength: 64 } } } as const;

function sendAccountError(reply: FastifyReply, err: unknown): FastifyReply {
  if (err instanceof AccountInputError) return sendErrors(reply, err.problems.map((p) => rmfError('invalid_request', `body.${p.field}: ${p.detail}`)));
  if (err instanceof AccountConflict) return sendErrors(reply, [rmfError('conflict', err.message)]);
  if (err instanceof AccountNotFound) return sendErrors(reply, [rmfError('not_found', err.message)]);
  throw err;
}

export function registerAuthRoutes(app: FastifyInstance, deps: AuthRoutesDeps): void {
  const { accounts } = deps;

  app.post<{ Body: { username: string; password: string } }>('/api/auth/login', {
    schema: {
      tags: ['auth'],
      summary: 'Sign in with username and password; the token goes in "Authorization: Bearer <token>"',
      description: 'A session lasts one shift (8 h) after its last use. Five wrong passwords in a row lock the account for 15 minutes.',
      body: {
        type: 'object', additionalProperties: false, required: ['username', 'password'],
        properties: { username: { type: 'string', minLength: 1, maxLength: 200 }, password: { type: 'string', minLength: 1, maxLength: 1000 } },
      },
      response: {
        200: {
          type: 'object', required: ['token', 'expires_at_ms', 'user'],
          properties: { token: str, expires_at_ms: { type: 'integer', description: 'Unix ms; each use of the token moves it on' }, user: userSchema },
        },
        ...errorResponses(400, 401),
      },
    },
  }, async (request, reply) => {
    try {
      return loginToWire(await accounts.login(request.body.username, request.body.password));
    } catch (err) {
      if (err instanceof LoginRefused) {
        reply.header('www-authenticate', 'Bearer');
        return sendErrors(reply, [rmfError('unauthorized', err.message)]);
      }
      throw err;
    }
  });

  app.post('/api/auth/logout', {
    schema: {
      tags: ['auth'], summary: 'End this session', security: BEARER_SECURITY,
      response: { 200: { type: 'object', required: ['success'], properties: { success: { type: 'boolean', enum: [true] } } }, ...errorResponses(401) },
    },
    preHandler: requireUser(),
  }, async (request) => {
    const token = BEARER.exec(request.headers.authorization ?? '')?.[1];
    if (token) accounts.logout(token);
    return { success: true };
  });

  app.get('/api/auth/me', {
    schema: {
      tags: ['auth'], summary: 'Who is signed in', security: BEARER_SECURITY,
      response: {
        200: {
          type: 'object', required: ['user', 'can_see_patient_identifiers'],
          properties: { user: userSchema, can_see_patient_identifiers: { type: 'boolean', description: 'false for engineer-only accounts' } },
        },
        ...errorResponses(401),
      },
    },
    preHandler: requireUser(),
  }, async (request): Promise<WireMe> => {
    const user = signedIn(request);
    return { user: userToWire(user), can_see_patient_identifiers: canSeePatientIdentifiers(user) };
  });

  app.get('/api/staff', {
    schema: {
      tags: ['staff'], summary: 'Every staff account (ward managers)', security: BEARER_SECURITY,
      response: { 200: { type: 'object', required: ['staff'], properties: { staff: { type: 'array', items: accountSchema } } }, ...errorResponses(401, 403) },
    },
    preHandler: requireRole('ward_manager'),
  }, async () => ({ staff: accounts.accounts().map(accountToWire) }));

  app.post<{ Body: { username: string; name: string; roles: StaffRole[]; password: string; badge?: string | null; pin?: string | null } }>('/api/staff', {
    schema: {
      tags: ['staff'], summary: 'Create a staff account (ward managers)', security: BEARER_SECURITY,
      body: {
        type: 'object', additionalProperties: false, required: ['username', 'name', 'roles', 'password'],
        properties: {
          username: { type: 'string', maxLength: 64, description: 'lower case, e.g. nurse.li' },
          name: { type: 'string', maxLength: 200 }, roles, password, badge, pin: { ...pin, type: ['string', 'null'] },
        },
      },
      response: { 201: accountResponse, ...errorResponses(400, 401, 403, 409) },
    },
    preHandler: requireRole('ward_manager'),
  }, async (request, reply) => {
    try {
      const account = await accounts.createAccount(request.body, { by: { kind: 'staff', id: signedIn(request).username } });
      return await reply.code(201).send({ account: accountToWire(account) });
    } catch (err) {
      return sendAccountError(reply, err);
    }
  });

  app.patch<{ Params: { username: string }; Body: AccountPatch }>('/api/staff/:username', {
    schema: {
      tags: ['staff'],
      summary: 'Change a staff account (ward managers): name, roles, disabled, badge, or reset the password or PIN',
      description: 'A password reset or disabling ends the account\'s sessions; a reset also lifts a lock.',
      security: BEARER_SECURITY,
      params: usernameParams,
      body: {
        type: 'object', additionalProperties: false, minProperties: 1,
        properties: { name: { type: 'string', maxLength: 200 }, roles, disabled: { type: 'boolean' }, badge, password, pin: { ...pin, type: ['string', 'null'] } },
      },
      response: { 200: accountResponse, ...errorResponses(400, 401, 403, 404, 409) },
    },
    preHandler: requireRole('ward_manager'),
  }, async (request, reply) => {
    try {
      return { account: accountToWire(await accounts.updateAccount(request.params.username, request.body, { by: { kind: 'staff', id: signedIn(request).username } })) };
    } catch (err) {
      return sendAccountError(reply, err);
    }
  });
}

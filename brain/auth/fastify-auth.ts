// Who is calling: `Authorization: Bearer <token>` becomes `request.user`, and route guards turn
// "nobody" into 401 and "wrong role" into 403, in the API's Open-RMF error shape.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { StaffRole } from '../../robot/index.js';
import { rmfError, sendErrors } from '../api/errors.js';
import type { AccountService } from './account-service.js';
import type { SignedInUser } from './account-types.js';
import { hasAnyRole } from './permissions.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in staff member, or null (set by installAuth). */
    user: SignedInUser | null;
    /** Why a presented token signed nobody in, for the 401's detail. */
    authProblem: string | null;
  }
}

export const SIGN_IN_FIRST = 'sign in first: POST /api/auth/login';
export const BEARER = /^Bearer\s+(\S+)\s*$/i;

/** For the OpenAPI document: `components.securitySchemes.bearerAuth`. */
export const BEARER_SECURITY_SCHEME = { bearerAuth: { type: 'http', scheme: 'bearer', description: 'token from POST /api/auth/login' } } as const;
export const BEARER_SECURITY = [{ bearerAuth: [] as string[] }];

/** The user behind a token from anywhere else (socket.io's `handshake.auth.token`); null for anything else. */
export function userFromToken(accounts: AccountService, token: unknown): SignedInUser | null {
  if (typeof token !== 'string') return null;
  const bare = BEARER.exec(token)?.[1] ?? token;
  return accounts.resolve(bare);
}

/** Call on the root instance, before the routes: every request then carries `user`. */
export function installAuth(app: FastifyInstance, accounts: AccountService): { userFromToken(token: unknown): SignedInUser | null } {
  app.decorateRequest('user', null);
  app.decorateRequest('authProblem', null);
  app.addHook('onRequest', async (request) => {
    request.user = null;
    request.authProblem = null;
    const header = request.headers.authorization;
    if (header === undefined) return;
    const token = BEARER.exec(header)?.[1];
    if (!token) {
      request.authProblem = `Authorization header: expected "Bearer <token>"; ${SIGN_IN_FIRST}`;
      return;
    }
    request.user = accounts.resolve(token);
    if (!request.user) request.authProblem = `your session has ended (signed out, expired, or the token is unknown); sign in again: POST /api/auth/login`;
  });
  return { userFromToken: (token: unknown) => userFromToken(accounts, token) };
}

function unauthorized(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  reply.header('www-authenticate', 'Bearer');
  return sendErrors(reply, [rmfError('unauthorized', request.authProblem ?? SIGN_IN_FIRST)]);
}

export function requireUser() {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
    if (!request.user) return unauthorized(request, reply);
    return undefined;
  };
}

/** Lets through a user holding at least one of `roles`. */
export function requireRole(...roles: StaffRole[]) {
  if (roles.length === 0) throw new Error('requireRole: name at least one role');
  return async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
    if (!request.user) return unauthorized(request, reply);
    if (!hasAnyRole(request.user, roles)) {
      const needed = roles.length === 1 ? `the role ${roles[0]}` : `one of the roles ${roles.join(', ')}`;
      return sendErrors(reply, [rmfError('forbidden', `this needs ${needed}; ${request.user.username} has ${request.user.roles.join(', ')}`)]);
    }
    return undefined;
  };
}

/** The user a guard has let through; a route without a guard calling this is a programming error. */
export function signedIn(request: FastifyRequest): SignedInUser {
  if (!request.user) throw new Error(`${request.method} ${request.url}: route reads the user but has no requireUser/requireRole guard`);
  return request.user;
}

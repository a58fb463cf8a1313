export { AccountService, type AccountServiceOptions, type ChangeOptions } from './account-service.js';
export {
  AccountConflict, AccountInputError, AccountNotFound, LoginRefused,
  type Account, type AccountPatch, type BadgeCheck, type CreateAccountInput, type FieldProblem, type LoginResult, type SignedInUser,
} from './account-types.js';
export { MIN_PASSWORD_LENGTH } from './account-rules.js';
export { hashSecret, verifySecret, needsRehash, PASSWORD_SCRYPT, TEST_ONLY_SCRYPT, type ScryptParams } from './password-hash.js';
export {
  installAuth, userFromToken, requireUser, requireRole, signedIn, BEARER_SECURITY, BEARER_SECURITY_SCHEME, SIGN_IN_FIRST,
} from './fastify-auth.js';
export { canSeePatientIdentifiers, hasAnyRole, CLINICAL_ROLES, ROUND_READER_ROLES } from './permissions.js';
export { registerAuthRoutes, type AuthRoutesDeps } from './auth-routes.js';

export { AuditLog, AuditInputError } from './audit-log.js';
export { verifyAuditChain } from './verify-chain.js';
export { registerAuditRoutes, type AuditRoutesDeps } from './audit-routes.js';
export { canonicalJson, assertJson, NotJsonError, type JsonObject, type JsonValue } from './canonical-json.js';
export {
  ACTOR_KINDS, GENESIS_HASH,
  type ActorKind, type AuditActor, type AuditEntry, type AuditInput, type AuditQuery, type AuditSink, type VerifyReport,
} from './audit-types.js';

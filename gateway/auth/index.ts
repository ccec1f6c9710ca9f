/**
 * Authentication at the gateway: the face of gateway/auth. The gateway authenticates; the
 * subgraphs authorise (docs/architecture.md principle 3).
 */
export { DevIssuer, DEV_AUDIENCE, DEV_ISSUER, defaultKeyFile, type TokenClaims } from './dev-issuer.js';
export { authFromDevIssuer, authFromEnv, authFromJwks, bearerToken, verifyToken, type AuthConfig } from './verify.js';

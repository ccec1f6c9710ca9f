/**
 * Operation limits: every request is bounded before anything runs — its size and shape by
 * express (request.ts), each operation's tokens, depth, aliases, cost and reports by Apollo
 * Server (plugin.ts, measured by measure.ts), with figures chosen in config.ts.
 */
export { DEFAULT_LIMITS, resolveLimits, type OperationLimits } from './config.js';
export { DEFAULT_COST_MODEL, countTokens, measureOperation, type CostModel, type OperationMeasure } from './measure.js';
export { apolloLimitOptions, brokenLimits, operationLimitsPlugin, tokenLimitError } from './plugin.js';
export { requestLimits } from './request.js';

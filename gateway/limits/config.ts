/** The gateway's operation and request limits, from the environment or the caller. */

export interface OperationLimits {
  /** Fields on the longest path from the root (MAX_OPERATION_DEPTH). */
  maxDepth: number;
  /** Aliased fields, fragments expanded (MAX_OPERATION_ALIASES). */
  maxAliases: number;
  /** Estimated cost, by the model in measure.ts (MAX_OPERATION_COST). */
  maxCost: number;
  /** Report fields (spendingReport), fragments expanded (MAX_OPERATION_REPORTS). */
  maxReports: number;
  /** Lexical tokens of the query text; checked by the parser, before validation (MAX_OPERATION_TOKENS). */
  maxTokens: number;
  /** Bytes of a request body (MAX_REQUEST_BYTES). */
  maxRequestBytes: number;
}

/** Why these figures: see the measurements in index.ts. */
export const DEFAULT_LIMITS: OperationLimits = {
  maxDepth: 15,
  maxAliases: 30,
  maxCost: 20_000,
  maxReports: 1,
  maxTokens: 2_000,
  maxRequestBytes: 100 * 1024,
};

const ENV: Record<keyof OperationLimits, string> = {
  maxDepth: 'MAX_OPERATION_DEPTH',
  maxAliases: 'MAX_OPERATION_ALIASES',
  maxCost: 'MAX_OPERATION_COST',
  maxReports: 'MAX_OPERATION_REPORTS',
  maxTokens: 'MAX_OPERATION_TOKENS',
  maxRequestBytes: 'MAX_REQUEST_BYTES',
};

/**
 * The limits set in the environment over the defaults, then `overrides` over those. A value
 * that is not a whole number ≥ 1 stops the gateway from starting: a typo must not silently
 * lift a limit.
 */
export function resolveLimits(overrides: Partial<OperationLimits> = {}, env: NodeJS.ProcessEnv = process.env): OperationLimits {
  const limits = { ...DEFAULT_LIMITS };
  for (const key of Object.keys(ENV) as (keyof OperationLimits)[]) {
    const raw = env[ENV[key]];
    if (raw !== undefined && raw.trim() !== '') limits[key] = Number(raw.trim());
  }
  Object.assign(limits, Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)));
  for (const key of Object.keys(ENV) as (keyof OperationLimits)[]) {
    if (!Number.isSafeInteger(limits[key]) || limits[key] < 1) {
      throw new Error(`${ENV[key]} must be a whole number ≥ 1, not ${JSON.stringify(limits[key])}`);
    }
  }
  return limits;
}

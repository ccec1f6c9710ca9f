/**
 * The gateway's operation and request limits, from the environment or the caller.
 *
 * How the limits were chosen. Measured with measure.ts against the API schema (cost model in
 * measure.ts: object field 1, leaf 0, lists × `first` or 10, `first` counted up to 100):
 *
 *   operation                                      depth  aliases   cost  tokens   bytes
 *   SHARED_PLAN (case worker, client)                  7        0   1652     172    1304
 *   ASSIGNED_ORDERS (provider), first: 50              6        0    403     100     665
 *   ASSIGNED_ORDERS, first: 100 (largest page)         6        0    803     100     665
 *   PROVIDERS (client), first: 20                      6        0    463      70     360
 *   PROVIDERS, first: 100 (largest page)               6        0   2303      70     360
 *   SPENDING (analyst), by municipality                4        0     18      68     354
 *   SPENDING, by municipality and service type         4        0    153      68     354
 *   README case worker                                 7        0   1440     114     679
 *   README client                                      6        0    467      93     465
 *   README provider's system                           6        0    353      64     424
 *   README analyst                                     4        0    153      35     215
 *   a report by every dimension, 24 months             4        1  3.6 M      42     249
 *   README administrator                               5        0     43      29     127
 *   graphql-js getIntrospectionQuery() (tooling)      15        0  14966     163    1927
 *
 * Chosen (environment variable, default):
 *   MAX_OPERATION_DEPTH    15     2× the parties' deepest (7); the standard introspection query
 *                                 that codegen and IDEs send (15) still fits. Depth is what
 *                                 stops cycles of single objects (client → currentPlan → client …),
 *                                 which cost little each.
 *   MAX_OPERATION_ALIASES  30     the parties use none; room for a screen that aliases a few
 *                                 fields (`fi: name(lang: FI) sv: name(lang: SV)`) or clients.
 *   MAX_OPERATION_COST     20000  12× the parties' costliest at its default page (SHARED_PLAN
 *                                 1652) and 8× at the largest page (PROVIDERS 2303), and above
 *                                 full introspection (14966). A page of 100 inside a page of 100
 *                                 passes only with bare ids in it (10 302); one object more per
 *                                 item (20 302) and it is refused; three levels never pass.
 *   MAX_OPERATION_REPORTS  1      the parties' screens show one report at a time; a second is a
 *                                 second request, which queues fairly behind others' (the
 *                                 vouchers subgraph's report gate). Aliases and fragments count.
 *                                 With MAX_OPERATION_COST, a report returns at most ~20 000 rows:
 *                                 e.g. by provider (counted up to 1 000) and month, 20 months.
 *   MAX_OPERATION_TOKENS   2000   11× the longest query (172); bounds parsing and validation.
 *   MAX_REQUEST_BYTES      102400 (100 KiB, the gateway's earlier express limit) 50× the
 *                                 longest query with its variables; tokens bound the query anyway.
 */

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

/** Why these figures: see the measurements above. */
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

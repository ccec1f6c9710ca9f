/** The measuring functions and limits of gateway/limits, without a running gateway. */
import { readFileSync } from 'node:fs';
import { buildSchema, getIntrospectionQuery, getOperationAST, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { ASSIGNED_ORDERS, PROVIDERS, SHARED_PLAN, SPENDING } from '../../test/queries.js';
import { DEFAULT_LIMITS, brokenLimits, countTokens, measureOperation, resolveLimits, tokenLimitError } from './index.js';

// The supergraph as plain SDL: the same types and fields the API schema has (and a few more).
const schema = buildSchema(readFileSync(new URL('../../schema/supergraph.graphql', import.meta.url), 'utf8'));

function measure(query: string, variables: Record<string, unknown> = {}) {
  const document = parse(query);
  expect(validate(schema, document).map((e) => e.message)).toEqual([]);
  return measureOperation(schema, document, getOperationAST(document)!, variables);
}

describe('depth', () => {
  it('counts fields on the longest path from the root', () => {
    expect(measure('{ me { role } }').depth).toBe(2);
    expect(measure('{ me { role } client(id: "x") { currentPlan { services { serviceType { code } } } } }').depth).toBe(5);
    expect(measure('{ __typename }').depth).toBe(1);
  });

  it('sees through fragments and inline fragments', () => {
    const query = `
      query { client(id: "x") { ...Plan } }
      fragment Plan on Client { currentPlan { ... on ClientPlan { client { ...Name } } } }
      fragment Name on Client { firstName }
    `;
    expect(measure(query).depth).toBe(4);
  });

  it('measures a cycle of single objects by its length', () => {
    let query = 'id';
    for (let i = 0; i < 20; i++) query = `currentPlan { client { ${query} } }`;
    expect(measure(`{ client(id: "x") { ${query} } }`).depth).toBe(42);
  });
});

describe('aliases', () => {
  it('counts aliased fields, as often as their fragment is spread', () => {
    expect(measure('{ a: me { role } b: me { r: role } }').aliases).toBe(3);
    const query = `
      { client(id: "x") { x: currentPlan { ...Names } y: currentPlan { ...Names } } }
      fragment Names on ClientPlan { client { fi: firstName la: lastName } }
    `;
    expect(measure(query).aliases).toBe(6);
  });
});

describe('cost', () => {
  it('charges objects, not leaves', () => {
    expect(measure('{ me { role subject } }').cost).toBe(1);
    expect(measure('{ me { role } client(id: "x") { firstName municipality { code } } }').cost).toBe(3);
    expect(measure('{ __typename }').cost).toBe(0);
  });

  it('multiplies a list by the default list size, and a list of leaves not at all', () => {
    // serviceTypes: 1 + 10 × 0; municipalities: 1 + 10 × 0; providers' languages are leaves.
    expect(measure('{ serviceTypes { code } }').cost).toBe(1);
    // client 1 + plans (1 + 10 × (services 1 + 10 × serviceType 1)) = 1 + 1 + 10 × 11
    expect(measure('{ client(id: "x") { plans { services { serviceType { code } } } } }').cost).toBe(112);
  });

  it('multiplies a connection by `first`: literal, variable, variable default, schema default', () => {
    // providers 1 + edges (1 + first × node (1 + offerings (1 + 10 × serviceType 1)))
    const cost = (first: number) => 1 + 1 + first * (1 + 1 + 10 * 1);
    expect(measure('{ providers(first: 5) { totalCount edges { node { offerings { serviceType { code } } } } } }').cost).toBe(cost(5));
    const withVariable = 'query ($n: Int = 7) { providers(first: $n) { edges { node { offerings { serviceType { code } } } } } }';
    expect(measure(withVariable, { n: 3 }).cost).toBe(cost(3));
    expect(measure(withVariable).cost).toBe(cost(7));
    expect(measure('{ providers { edges { node { offerings { serviceType { code } } } } } }').cost).toBe(cost(20));
    // pageInfo is read once, not per edge.
    expect(measure('{ providers(first: 5) { pageInfo { hasNextPage } } }').cost).toBe(2);
  });

  it('multiplies a list with `first` by it, and counts `first` at most up to 100', () => {
    // client 1 + currentPlan 1 + services (1 + 10 × availableOfferings (1 + first × price 1))
    expect(measure('{ client(id: "x") { currentPlan { services { availableOfferings(first: 3) { price { amount } } } } } }').cost).toBe(
      1 + 1 + 1 + 10 * (1 + 3),
    );
    expect(measure('{ providers(first: 100000) { edges { node { id } } } }').cost).toBe(
      measure('{ providers(first: 100) { edges { node { id } } } }').cost,
    );
    expect(measure('{ providers(first: 100) { edges { node { id } } } }').cost).toBe(1 + 1 + 100);
  });

  it('explodes for nested pages, as it should', () => {
    const query = `{ providers(first: 100) { edges { node {
      assignedOrders(first: 100) { edges { node { client { orders { deliveries { amount { amount } } } } } } } } } } }`;
    // 100 × 100 × (client 1 + orders (1 + 10 × deliveries (1 + 10 × amount 1))) ≈ 1.1 million
    expect(measure(query).cost).toBeGreaterThan(50 * DEFAULT_LIMITS.maxCost);
  });

  it('measures a fragment bomb quickly, by what it would expand to', () => {
    // Each fragment spreads the previous one twice under aliases: 2^20 aliases when expanded.
    const fragments = ['fragment F0 on Client { firstName }'];
    for (let i = 1; i <= 20; i++)
      fragments.push(
        `fragment F${i} on Client { a${i}: currentPlan { client { ...F${i - 1} } } b${i}: currentPlan { client { ...F${i - 1} } } }`,
      );
    const started = performance.now();
    const m = measure(`{ client(id: "x") { ...F20 } } ${fragments.join('\n')}`);
    expect(performance.now() - started).toBeLessThan(200);
    expect(m.aliases).toBe(2 ** 21 - 2);
    expect(m.depth).toBe(42);
  });
});

describe('reports', () => {
  const report = (args: string, selection = 'total { amount } rows { suppressed amount { amount } }') =>
    `spendingReport(${args}) { ${selection} }`;

  it('cost the rows they can return: the product of their dimensions, months by their period', () => {
    // The report 1 + rows (1 + rows × amount 1) + total 1: rows = 10 service types × 15 municipalities.
    expect(measure(`{ ${report('from: "2026-01-01", to: "2026-10-31", groupBy: [SERVICE_TYPE, MUNICIPALITY]')} }`).cost).toBe(
      1 + 1 + 150 + 1,
    );
    // One municipality asked for: its dimension is one row.
    expect(
      measure(`{ ${report('from: "2026-01-01", to: "2026-10-31", groupBy: [SERVICE_TYPE, MUNICIPALITY], municipalityCode: "205"')} }`).cost,
    ).toBe(1 + 1 + 10 + 1);
    // Months as many as the period has: 10 service types × 6 months.
    expect(measure(`{ ${report('from: "2026-01-01", to: "2026-06-30", groupBy: [MONTH, SERVICE_TYPE]')} }`).cost).toBe(1 + 1 + 60 + 1);
    // At least the rows, whatever is selected of them.
    expect(measure(`{ ${report('from: "2026-01-01", to: "2026-06-30", groupBy: [PROVIDER]', 'rows { suppressed }')} }`).cost).toBe(
      1 + 1000,
    );
  });

  it('read their arguments from variables, and count what they cannot read as the worst case', () => {
    const query =
      'query ($g: [ReportDimension!]!, $from: Date!, $to: Date!) { spendingReport(from: $from, to: $to, groupBy: $g) { rows { amount { amount } } } }';
    expect(measure(query, { g: ['MONTH'], from: '2025-01-01', to: '2025-12-31' }).cost).toBe(1 + 1 + 12);
    // A period of years counts the 24 months a report may have; every dimension when groupBy is unknown.
    expect(measure(query, { g: ['MONTH'], from: '2001-01-01', to: '2025-12-31' }).cost).toBe(1 + 1 + 24);
    expect(measure(query, { g: ['MONTH'], from: 'soon', to: 'later' }).cost).toBe(1 + 1 + 24);
    expect(measure(query, { g: 'SERVICE_TYPE', from: '2025-01-01', to: '2025-01-31' }).cost).toBe(1 + 1 + 10 * 15 * 1000 * 1);
  });

  it('are counted through aliases and fragments, for the limit of one per operation', () => {
    const aliased = `{ ${Array.from({ length: 30 }, (_, i) => `r${i}: ${report('from: "2021-12-01", to: "2026-11-30", groupBy: [SERVICE_TYPE, MUNICIPALITY, PROVIDER, MONTH]')}`).join(' ')} }`;
    const m = measure(aliased);
    expect(m).toMatchObject({ aliases: 30, reports: 30 });
    // What got through before: 30 aliases (the limit) and a cost of 390. Now both the count and the cost refuse it.
    expect(brokenLimits(m, DEFAULT_LIMITS)).toEqual(['cost 108000090 exceeds the limit of 20000', 'reports 30 exceeds the limit of 1']);
    const fragments = `{ ...R ...R } fragment R on Query { ${report('from: "2026-01-01", to: "2026-01-31", groupBy: [SERVICE_TYPE]')} }`;
    expect(measure(fragments).reports).toBe(2);
    expect(measure(`{ ${report('from: "2026-01-01", to: "2026-01-31", groupBy: [SERVICE_TYPE]')} }`).reports).toBe(1);
  });
});

describe('limits and the parties', () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const examples = [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)].map((m, i) => [`README example ${i + 1}`, m[1], {}] as const);
  const queries = [
    ['SHARED_PLAN', SHARED_PLAN, { id: 'cl-00002' }],
    ['ASSIGNED_ORDERS at the largest page', ASSIGNED_ORDERS, { first: 100 }],
    ['PROVIDERS at the largest page', PROVIDERS, { first: 100 }],
    ['SPENDING', SPENDING, { from: '2026-01-01', to: '2026-10-31', groupBy: ['MUNICIPALITY'] }],
    ...examples,
  ] as const;

  it('finds the README examples', () => {
    expect(examples.length).toBeGreaterThanOrEqual(5);
  });

  it.each(queries)('%s stays well inside every limit', (_name, query, variables) => {
    const m = measure(query, variables);
    expect(brokenLimits(m, DEFAULT_LIMITS)).toEqual([]);
    // A clear margin: half the depth and aliases, a fifth of the cost and tokens.
    expect(m.depth).toBeLessThanOrEqual(DEFAULT_LIMITS.maxDepth / 2);
    expect(m.aliases).toBeLessThanOrEqual(DEFAULT_LIMITS.maxAliases / 2);
    expect(m.cost).toBeLessThanOrEqual(DEFAULT_LIMITS.maxCost / 5);
    expect(countTokens(query)).toBeLessThanOrEqual(DEFAULT_LIMITS.maxTokens / 5);
  });

  it('lets the standard introspection query through (tooling, for authenticated users)', () => {
    const query = getIntrospectionQuery();
    expect(brokenLimits(measure(query), DEFAULT_LIMITS)).toEqual([]);
    expect(countTokens(query)).toBeLessThanOrEqual(DEFAULT_LIMITS.maxTokens);
  });

  it('names every limit broken with its measured value', () => {
    expect(brokenLimits({ depth: 40, aliases: 3000, cost: 5, reports: 2 }, DEFAULT_LIMITS)).toEqual([
      'depth 40 exceeds the limit of 15',
      'aliases 3000 exceeds the limit of 30',
      'reports 2 exceeds the limit of 1',
    ]);
  });
});

describe('countTokens', () => {
  it('counts what the parser counts, not comments', () => {
    expect(countTokens('{ me { role } }')).toBe(6);
    expect(countTokens('# a comment\n{ a: me { role } }')).toBe(8);
  });
});

describe('resolveLimits', () => {
  it('takes the defaults, then the environment, then the caller', () => {
    expect(resolveLimits({}, {})).toEqual(DEFAULT_LIMITS);
    expect(resolveLimits({}, { MAX_OPERATION_DEPTH: '9', MAX_OPERATION_COST: ' 500 ', MAX_REQUEST_BYTES: '' })).toMatchObject({
      maxDepth: 9,
      maxCost: 500,
      maxRequestBytes: 102400,
    });
    expect(resolveLimits({ maxDepth: 3 }, { MAX_OPERATION_DEPTH: '9' }).maxDepth).toBe(3);
  });

  it('refuses to start with a limit that is not a whole number ≥ 1', () => {
    expect(() => resolveLimits({}, { MAX_OPERATION_ALIASES: 'lots' })).toThrow(/MAX_OPERATION_ALIASES/);
    expect(() => resolveLimits({}, { MAX_OPERATION_COST: '0' })).toThrow(/MAX_OPERATION_COST/);
    expect(() => resolveLimits({}, { MAX_OPERATION_TOKENS: '1.5' })).toThrow(/MAX_OPERATION_TOKENS/);
  });
});

describe('tokenLimitError', () => {
  it("turns the parser's token limit into OPERATION_TOO_COMPLEX, and nothing else", () => {
    // The parser's own words, whatever its version spells them.
    const message = (() => {
      try {
        parse('{ a b c d e f }', { maxTokens: 5 });
      } catch (error) {
        return (error as Error).message;
      }
      throw new Error('the parser did not stop');
    })();
    expect(tokenLimitError({ message, extensions: { code: 'GRAPHQL_PARSE_FAILED' } })).toEqual({
      message: 'Operation too complex: tokens exceed the limit of 5 (parsing stopped there).',
      extensions: { code: 'OPERATION_TOO_COMPLEX' },
    });
    expect(
      tokenLimitError({ message: 'Syntax Error: Expected Name, found "}".', extensions: { code: 'GRAPHQL_PARSE_FAILED' } }),
    ).toBeNull();
  });
});

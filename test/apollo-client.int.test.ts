/**
 * Apollo Client works without hand configuration beyond what the README gives: the README's
 * example queries are named operations that select `id` on every object that has one, and run
 * through `ApolloClient` + `InMemoryCache` (with the README's own `typePolicies` and
 * `possibleTypes`, read from its "apollo-cache-config" block) over an `HttpLink` to the
 * gateway, every entity is normalised and the cache says nothing on the console (Apollo warns
 * there of missing fields and of data lost when merging objects without an id).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ApolloClient, HttpLink, InMemoryCache, type TypePolicies } from '@apollo/client';
import {
  buildSchema,
  getNamedType,
  isInterfaceType,
  isObjectType,
  Kind,
  parse,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type OperationDefinitionNode,
} from 'graphql';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { claims, type TokenClaims } from './support/index.js';
import { startStack, type Stack } from './stack.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const schema = buildSchema(readFileSync(new URL('../schema/api.graphql', import.meta.url), 'utf8'));
const documents = [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => parse(m[1]));
const operationOf = (doc: DocumentNode) => doc.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
const queries = documents.filter((d) => operationOf(d).operation === 'query');

/** Who runs each README query (as its paragraph says). A new README query needs a line here. */
const RUN_AS: Record<string, TokenClaims> = {
  SharedPlan: claims.caseWorker(),
  MyPlan: claims.client(),
  AssignedOrders: claims.provider(),
  Spending: claims.analyst(),
  Catalogue: claims.admin(),
  MyAccessLog: claims.client(),
  WebhookDeliveries: claims.provider(),
};

/** Types a cache normalises: those with an `id`, and those the README keys by `code`. */
const KEYED_BY_CODE = ['Municipality', 'ServiceType'];
const keyOf = (typeName: string) => {
  const type = schema.getType(typeName);
  if (KEYED_BY_CODE.includes(typeName)) return 'code';
  return (isObjectType(type) || isInterfaceType(type)) && type.getFields().id ? 'id' : null;
};

describe("the README's example queries", () => {
  it('are all named operations', () => {
    expect(documents.length).toBeGreaterThanOrEqual(10);
    for (const doc of documents) expect(operationOf(doc).name?.value, JSON.stringify(doc.loc?.source.body.slice(0, 60))).toBeTruthy();
  });

  it('select the key (id, or code) of every object a cache normalises', () => {
    const missing: string[] = [];
    for (const doc of documents) {
      const typeInfo = new TypeInfo(schema);
      visit(
        doc,
        visitWithTypeInfo(typeInfo, {
          Field(node) {
            const type = typeInfo.getType();
            if (!node.selectionSet || !type) return;
            const key = keyOf(getNamedType(type).name);
            const selected = node.selectionSet.selections.some((s) => s.kind === Kind.FIELD && s.name.value === key);
            if (key && !selected)
              missing.push(`${operationOf(doc).name?.value}: ${node.name.value} (${getNamedType(type).name}) without ${key}`);
          },
        }),
      );
    }
    expect(missing).toEqual([]);
  });

  it('each have a party to run as', () => {
    expect(queries.map((q) => operationOf(q).name!.value).sort()).toEqual(Object.keys(RUN_AS).sort());
  });
});

describe('through Apollo Client with the README cache configuration', () => {
  let stack: Stack;
  let config: { typePolicies: TypePolicies; possibleTypes: Record<string, string[]> };
  let warnings: ReturnType<typeof vi.spyOn>[];

  beforeAll(async () => {
    // The README's block, imported as it is: what a reader copies is what runs here.
    const block = /```js\n(\/\/ apollo-cache-config[\s\S]*?)```/.exec(readme)?.[1];
    expect(block, 'README has an "apollo-cache-config" js block').toBeTruthy();
    const dir = mkdtempSync(join(tmpdir(), 'apollo-cache-config-'));
    writeFileSync(join(dir, 'config.mjs'), block!);
    config = await import(/* @vite-ignore */ pathToFileURL(join(dir, 'config.mjs')).href);
    rmSync(dir, { recursive: true, force: true });
    stack = await startStack();
  });
  afterAll(() => stack?.close());

  beforeEach(() => {
    warnings = [vi.spyOn(console, 'warn'), vi.spyOn(console, 'error')];
  });
  afterEach(() => vi.restoreAllMocks());

  async function clientFor(party: TokenClaims) {
    const cache = new InMemoryCache({ typePolicies: config.typePolicies, possibleTypes: config.possibleTypes });
    const link = new HttpLink({ uri: stack.gateway.url, headers: { authorization: `Bearer ${await stack.token(party)}` } });
    return { client: new ApolloClient({ link, cache }), cache };
  }

  /** Objects that should be in the cache by their key but sit inside another record. */
  function embeddedEntities(store: Record<string, unknown>): string[] {
    const found: string[] = [];
    const walk = (value: unknown, where: string, top: boolean) => {
      if (Array.isArray(value)) return value.forEach((v, i) => walk(v, `${where}[${i}]`, false));
      if (value === null || typeof value !== 'object') return;
      const typename = (value as { __typename?: string }).__typename;
      if (!top && typename && keyOf(typename)) found.push(`${where} (${typename})`);
      for (const [field, v] of Object.entries(value)) walk(v, `${where}.${field}`, false);
    };
    for (const [id, record] of Object.entries(store)) walk(record, id, true);
    return found;
  }

  it('normalises every entity of every query, with no warning', async () => {
    const byParty = new Map<TokenClaims, DocumentNode[]>();
    for (const q of queries) {
      const party = RUN_AS[operationOf(q).name!.value];
      byParty.set(party, [...(byParty.get(party) ?? []), q]);
    }
    const stores: Record<string, unknown>[] = [];
    for (const [party, docs] of byParty) {
      const { client, cache } = await clientFor(party);
      for (const query of docs) {
        const result = await client.query({ query, fetchPolicy: 'network-only' });
        expect(result.error, operationOf(query).name!.value).toBeUndefined();
        expect(result.data).toBeTruthy();
      }
      stores.push(cache.extract() as Record<string, unknown>);
    }
    const keys = stores.flatMap((s) => Object.keys(s));
    for (const prefix of [
      'Client:cl-',
      'ClientPlan:',
      'PlannedService:ps-',
      'Order:or-',
      'Delivery:de-',
      'Voucher:vo-',
      'Provider:pr-',
      'ServiceOffering:of-',
      'Municipality:{"code":"205"}',
      'ServiceType:{"code":"kotihoito"}',
    ]) {
      expect(
        keys.some((k) => k.startsWith(prefix)),
        prefix,
      ).toBe(true);
    }
    expect(keys).toContain('Client:cl-00002');
    expect(stores.flatMap(embeddedEntities)).toEqual([]);
    for (const spy of warnings) expect(spy.mock.calls).toEqual([]);
  });

  it('merges overlapping queries and a node(id:) refetch into the same entities, with no warning', async () => {
    const { client, cache } = await clientFor(claims.client());
    const run = async (text: string) => {
      const result = await client.query({ query: parse(text), fetchPolicy: 'network-only' });
      expect(result.error, text).toBeUndefined();
    };
    await run(readme.match(/query MyPlan[\s\S]*?(?=```)/)![0]);
    // Each a separate operation selecting other fields of the same objects: without the README's
    // merge policies Apollo would warn that the first one's Budget, Money and Viewer fields are lost.
    await run(
      'query PlanBudget { me { clientId role } client(id: "cl-00001") { id currentPlan { id budget { total { amount currency } remaining { amount } } } } }',
    );
    await run(
      'query Refetch { me { subject } node(id: "cl-00001") { id ... on Client { firstName currentPlan { id version budget { total { amount } spent { amount } } } } } }',
    );
    await run('query NodeFragment { node(id: "cl-00001") { ...NodeId } } fragment NodeId on Node { id }');
    const store = cache.extract() as Record<string, any>;
    expect(store['Client:cl-00001']).toMatchObject({
      id: 'cl-00001',
      firstName: expect.any(String),
      currentPlan: { __ref: expect.stringMatching(/^ClientPlan:/) },
    });
    expect(store.ROOT_QUERY['node({"id":"cl-00001"})']).toEqual({ __ref: 'Client:cl-00001' });
    const plan = store[store['Client:cl-00001'].currentPlan.__ref];
    expect(plan.budget.total).toEqual({ __typename: 'Money', amount: expect.any(String), currency: 'EUR' });
    expect(Object.keys(plan.budget)).toEqual(expect.arrayContaining(['total', 'remaining', 'spent']));
    expect(store.ROOT_QUERY.me).toMatchObject({ clientId: 'cl-00001', role: 'CLIENT', subject: expect.any(String) });
    expect(embeddedEntities(store)).toEqual([]);
    for (const spy of warnings) expect(spy.mock.calls).toEqual([]);
  });
});

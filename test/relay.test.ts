/**
 * Relay works on schema/api.graphql as it is: the Relay compiler (relay-compiler, the Rust
 * binary its npm package ships) compiles, in a temporary project whose relay.config.json
 * points at the schema, a `@refetchable` fragment on a Node type refetched through
 * `node(id:)`, and `@connection` lists paged with `usePaginationFragment` — which need the
 * Node interface, `Query.node` and a complete PageInfo (hasNextPage, hasPreviousPage,
 * startCursor, endCursor). A schema without them fails to compile.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, print, visit } from 'graphql';
import { afterAll, describe, expect, it } from 'vitest';

const relayBinary: string | null = createRequire(import.meta.url)('relay-compiler');
const apiSchema = readFileSync(new URL('../schema/api.graphql', import.meta.url), 'utf8');

const SOURCES: Record<string, string> = {
  'ClientCard.ts': `
import { graphql } from 'relay-runtime';

export const client = graphql\`
  fragment ClientCard_client on Client @refetchable(queryName: "ClientCardRefetchQuery") {
    id
    firstName
    lastName
    birthDate
    municipality { code name(lang: SV) }
    currentPlan {
      id
      version
      status
      validFrom
      budget { total { amount currency } remaining { amount } }
      services { id quantity unit per serviceType { code name } }
    }
  }
\`;

export const query = graphql\`
  query ClientCardQuery($id: ID!) {
    node(id: $id) { __typename ...ClientCard_client @alias }
  }
\`;
`,
  'ClientList.ts': `
import { graphql } from 'relay-runtime';

export const clients = graphql\`
  fragment ClientList_query on Query
    @argumentDefinitions(first: { type: "Int", defaultValue: 20 }, after: { type: "String" }, search: { type: "String" })
    @refetchable(queryName: "ClientListPaginationQuery") {
    clients(first: $first, after: $after, search: $search) @connection(key: "ClientList_clients") {
      totalCount
      edges { node { id ...ClientCard_client } }
    }
  }
\`;
`,
  'ProviderOrders.ts': `
import { graphql } from 'relay-runtime';

export const orders = graphql\`
  fragment ProviderOrders_provider on Provider
    @argumentDefinitions(first: { type: "Int", defaultValue: 50 }, after: { type: "String" }, status: { type: "[OrderStatus!]" })
    @refetchable(queryName: "ProviderOrdersPaginationQuery") {
    id
    name
    assignedOrders(first: $first, after: $after, status: $status) @connection(key: "ProviderOrders_assignedOrders") {
      edges { node { id status quantity updatedAt unitPrice { amount } client { id firstName } } }
    }
  }
\`;
`,
};

const RELAY_CONFIG = {
  src: './src',
  schema: './schema.graphql',
  language: 'typescript',
  customScalarTypes: { Date: 'string', DateTime: 'string', Decimal: 'string' },
};

/** The schema with these fields of a type left out. */
const without = (sdl: string, type: string, fields: string[]) =>
  print(
    visit(parse(sdl), {
      ObjectTypeDefinition: (node) =>
        node.name.value === type ? { ...node, fields: node.fields?.filter((f) => !fields.includes(f.name.value)) } : undefined,
    }),
  );

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A Relay project over this schema: relay.config.json, the schema, src/ with the fragments. */
function compile(schema: string) {
  const dir = mkdtempSync(join(tmpdir(), 'relay-'));
  dirs.push(dir);
  mkdirSync(join(dir, 'src'));
  writeFileSync(join(dir, 'relay.config.json'), JSON.stringify(RELAY_CONFIG, null, 2));
  writeFileSync(join(dir, 'schema.graphql'), schema);
  for (const [file, text] of Object.entries(SOURCES)) writeFileSync(join(dir, 'src', file), text);
  const run = spawnSync(relayBinary!, [], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
  return { dir, status: run.status, output: `${run.stdout}\n${run.stderr}` };
}

describe('the Relay compiler', () => {
  it('ships a binary for this platform', () => {
    expect(relayBinary).toBeTruthy();
  });

  it('compiles refetchable Node fragments and connections against schema/api.graphql', () => {
    const { dir, status, output } = compile(apiSchema);
    expect(status, output).toBe(0);
    const generated = join(dir, 'src', '__generated__');
    for (const artifact of [
      'ClientCard_client.graphql.ts',
      'ClientCardRefetchQuery.graphql.ts',
      'ClientCardQuery.graphql.ts',
      'ClientListPaginationQuery.graphql.ts',
      'ProviderOrdersPaginationQuery.graphql.ts',
    ]) {
      expect(existsSync(join(generated, artifact)), artifact).toBe(true);
    }
    // The refetch goes through node(id:); the custom scalars are typed as strings.
    const refetch = readFileSync(join(generated, 'ClientCardRefetchQuery.graphql.ts'), 'utf8');
    expect(refetch).toMatch(/"name": "node"/);
    const fragment = readFileSync(join(generated, 'ClientCard_client.graphql.ts'), 'utf8');
    expect(fragment).toMatch(/readonly validFrom: string;/);
    expect(fragment).toMatch(/readonly amount: string;/);
  });

  it('refuses a schema without them (what this test guards)', () => {
    expect(compile(without(apiSchema, 'Query', [])).status, 'the schema printed again still compiles').toBe(0);
    expect(compile(without(apiSchema, 'Query', ['node'])).status).not.toBe(0);
    expect(compile(without(apiSchema, 'PageInfo', ['hasPreviousPage', 'startCursor'])).status).not.toBe(0);
  });
});

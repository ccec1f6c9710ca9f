/**
 * schema/api.graphql, the schema clients write code against: generated fresh by
 * `npm run compose`, every element described (the IDE and codegen show them), and no breaking
 * change against the last release unless CHANGELOG.md announces it (lib/schema-compat.ts).
 */
import { readFileSync } from 'node:fs';
import {
  buildSchema,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isIntrospectionType,
  isObjectType,
  isSpecifiedScalarType,
  type GraphQLSchema,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { announcedBreakingPaths, lastRelease, unannouncedBreakingChanges } from '../lib/schema-compat.js';
import { composeSchemas } from '../lib/supergraph.js';

const read = (path: string) => readFileSync(new URL(`../${path}`, import.meta.url), 'utf8');
const api = read('schema/api.graphql');

/** Every type, field, argument, input field and enum value, with its description. */
function elements(schema: GraphQLSchema): { path: string; description: string | null | undefined }[] {
  const out: { path: string; description: string | null | undefined }[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (isIntrospectionType(type) || isSpecifiedScalarType(type)) continue;
    out.push({ path: type.name, description: type.description });
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        out.push({ path: `${type.name}.${field.name}`, description: field.description });
        for (const arg of field.args) out.push({ path: `${type.name}.${field.name}(${arg.name}:)`, description: arg.description });
      }
    }
    if (isInputObjectType(type))
      for (const field of Object.values(type.getFields())) out.push({ path: `${type.name}.${field.name}`, description: field.description });
    if (isEnumType(type))
      for (const value of type.getValues()) out.push({ path: `${type.name}.${value.name}`, description: value.description });
  }
  return out;
}

describe('schema/api.graphql', () => {
  it('is the API schema of the composed subgraphs (run `npm run compose`)', () => {
    expect(api).toBe(composeSchemas().api);
  });

  it('has no federation internals', () => {
    expect(api).not.toMatch(/join__|link__|@key|@inaccessible|_entities|_service|_Any\b/);
    const schema = buildSchema(api);
    expect(schema.getMutationType()?.getFields().recordProviderEvents).toBeUndefined();
    for (const [type, field] of [
      ['Client', 'municipalityCode'],
      ['ClientPlan', 'municipalityCode'],
      ['PlannedService', 'planId'],
    ]) {
      const t = schema.getType(type);
      expect(isObjectType(t) && t.getFields()[field], `${type}.${field}`).toBeFalsy();
    }
  });

  it('describes every type, field, argument, input field, enum value and scalar', () => {
    const all = elements(buildSchema(api));
    const missing = all.filter((e) => !e.description?.trim()).map((e) => e.path);
    expect(all.length).toBeGreaterThan(500);
    expect(missing).toEqual([]);
  });

  it('says the format of each custom scalar', () => {
    const schema = buildSchema(api);
    expect(schema.getType('Date')?.description).toMatch(/ISO 8601.*"2026-11-22"/);
    expect(schema.getType('DateTime')?.description).toMatch(/RFC 3339.*UTC.*"2026-11-22T10:15:00Z"/);
    expect(schema.getType('Decimal')?.description).toMatch(/string.*"1234\.50"/);
  });
});

describe('breaking changes against the last release', () => {
  const changelog = read('CHANGELOG.md');
  const previous = `
    type Query { clients(first: Int, search: String): [Client!]! client(id: ID!): Client }
    type Client { id: ID! phone: String name: String! }
  `;
  const withoutClients = `
    type Query { client(id: ID!): Client }
    type Client { id: ID! phone: String name: String! }
  `;
  const unreleased = (breaking: string) =>
    `# Changelog\n\n## [Unreleased]\n\n### Breaking\n${breaking}\n\n## [0.1.0] - 2026-11-24\n\n### Added\n- \`Query.clients\`: the first release.\n`;

  it('fails on a removed field the changelog does not announce', async () => {
    const unannounced = await unannouncedBreakingChanges(previous, withoutClients, unreleased('- `Client.phone`: removed.'));
    expect(unannounced.map((c) => c.path)).toEqual(['Query.clients']);
    // Naming it only under a released version does not announce it either.
    expect(await unannouncedBreakingChanges(previous, withoutClients, unreleased(''))).toHaveLength(1);
  });

  it('passes when "Unreleased → Breaking" lists its path', async () => {
    expect(
      await unannouncedBreakingChanges(previous, withoutClients, unreleased('- `Query.clients`: removed; page with `clientsPage`.')),
    ).toEqual([]);
  });

  it("fails on an argument made required or a field's type changed; an added field is no break", async () => {
    const changed = `
      type Query { clients(first: Int, search: String!): [Client!]! client(id: ID!): Client }
      type Client { id: ID! phone: Int name: String! email: String }
    `;
    const paths = (await unannouncedBreakingChanges(previous, changed, unreleased(''))).map((c) => c.path).sort();
    expect(paths).toEqual(['Client.phone', 'Query.clients.search']);
    expect(
      await unannouncedBreakingChanges(previous, changed, unreleased('- `Client`: reworked.\n- `Query.clients`: search required.')),
    ).toEqual([]);
  });

  it('reads the paths of the Unreleased section only', () => {
    expect(announcedBreakingPaths(unreleased('- `Query.clients` and `Client.phone`: removed.'))).toEqual(['Query.clients', 'Client.phone']);
    expect(announcedBreakingPaths('# Changelog\n\n## [0.1.0]\n\n### Breaking\n- `Query.clients`\n')).toEqual([]);
  });

  it('finds none unannounced between the last release and schema/api.graphql', async () => {
    const release = lastRelease(new URL('../schema/releases/', import.meta.url));
    expect(release?.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(await unannouncedBreakingChanges(release!.sdl, api, changelog)).toEqual([]);
  });
});

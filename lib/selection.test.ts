import { parse, type FragmentDefinitionNode, type FieldNode, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { selectsField } from './selection.js';

/** The root field `client` of `source`, as a resolver's info holds it. */
function infoOf(source: string) {
  const document = parse(source);
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition')!;
  const fragments = Object.fromEntries(
    document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === 'FragmentDefinition').map((f) => [f.name.value, f]),
  );
  return { fieldNodes: [operation.selectionSet.selections[0] as FieldNode], fragments };
}

describe('selectsField', () => {
  it('finds a field directly under the one resolved', () => {
    expect(selectsField(infoOf('{ client(id: "c") { id currentPlan { id } } }'), ['currentPlan', 'plans'])).toBe(true);
    expect(selectsField(infoOf('{ client(id: "c") { id firstName } }'), ['currentPlan', 'plans'])).toBe(false);
  });

  it('looks into inline fragments and named fragments, once each', () => {
    expect(selectsField(infoOf('{ client(id: "c") { ... on Client { plans { id } } } }'), ['plans'])).toBe(true);
    expect(
      selectsField(infoOf('{ client(id: "c") { ...A } } fragment A on Client { ...B } fragment B on Client { plans { id } }'), ['plans']),
    ).toBe(true);
    expect(selectsField(infoOf('{ client(id: "c") { ...A } } fragment A on Client { ...A id }'), ['plans'])).toBe(false);
  });

  it('does not count a field deeper down', () => {
    expect(selectsField(infoOf('{ client(id: "c") { responsibleWorker { plans: id } } }'), ['plans'])).toBe(false);
  });
});

/**
 * Validation rules the gateway adds to graphql-js' own (Apollo Server's `validationRules`), for
 * documents the graph does not serve that would otherwise reach @apollo/gateway, which throws
 * INVALID_GRAPHQL while planning — an HTTP 500 that repeats the caller's input — or reach a
 * system that fails on them. A validation error is GRAPHQL_VALIDATION_FAILED, reported as
 * BAD_USER_INPUT (gateway/errors):
 *
 * - an operation of a type the graph has no root for (a `subscription`: graphql-js 16 has no
 *   rule for it; 17 adds KnownOperationTypesRule, which this one stands in for);
 * - a string holding NUL (also refused in variables, by operation-choice.ts);
 * - an alias that takes the name of another field of its type.
 */
import { GraphQLError, Kind, parse, type ValidationRule } from 'graphql';

/** Every operation's type must have a root type in the schema (graphql-js 17's rule, for 16). */
export const KnownOperationTypesRule: ValidationRule = (context) => ({
  OperationDefinition(node) {
    const schema = context.getSchema();
    const root =
      node.operation === 'query'
        ? schema.getQueryType()
        : node.operation === 'mutation'
          ? schema.getMutationType()
          : schema.getSubscriptionType();
    if (root) return;
    const hint =
      node.operation === 'subscription' ? ': poll with a query, or let a provider’s system hear of changes by webhook (setWebhook)' : '';
    context.reportError(new GraphQLError(`This graph does not serve ${node.operation} operations${hint}.`, { nodes: node }));
  },
});

/**
 * No string may carry NUL (U+0000): PostgreSQL's text and FHIR's strings cannot hold it, so
 * the systems fail on it — and their failure would read as an outage. Refused here as the
 * caller's input, in the document (this rule) and in variables (nulInVariables).
 */
export const NoNulInStringsRule: ValidationRule = (context) => ({
  StringValue(node) {
    if (node.value.includes('\u0000'))
      context.reportError(new GraphQLError('strings must not contain the NUL character (U+0000)', { nodes: node }));
  },
});

/** Where the first NUL character in the variables is, e.g. "input.services[1].schedule"; null when none. */
export function nulInVariables(variables: Record<string, unknown> | undefined): string | null {
  const find = (v: unknown, at: string, depth: number): string | null => {
    if (typeof v === 'string') return v.includes('\u0000') ? at : null;
    if (depth >= 32 || typeof v !== 'object' || v === null) return null;
    for (const [k, x] of Object.entries(v)) {
      const found = find(x, Array.isArray(v) ? `${at}[${k}]` : `${at}.${k}`, depth + 1);
      if (found) return found;
    }
    return null;
  };
  for (const [name, value] of Object.entries(variables ?? {})) {
    const found = find(value, name, 0);
    if (found) return found;
  }
  return null;
}

/**
 * Every field name of every object type of the supergraph, hidden ones included (the keys and
 * @requires fields the subgraphs pass each other, e.g. PlannedService.serviceTypeCode).
 */
export function fieldNamesByType(supergraphSdl: string): Map<string, Set<string>> {
  const byType = new Map<string, Set<string>>();
  for (const d of parse(supergraphSdl).definitions) {
    if (
      (d.kind === Kind.OBJECT_TYPE_DEFINITION || d.kind === Kind.OBJECT_TYPE_EXTENSION || d.kind === Kind.INTERFACE_TYPE_DEFINITION) &&
      d.fields
    ) {
      const names = byType.get(d.name.value) ?? new Set<string>();
      for (const f of d.fields) names.add(f.name.value);
      byType.set(d.name.value, names);
    }
  }
  return byType;
}

/**
 * An alias may not take the name of another field of its type. Why: the router answers the
 * subgraphs' own needs (entity keys, @requires fields such as PlannedService.serviceTypeCode)
 * under the fields' names; an alias `serviceTypeCode: serviceType { code }` lands in the same
 * place, and the subgraph is handed the caller's object where the code belongs — a wrong
 * answer at best. Refused as the caller's input (BAD_USER_INPUT), naming the alias.
 */
export function NoShadowingAliasesRule(fieldsByType: Map<string, Set<string>>): ValidationRule {
  return (context) => ({
    Field(node) {
      if (!node.alias || node.alias.value === node.name.value) return;
      const parent = context.getParentType();
      if (parent && fieldsByType.get(parent.name)?.has(node.alias.value)) {
        context.reportError(
          new GraphQLError(`the alias "${node.alias.value}" is the name of another field of ${parent.name}: choose another alias`, {
            nodes: node,
          }),
        );
      }
    },
  });
}

/** Validation rules the gateway adds to graphql-js' own (Apollo Server's `validationRules`). */
export function documentValidationRules(supergraphSdl: string): ValidationRule[] {
  return [KnownOperationTypesRule, NoNulInStringsRule, NoShadowingAliasesRule(fieldNamesByType(supergraphSdl))];
}

import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';

/**
 * One error per failed system, not one per list item (issue: a provider's 50 orders with the
 * client-record system down gave 100 identical errors). Outage errors naming the same system
 * are collapsed into the first one, which keeps its path and says how many fields the outage
 * nulled (`extensions.fields`); every other error is left as it is, in order.
 */
export function collapseOutages(errors: readonly GraphQLFormattedError[]): GraphQLFormattedError[] {
  const first = new Map<string, { error: GraphQLFormattedError; fields: number }>();
  const out: GraphQLFormattedError[] = [];
  for (const error of errors) {
    const system = error.extensions?.code === 'UPSTREAM_UNAVAILABLE' ? error.extensions.system : undefined;
    if (typeof system !== 'string') {
      out.push(error);
      continue;
    }
    const seen = first.get(system);
    if (seen) {
      seen.fields += 1;
      continue;
    }
    const entry = { error: { ...error, extensions: { ...error.extensions } }, fields: 1 };
    first.set(system, entry);
    out.push(entry.error);
  }
  for (const { error, fields } of first.values()) if (fields > 1) (error.extensions as Record<string, unknown>).fields = fields;
  return out;
}

/** Applies collapseOutages to every answer (Apollo Server plugin). */
export function outageErrorsPlugin(): ApolloServerPlugin<BaseContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind === 'single' && (response.body.singleResult.errors?.length ?? 0) > 1) {
            response.body.singleResult.errors = collapseOutages(response.body.singleResult.errors!);
          }
        },
      };
    },
  };
}

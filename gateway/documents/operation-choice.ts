/**
 * A request whose `operationName` picks no operation of its document — one that is not there,
 * or none named although the document holds several — would reach @apollo/gateway, which
 * throws INVALID_GRAPHQL while planning: an HTTP 500. Choosing the operation is not validation
 * (the document is fine); the request's `operationName` is the bad input: BAD_USER_INPUT,
 * refused before anything runs. Variables holding NUL are refused here too (rules.ts says why).
 */
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { Kind } from 'graphql';
import { badUserInput, echo } from '../../lib/errors.js';
import { nulInVariables } from './rules.js';

/**
 * Refuses a request whose operationName picks no operation (Apollo Server then leaves
 * `operation` undefined): 400, BAD_USER_INPUT, naming what the document does hold.
 */
export function operationChoicePlugin(): ApolloServerPlugin<BaseContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, request }) {
          const nul = nulInVariables(request.variables);
          if (nul !== null)
            throw badUserInput(`${echo(nul)} must not contain the NUL character (U+0000)`, { argumentName: nul, http: { status: 400 } });
          if (operation) return;
          const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
          const named = operations.flatMap((o) => (o.name ? [o.name.value] : []));
          const holds = named.length
            ? `; it holds ${named
                .slice(0, 10)
                .map((n) => `"${echo(n)}"`)
                .join(', ')}${named.length > 10 ? ', …' : ''}`
            : '';
          const message =
            request.operationName != null
              ? `the document has no operation named "${echo(request.operationName)}"${holds}`
              : operations.length > 1
                ? `the document holds ${operations.length} operations: name the one to run in operationName${holds}`
                : 'the document holds no operation to run';
          throw badUserInput(message, { argumentName: 'operationName', http: { status: 400 } });
        },
      };
    },
  };
}

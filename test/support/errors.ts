/** Small assertions over GraphQL responses: the codes of its errors, the error at a path, money in cents. */
import { decimalToCents } from '../../lib/money.js';
import type { GraphQLResponse } from './graphql.js';

type WithErrors = Pick<GraphQLResponse<unknown>, 'errors'>;

/** Every error's `extensions.code`, in order. */
export function codes(response: WithErrors): string[] {
  return (response.errors ?? []).map((e) => e.extensions?.code);
}

/** The error at exactly this path, if any. */
export function errorAt(response: WithErrors, path: (string | number)[]) {
  return response.errors?.find((e) => JSON.stringify(e.path) === JSON.stringify(path));
}

/** A `Money { amount }` in integer cents. */
export const cents = (m: { amount: string } | null | undefined) => decimalToCents(m!.amount);

/** Small assertions over GraphQL responses. */
import { decimalToCents } from '../lib/money.js';
import type { GraphQLResponse } from './stack.js';

export const cents = (m: { amount: string } | null | undefined) => decimalToCents(m!.amount);

export function codes(response: GraphQLResponse<unknown>): string[] {
  return (response.errors ?? []).map((e) => e.extensions?.code);
}

export function errorAt(response: GraphQLResponse<unknown>, path: (string | number)[]) {
  return response.errors?.find((e) => JSON.stringify(e.path) === JSON.stringify(path));
}

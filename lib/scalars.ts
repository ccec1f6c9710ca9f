/**
 * The contract's scalars. Date and DateTime validate through graphql-scalars but stay strings
 * inside (the systems speak ISO strings); Decimal is an exact decimal in a string.
 */
import { GraphQLScalarType, Kind } from 'graphql';
import { DateTimeResolver, LocalDateResolver } from 'graphql-scalars';

export const DateScalar = new GraphQLScalarType({
  name: 'Date',
  description: 'A calendar date, "2026-11-22".',
  serialize: (v) => LocalDateResolver.serialize(v),
  parseValue: (v) => LocalDateResolver.parseValue(v),
  parseLiteral: (ast) => LocalDateResolver.parseLiteral(ast, {}),
});

const toIso = (d: unknown) => (d instanceof Date ? d.toISOString().replace('.000Z', 'Z') : String(d));
export const DateTimeScalar = new GraphQLScalarType({
  name: 'DateTime',
  description: 'An instant, "2026-11-22T10:15:00Z".',
  serialize: (v) => toIso(v instanceof Date ? v : new Date(String(v))),
  parseValue: (v) => toIso(DateTimeResolver.parseValue(v)),
  parseLiteral: (ast) => toIso(DateTimeResolver.parseLiteral(ast, {})),
});

const DECIMAL = /^-?\d{1,15}(\.\d{1,6})?$/;
function parseDecimal(value: unknown): string {
  if (typeof value !== 'string' || !DECIMAL.test(value)) {
    throw new TypeError(`Decimal must be a string like "1234.50", got ${JSON.stringify(value)}`);
  }
  return value;
}
export const DecimalScalar = new GraphQLScalarType({
  name: 'Decimal',
  description: 'An exact decimal number as a string, "1234.50".',
  serialize: parseDecimal,
  parseValue: parseDecimal,
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw new TypeError('Decimal must be a string like "1234.50"');
    return parseDecimal(ast.value);
  },
});

export const scalarResolvers = { Date: DateScalar, DateTime: DateTimeScalar, Decimal: DecimalScalar };

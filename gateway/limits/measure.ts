/**
 * Measures an operation before it runs: how deep it nests, how many aliases it uses and what
 * it would cost. Pure functions over the parsed document and the schema; fragments are
 * measured once each (memoised), so a document that reuses fragments many times — a
 * "fragment bomb" — costs the measurement no more than its text does.
 *
 * The cost model (see config.ts for the figures it gives the parties' queries):
 * - a leaf field (scalar or enum, also a list of them, and `__typename`) costs 0: it is read
 *   with its parent object;
 * - a field of object type costs 1, plus its selection's cost times its multiplier;
 * - the multiplier of a list field is its `first` argument (a literal, the request's variable,
 *   the variable's default or the schema's default, in that order) or else `defaultListSize`;
 *   a connection field with `first` (Relay) passes its page size to its `edges` list instead;
 *   `first` counts at most `maxPageSize` (the contract refuses more with BAD_USER_INPUT);
 * - a root field of a mutation costs `mutationCost` more (a write, and its audit);
 * - a report field (`Query.spendingReport`) costs at least the rows it can return: the product
 *   of its groupBy dimensions' sizes — service types and municipalities as the reference data
 *   knows them, providers counted up to `report.providers`, months as many as its period has
 *   (up to `report.maxMonths`, beyond which the vouchers subgraph refuses it) — and its `rows`
 *   list takes that as its multiplier. Unknown arguments count as the worst case. Reports are
 *   also counted (`reports`), fragments expanded, for the limit of one per operation.
 * `@skip`/`@include` are ignored: the measure is of the worst case.
 */
import {
  Kind,
  Lexer,
  Source,
  TokenKind,
  SchemaMetaFieldDef,
  TypeMetaFieldDef,
  TypeNameMetaFieldDef,
  getNamedType,
  getNullableType,
  isCompositeType,
  isListType,
  isObjectType,
  isInterfaceType,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import { MUNICIPALITIES, SERVICE_TYPES } from '../../lib/reference.js';

export interface OperationMeasure {
  /** Fields on the longest path from the root; `{ me { role } }` is 2. */
  depth: number;
  /** Aliased fields, counted as often as their fragments are spread. */
  aliases: number;
  /** Estimated objects read, by the model above. */
  cost: number;
  /** Report fields, counted as often as their fragments are spread. */
  reports: number;
}

export interface CostModel {
  /** Multiplier of a list field without `first`. */
  defaultListSize: number;
  /** The most `first` counts for. */
  maxPageSize: number;
  /** Extra cost of each root field of a mutation. */
  mutationCost: number;
  /** The report field of Query and what each of its dimensions can multiply its rows by. */
  report: {
    field: string;
    serviceTypes: number;
    municipalities: number;
    /** Providers are not reference data: counted up to this many. */
    providers: number;
    maxMonths: number;
  };
}

export const DEFAULT_COST_MODEL: CostModel = {
  defaultListSize: 10,
  maxPageSize: 100,
  mutationCost: 10,
  report: {
    field: 'spendingReport',
    serviceTypes: SERVICE_TYPES.length,
    municipalities: MUNICIPALITIES.length,
    providers: 1000,
    maxMonths: 24,
  },
};

type Variables = Record<string, unknown>;

const ZERO: OperationMeasure = { depth: 0, aliases: 0, cost: 0, reports: 0 };

export function measureOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Variables = {},
  model: CostModel = DEFAULT_COST_MODEL,
): OperationMeasure {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const variableDefaults = new Map<string, ValueNode>();
  for (const definition of operation.variableDefinitions ?? []) {
    if (definition.defaultValue) variableDefaults.set(definition.variable.name.value, definition.defaultValue);
  }
  const memo = new Map<string, OperationMeasure>();
  const inProgress = new Set<string>();

  /** The number `first` stands for: the literal, the variable's value or default, or undefined. */
  const intValue = (value: ValueNode | undefined): number | undefined => {
    if (!value) return undefined;
    if (value.kind === Kind.INT) return Number.parseInt(value.value, 10);
    if (value.kind === Kind.VARIABLE) {
      const given = variables[value.name.value];
      if (typeof given === 'number' && Number.isInteger(given)) return given;
      if (given === undefined) return intValue(variableDefaults.get(value.name.value));
    }
    return undefined;
  };

  const pageSize = (node: FieldNode, field: GraphQLField<unknown, unknown>): number | undefined => {
    const arg = field.args.find((a) => a.name === 'first');
    if (!arg) return undefined;
    const given = intValue(node.arguments?.find((a) => a.name.value === 'first')?.value);
    const value = given ?? (typeof arg.defaultValue === 'number' ? arg.defaultValue : model.defaultListSize);
    return Math.min(Math.max(value, 0), model.maxPageSize);
  };

  const fieldDef = (parent: GraphQLCompositeType, name: string): GraphQLField<unknown, unknown> | undefined => {
    if (name === '__typename') return TypeNameMetaFieldDef;
    if (parent === schema.getQueryType()) {
      if (name === '__schema') return SchemaMetaFieldDef;
      if (name === '__type') return TypeMetaFieldDef;
    }
    return isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[name] : undefined;
  };

  /**
   * The measure of a selection set on `parent`. `page` is the page size of the connection
   * this selection set belongs to (its list children take it as their multiplier); `root` adds
   * the mutation cost to each field.
   */
  const measureSet = (
    set: SelectionSetNode,
    parent: GraphQLCompositeType,
    page: number | undefined,
    rootCost: number,
  ): OperationMeasure => {
    const total = { depth: 0, aliases: 0, cost: 0, reports: 0 };
    const add = (m: OperationMeasure) => {
      total.depth = Math.max(total.depth, m.depth);
      total.aliases += m.aliases;
      total.cost += m.cost;
      total.reports += m.reports;
    };
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        add(measureField(selection, parent, page, rootCost));
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
        add(measureSet(selection.selectionSet, isCompositeType(type) ? type : parent, page, rootCost));
      } else {
        add(measureFragment(selection.name.value, page, rootCost));
      }
    }
    return total;
  };

  const measureFragment = (name: string, page: number | undefined, rootCost: number): OperationMeasure => {
    const key = `${name}|${page ?? ''}|${rootCost}`;
    const known = memo.get(key);
    if (known) return known;
    const fragment = fragments.get(name);
    const type = fragment && schema.getType(fragment.typeCondition.name.value);
    // Unknown or cyclic fragments do not pass validation; measure them as nothing.
    if (!fragment || !isCompositeType(type) || inProgress.has(key)) return ZERO;
    inProgress.add(key);
    const measured = measureSet(fragment.selectionSet, type, page, rootCost);
    inProgress.delete(key);
    memo.set(key, measured);
    return measured;
  };

  const measureField = (node: FieldNode, parent: GraphQLCompositeType, page: number | undefined, rootCost: number): OperationMeasure => {
    const aliases = node.alias ? 1 : 0;
    const field = fieldDef(parent, node.name.value);
    const type = field ? getNamedType(field.type) : undefined;
    if (!node.selectionSet || !field || !isCompositeType(type)) {
      return { depth: 1, aliases, cost: rootCost, reports: 0 };
    }
    if (parent === schema.getQueryType() && node.name.value === model.report.field) {
      // Its rows list takes the rows it can return as its multiplier (as a connection's edges take `first`).
      const rows = reportRows(node);
      const inner = measureSet(node.selectionSet, type, rows, 0);
      return {
        depth: 1 + inner.depth,
        aliases: aliases + inner.aliases,
        cost: rootCost + 1 + Math.max(rows, inner.cost),
        reports: 1 + inner.reports,
      };
    }
    const first = pageSize(node, field);
    const isList = isListType(getNullableType(field.type));
    // A list multiplies its items; a connection (not a list, with `first`) hands its page
    // size to its edges; other objects are read once.
    const multiplier = isList ? (first ?? page ?? model.defaultListSize) : 1;
    const inner = measureSet(node.selectionSet, type, isList ? undefined : first, 0);
    return {
      depth: 1 + inner.depth,
      aliases: aliases + inner.aliases,
      cost: rootCost + 1 + multiplier * inner.cost,
      reports: inner.reports,
    };
  };

  /** The value of an argument: the literal, or the request's variable, or the variable's default. */
  const argumentValue = (node: FieldNode, name: string): unknown => {
    const value = node.arguments?.find((a) => a.name.value === name)?.value;
    const resolve = (v: ValueNode | undefined): unknown => {
      if (!v) return undefined;
      if (v.kind === Kind.VARIABLE) return variables[v.name.value] ?? resolve(variableDefaults.get(v.name.value));
      if (v.kind === Kind.STRING || v.kind === Kind.ENUM) return v.value;
      if (v.kind === Kind.LIST) return v.values.map(resolve);
      return undefined;
    };
    return resolve(value);
  };

  /** The rows a report can return: the product of its groupBy dimensions' sizes. */
  const reportRows = (node: FieldNode): number => {
    const { serviceTypes, municipalities, providers, maxMonths } = model.report;
    const groupBy = argumentValue(node, 'groupBy');
    const dimensions =
      Array.isArray(groupBy) && groupBy.every((d) => typeof d === 'string')
        ? new Set(groupBy as string[])
        : new Set(['SERVICE_TYPE', 'MUNICIPALITY', 'PROVIDER', 'MONTH']);
    const oneMunicipality = typeof argumentValue(node, 'municipalityCode') === 'string';
    const size: Record<string, number> = {
      SERVICE_TYPE: serviceTypes,
      MUNICIPALITY: oneMunicipality ? 1 : municipalities,
      PROVIDER: providers,
      MONTH: Math.min(monthsBetween(argumentValue(node, 'from'), argumentValue(node, 'to')) ?? maxMonths, maxMonths),
    };
    return [...dimensions].reduce((rows, d) => rows * (size[d] ?? 1), 1);
  };

  const rootType = schema.getRootType(operation.operation);
  if (!rootType) return ZERO;
  return measureSet(operation.selectionSet, rootType, undefined, operation.operation === 'mutation' ? model.mutationCost : 0);
}

/** Tokens of a query text as the parser counts them for `maxTokens` (not comments, not the end). */
export function countTokens(query: string): number {
  const lexer = new Lexer(new Source(query));
  let count = 0;
  while (lexer.advance().kind !== TokenKind.EOF) count++;
  return count;
}

/** Calendar months from one date's month to another's, both counted; undefined unless both are dates in order. */
function monthsBetween(from: unknown, to: unknown): number | undefined {
  const month = (d: unknown) =>
    typeof d === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(d) ? Number(d.slice(0, 4)) * 12 + Number(d.slice(5, 7)) : undefined;
  const [a, b] = [month(from), month(to)];
  return a !== undefined && b !== undefined && b >= a ? b - a + 1 : undefined;
}

/**
 * One request per subgraph per round of the query plan. Apollo's gateway sends every fetch of a
 * plan on its own: the shared plan's second round is three fetches to the providers subgraph
 * and three to vouchers, each with its own HTTP exchange, signature, context, policy and
 * DataLoaders in the subgraph, and each `_entities` fetch sends a representation per entity
 * even when most are the same (50 orders of one provider's page name 10 service types). Hive
 * Gateway merges and deduplicates; in the benchmark that difference alone was most of the
 * subgraphs' extra CPU behind our gateway. So the fetches of one operation to one subgraph that
 * are sent together (one round) go as one operation:
 *
 *   query A($representations: [_Any!]!) { _entities(representations: $representations) { … } }
 *   query B($representations: [_Any!]!) { _entities(representations: $representations) { … } }
 * become
 *   query A__batch($_0_representations: …, $_1_representations: …) {
 *     _0__entities: _entities(representations: $_0_representations) { … }
 *     _1__entities: _entities(representations: $_1_representations) { … } }
 *
 * with each fetch's variables and named fragments renamed the same way, and each fetch's
 * representations sent once each. The answer is split back into the answers each fetch would
 * have had — data, errors (their paths renamed back and fanned out to every duplicate), and
 * the audit's notes and places (lib/audit.ts, lib/audit-paths.ts), so that the audit records
 * exactly what it recorded fetch by fetch. Only queries are merged: a mutation's fields run one
 * after another by definition, and the planner already sends them so.
 */
import {
  Kind,
  parse,
  print,
  visit,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type VariableDefinitionNode,
} from 'graphql';
import { AUDIT_EXTENSION } from '../../lib/audit.js';
import { AUDIT_PLACES_EXTENSION } from '../../lib/audit-paths.js';

/** One fetch as the query plan made it. */
export interface FetchRequest {
  query: string;
  variables?: Record<string, unknown> | null;
  operationName?: string | null;
}

/** A subgraph's answer, as RemoteGraphQLDataSource hands it on. */
export interface FetchAnswer {
  data?: Record<string, unknown> | null;
  errors?: ReadonlyArray<{ message: string; path?: ReadonlyArray<string | number>; [key: string]: unknown }>;
  extensions?: Record<string, unknown>;
}

/** The fetches of one round as one request, and how to split its answer. */
export interface MergedFetch {
  request: { query: string; variables: Record<string, unknown>; operationName: string };
  /** The answer each fetch would have had, in the order of the fetches. */
  split(answer: FetchAnswer): FetchAnswer[];
}

interface PartLayout {
  /** The response key in the merged answer → the key in this fetch's answer. */
  keys: Map<string, string>;
  /** Variable names of this fetch (the merged request has them prefixed). */
  variables: string[];
  prefix: string;
}

interface Layout {
  query: string;
  operationName: string;
  parts: PartLayout[];
}

/** Documents of the plan's fetches and merged layouts, by query text: bounded, a plan has few. */
const MAX_CACHED = 2000;
const documents = new Map<string, OperationParts | null>();
const layouts = new Map<string, Layout | null>();

function remember<V>(cache: Map<string, V>, key: string, make: () => V): V {
  if (cache.has(key)) return cache.get(key)!;
  if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value!);
  const value = make();
  cache.set(key, value);
  return value;
}

interface OperationParts {
  operation: OperationDefinitionNode;
  fragments: FragmentDefinitionNode[];
}

/** The fetch's operation, or null when it is not one this module merges (a mutation, a root fragment). */
function partsOf(query: string): OperationParts | null {
  return remember(documents, query, () => {
    let document: DocumentNode;
    try {
      document = parse(query, { noLocation: true });
    } catch {
      return null;
    }
    const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
    const fragments = document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION);
    if (operations.length !== 1 || fragments.length + 1 !== document.definitions.length) return null;
    const [operation] = operations;
    if (operation.operation !== 'query' || operation.directives?.length) return null;
    if (!operation.selectionSet.selections.every((s) => s.kind === Kind.FIELD)) return null;
    return { operation, fragments };
  });
}

/** The merged operation of these fetches' queries, or null when one of them cannot be merged. */
function layoutOf(queries: string[]): Layout | null {
  return remember(layouts, queries.join('\u0000'), () => {
    const all = queries.map(partsOf);
    if (all.some((p) => p === null)) return null;
    const parts: PartLayout[] = [];
    const variableDefinitions: VariableDefinitionNode[] = [];
    const selections: FieldNode[] = [];
    const fragments: FragmentDefinitionNode[] = [];
    all.forEach((p, i) => {
      const { operation, fragments: own } = p!;
      const prefix = queries.length > 1 ? `_${i}_` : '';
      const renamed = (name: string) => `${prefix}${name}`;
      // Variables and fragment names of this fetch, prefixed wherever they appear.
      const rename = <T extends Parameters<typeof visit>[0]>(node: T): T =>
        prefix
          ? visit(node, {
              Variable: (v) => ({ ...v, name: { ...v.name, value: renamed(v.name.value) } }),
              FragmentSpread: (s) => ({ ...s, name: { ...s.name, value: renamed(s.name.value) } }),
              FragmentDefinition: (f) => ({ ...f, name: { ...f.name, value: renamed(f.name.value) } }),
            })
          : node;
      const keys = new Map<string, string>();
      for (const selection of operation.selectionSet.selections as FieldNode[]) {
        const key = selection.alias?.value ?? selection.name.value;
        const alias = renamed(key);
        keys.set(alias, key);
        const field = rename(selection);
        selections.push(prefix ? { ...field, alias: { kind: Kind.NAME, value: alias } } : field);
      }
      for (const definition of operation.variableDefinitions ?? []) variableDefinitions.push(rename(definition));
      for (const fragment of own) fragments.push(rename(fragment));
      parts.push({ keys, variables: (operation.variableDefinitions ?? []).map((d) => d.variable.name.value), prefix });
    });
    const first = all[0]!.operation;
    const operationName = `${first.name?.value ?? 'Fetch'}${queries.length > 1 ? `__batch${queries.length}` : ''}`;
    const merged: DocumentNode = {
      kind: Kind.DOCUMENT,
      definitions: [
        {
          kind: Kind.OPERATION_DEFINITION,
          operation: first.operation,
          name: { kind: Kind.NAME, value: operationName },
          variableDefinitions,
          directives: [],
          selectionSet: { kind: Kind.SELECTION_SET, selections },
        },
        ...fragments,
      ],
    };
    return { query: print(merged), operationName, parts };
  });
}

/**
 * The representations of one fetch, each sent once: `unique` to send, and for each original
 * entity the index of its representation in `unique`. Why equal JSON means the same entity: the
 * gateway builds every representation of a fetch from the same `requires` selection, so equal
 * entities give the same keys in the same order.
 */
function deduplicate(representations: unknown[]): { unique: unknown[]; indexOf: number[] } | null {
  const seen = new Map<string, number>();
  const unique: unknown[] = [];
  const indexOf = representations.map((r) => {
    const key = JSON.stringify(r);
    let at = seen.get(key);
    if (at === undefined) {
      at = unique.length;
      seen.set(key, at);
      unique.push(r);
    }
    return at;
  });
  return unique.length < representations.length ? { unique, indexOf } : null;
}

/**
 * The fetches as one request; null when there is nothing to gain (one fetch with no repeated
 * representation) or they cannot be merged (then each goes as it is).
 */
export function mergeFetches(fetches: FetchRequest[]): MergedFetch | null {
  const repeats = fetches.map((f) => {
    const representations = f.variables?.representations;
    return Array.isArray(representations) ? deduplicate(representations) : null;
  });
  if (fetches.length === 1 && !repeats[0]) return null;
  const layout = layoutOf(fetches.map((f) => f.query));
  if (!layout) return null;
  const variables: Record<string, unknown> = {};
  layout.parts.forEach((part, i) => {
    const own = fetches[i].variables ?? {};
    for (const name of part.variables) {
      if (!(name in own)) continue;
      variables[`${part.prefix}${name}`] = name === 'representations' && repeats[i] ? repeats[i]!.unique : own[name];
    }
  });
  return {
    request: { query: layout.query, variables, operationName: layout.operationName },
    split: (answer) => splitAnswer(answer, layout, repeats),
  };
}

type Path = (string | number)[];

/**
 * A path in the merged answer as paths in one fetch's: its root key renamed back and, in a
 * deduplicated `_entities`, the unique index spread to every entity that shares it. Null when
 * the path is not in this fetch's part.
 */
function pathsInPart(path: ReadonlyArray<string | number>, part: PartLayout, repeat: ReturnType<typeof deduplicate>): Path[] | null {
  const key = typeof path[0] === 'string' ? part.keys.get(path[0]) : undefined;
  if (key === undefined) return null;
  const rest = path.slice(1);
  if (key === '_entities' && repeat && typeof rest[0] === 'number') {
    const unique = rest[0];
    const out: Path[] = [];
    repeat.indexOf.forEach((u, i) => u === unique && out.push([key, i, ...rest.slice(1)]));
    return out;
  }
  return [[key, ...rest]];
}

/**
 * Independent copies for the entities that repeat one answer: the gateway merges later fetches
 * into each in place. A value parsed from JSON holds only objects, arrays and primitives, so a
 * walk copies it; structuredClone, which serialises and deserialises, cost several times more
 * (a page of 50 orders repeats its ten service types forty times).
 */
function copy<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(copy) as T;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const item = copy((value as Record<string, unknown>)[key]);
    // JSON may carry a "__proto__" key as data: it stays data, it does not become the prototype.
    if (key === '__proto__') Object.defineProperty(out, key, { value: item, enumerable: true, writable: true, configurable: true });
    else out[key] = item;
  }
  return out as T;
}

function splitAnswer(answer: FetchAnswer, layout: Layout, repeats: ReturnType<typeof deduplicate>[]): FetchAnswer[] {
  const notes = Array.isArray(answer.extensions?.[AUDIT_EXTENSION])
    ? (answer.extensions![AUDIT_EXTENSION] as Record<string, unknown>[])
    : [];
  const rawPlaces = answer.extensions?.[AUDIT_PLACES_EXTENSION];
  const places =
    rawPlaces && typeof rawPlaces === 'object' && !Array.isArray(rawPlaces) ? (rawPlaces as Record<string, Record<string, unknown>>) : {};
  return layout.parts.map((part, i) => {
    const repeat = repeats[i];
    const first = i === 0;
    // Data: this fetch's root keys, `_entities` spread back over the repeated representations.
    let data: Record<string, unknown> | null | undefined = answer.data;
    if (answer.data) {
      data = {};
      for (const [alias, key] of part.keys) {
        const value = answer.data[alias];
        if (key === '_entities' && repeat && Array.isArray(value)) {
          const used = new Set<number>();
          data[key] = repeat.indexOf.map((u) => (used.has(u) ? copy(value[u]) : (used.add(u), value[u])));
        } else if (alias in answer.data) data[key] = value;
      }
    }
    // Errors: those under this fetch's keys; an error of no place goes with the first fetch.
    const errors = (answer.errors ?? []).flatMap((error) => {
      if (!error.path?.length) return first ? [error] : [];
      return (pathsInPart(error.path, part, repeat) ?? []).map((path) => ({ ...error, path }));
    });
    // The audit: each client's kinds with their places in this fetch; kinds of no known place
    // (and notes of writes or subjects) go with the first fetch, so each is kept exactly once.
    const ownNotes: Record<string, unknown>[] = [];
    const ownPlaces: Record<string, Record<string, Path[]>> = {};
    for (const note of notes) {
      const clientId = note?.clientId;
      const plainRead = Array.isArray(note?.kinds) && note.kinds.length > 0 && !(Array.isArray(note.written) && note.written.length);
      if (typeof clientId !== 'string' || !plainRead) {
        if (first) ownNotes.push(note);
        continue;
      }
      const byKind = places[clientId];
      const kinds = (note.kinds as unknown[]).filter((kind) => {
        const at = byKind && typeof kind === 'string' ? byKind[kind] : undefined;
        if (!Array.isArray(at) || at.length === 0) return first; // no known place: kept once
        const mine = at.flatMap((p) => (Array.isArray(p) ? (pathsInPart(p as Path, part, repeat) ?? []) : []));
        if (mine.length === 0) return false;
        (ownPlaces[clientId] ??= {})[kind as string] = mine;
        return true;
      });
      if (kinds.length) ownNotes.push({ ...note, kinds });
    }
    const extensions: Record<string, unknown> = {};
    if (first) for (const [k, v] of Object.entries(answer.extensions ?? {})) extensions[k] = v;
    if (ownNotes.length) extensions[AUDIT_EXTENSION] = ownNotes;
    else delete extensions[AUDIT_EXTENSION];
    if (Object.keys(ownPlaces).length) extensions[AUDIT_PLACES_EXTENSION] = ownPlaces;
    else delete extensions[AUDIT_PLACES_EXTENSION];
    return {
      ...(data === undefined ? {} : { data }),
      ...(errors.length ? { errors } : {}),
      ...(Object.keys(extensions).length ? { extensions } : {}),
    };
  });
}

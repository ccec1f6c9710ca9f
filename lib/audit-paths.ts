/**
 * Where in a subgraph's answer each audited read sits, so the gateway can audit only what its
 * answer actually carries (gateway/audit/reach.ts).
 *
 * Why: a subgraph notes a client's data when its policy lets it through (lib/audit.ts), but
 * the data may still not reach the caller — a sibling field fails non-nullably and GraphQL
 * nulls the parent, in the subgraph or later in the gateway (a provider asks for a client's
 * `accessLog`, which it may not read: the non-null field's error nulls the whole client it
 * was allowed to see). An audit entry for a read that did not happen misleads the client
 * who reads their access log.
 *
 * How: every resolver the subgraph wrote runs knowing where its data sits (AsyncLocalStorage):
 * the object whose field it resolves for a scalar field (so a client's firstName, lastName and
 * address are one place), its own value for an object or list field, and for `_entities` —
 * resolved one representation at a time — the entity. The trail notes, with each kind read,
 * those places, and the subgraph returns them in the extension `clientDataReadPlaces` beside
 * the notes (whose shape stays as it was). Nothing changes for the policies: they call `record`
 * as before. A kind noted outside any resolver, or at more than MAX_PATHS places, has no
 * places: its place is unknown, and the gateway keeps it — the audit errs towards recording.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import {
  defaultFieldResolver,
  getNamedType,
  isLeafType,
  isObjectType,
  responsePathAsArray,
  type GraphQLFieldResolver,
  type GraphQLResolveInfo,
  type GraphQLSchema,
} from 'graphql';
import { AuditTrail, type NoteOptions } from './audit.js';

/** The extension in which a subgraph says where each client's kinds were read: client id → kind → places. */
export const AUDIT_PLACES_EXTENSION = 'clientDataReadPlaces';

/** A response path: field names (response keys) and list indices. */
export type ResponsePath = (string | number)[];
type GraphQLPath = Parameters<typeof responsePathAsArray>[0];

/** The places a kind is noted at, at most; beyond, its place counts as unknown (and it is kept). */
export const MAX_PATHS = 32;

const resolving = new AsyncLocalStorage<GraphQLPath>();

/** Makes the notes waiting for `source` to be released (a field of it is being resolved). */
function release(source: unknown, context: unknown, info: GraphQLResolveInfo): void {
  const audit = (context as { audit?: unknown } | null)?.audit;
  if (audit instanceof LocatingAuditTrail && info.path.prev && typeof source === 'object' && source !== null)
    audit.released(source, info.fieldName, info.path.prev);
}

/**
 * Makes every resolver of the schema that has one run knowing where its data sits, and every
 * field (property reads included) release the notes waiting for its parent record. Changes the
 * schema in place; returns it.
 */
export function trackResolverPaths(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const resolve = field.resolve as GraphQLFieldResolver<unknown, unknown> | undefined;
      if (!resolve) {
        // A property read notes nothing itself, but it releases its record.
        field.resolve = (source, args, context, info) => {
          release(source, context, info);
          return defaultFieldResolver(source, args, context, info);
        };
        continue;
      }
      if (type === schema.getQueryType() && field.name === '_entities') {
        // @apollo/subgraph resolves the representations in one call (path ['_entities']): one
        // at a time, each reference resolver runs under its own index.
        field.resolve = (source, args: { representations: unknown[] }, context, info) =>
          args.representations.map((representation, i) =>
            resolving.run(
              { prev: info.path, key: i, typename: undefined },
              () => (resolve(source, { ...args, representations: [representation] }, context, info) as unknown[])[0],
            ),
          );
      } else if (isLeafType(getNamedType(field.type))) {
        // A scalar is data of the object it belongs to: its place is that object.
        field.resolve = (source, args, context, info) => {
          release(source, context, info);
          return resolving.run(info.path.prev ?? info.path, () => resolve(source, args, context, info));
        };
      } else {
        field.resolve = (source, args, context, info) => {
          release(source, context, info);
          return resolving.run(info.path, () => resolve(source, args, context, info));
        };
      }
    }
  }
  return schema;
}

/** A note that waits for its record to be released. */
interface PendingNote {
  clientId: string;
  municipalityCode: string | null | undefined;
  kind: string;
  options: NoteOptions | undefined;
  /** The fields of the record that release it; null: any. */
  fields: ReadonlySet<string> | null;
}

/** An AuditTrail that also knows where each kind of a client's data was read (`places`). */
export class LocatingAuditTrail extends AuditTrail {
  /** Per client, per kind: the paths it was read at, or null when (somewhere) unknown. */
  private readonly places = new Map<string, Map<string, Map<string, ResponsePath> | null>>();
  /** Records handed over by a policy, with the notes to make once a field of each is resolved. */
  private readonly pending = new WeakMap<object, PendingNote[]>();

  override recordOnRelease(
    record: object,
    clientId: string,
    municipalityCode: string | null | undefined,
    kind: string,
    options?: NoteOptions & { fields?: readonly string[] },
  ): void {
    const { fields, ...rest } = options ?? {};
    const notes = this.pending.get(record) ?? [];
    notes.push({ clientId, municipalityCode, kind, options: rest, fields: fields ? new Set(fields) : null });
    this.pending.set(record, notes);
  }

  /** A field named `fieldName` of `record`, at `at`, is being resolved: its waiting notes are made there. */
  released(record: object, fieldName: string, at: GraphQLPath): void {
    const notes = this.pending.get(record);
    if (!notes) return;
    resolving.run(at, () => {
      for (const n of notes) if (!n.fields || n.fields.has(fieldName)) this.record(n.clientId, n.municipalityCode, n.kind, n.options);
    });
  }

  override record(clientId: string, municipalityCode: string | null | undefined, kind: string, options?: NoteOptions): void {
    super.record(clientId, municipalityCode, kind, options);
    let kinds = this.places.get(clientId);
    if (!kinds) this.places.set(clientId, (kinds = new Map()));
    const paths = kinds.get(kind);
    if (paths === null) return;
    const at = resolving.getStore();
    if (!at || (paths && paths.size >= MAX_PATHS)) {
      kinds.set(kind, null);
      return;
    }
    const path = responsePathAsArray(at);
    const key = path.join('\u0000');
    if (paths) paths.set(key, path);
    else kinds.set(kind, new Map([[key, path]]));
  }

  /** Per client, per kind whose places are known: where it was read (the extension's content). */
  placesRead(): Record<string, Record<string, ResponsePath[]>> {
    const out: Record<string, Record<string, ResponsePath[]>> = {};
    for (const [clientId, kinds] of this.places) {
      const known = Object.fromEntries([...kinds].flatMap(([kind, paths]) => (paths ? [[kind, [...paths.values()]]] : [])));
      if (Object.keys(known).length) out[clientId] = known;
    }
    return out;
  }
}

/** The places of a subgraph response's extension, per client id: kind → paths (validated). */
export function placesFromExtensions(extensions: Record<string, unknown> | undefined | null): Map<string, Record<string, ResponsePath[]>> {
  const byClient = new Map<string, Record<string, ResponsePath[]>>();
  const raw = extensions?.[AUDIT_PLACES_EXTENSION];
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return byClient;
  const isPath = (p: unknown): p is ResponsePath =>
    Array.isArray(p) && p.length > 0 && p.every((s) => typeof s === 'string' || (typeof s === 'number' && Number.isInteger(s) && s >= 0));
  for (const [clientId, kinds] of Object.entries(raw as Record<string, unknown>)) {
    if (!kinds || typeof kinds !== 'object') continue;
    const known: Record<string, ResponsePath[]> = {};
    for (const [kind, paths] of Object.entries(kinds as Record<string, unknown>)) {
      // A malformed entry leaves its kind without a place: kept, as when unknown.
      if (Array.isArray(paths) && paths.length > 0 && paths.length <= MAX_PATHS && paths.every(isPath)) known[kind] = paths;
    }
    byClient.set(clientId, known);
  }
  return byClient;
}

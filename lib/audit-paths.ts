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
 * How: every resolver the subgraph wrote gets the request's context as seen from where its data
 * sits — the object whose field it resolves for a scalar field (so a client's firstName,
 * lastName and address are one place), its own value for an object or list field, and for
 * `_entities` — resolved one representation at a time — the entity: the same context, whose
 * audit trail (and the policy noting through it) is located there. The trail notes, with each
 * kind read, those places, and the subgraph returns them in the extension
 * `clientDataReadPlaces` beside the notes (whose shape stays as it was). Nothing changes for the
 * policies' rules: they note through their trail as before. A kind noted outside any resolver
 * (the request's own trail), or at more than MAX_PATHS places, has no places: its place is
 * unknown, and the gateway keeps it — the audit errs towards recording.
 *
 * Why a located context, and not AsyncLocalStorage: the place must follow a resolver through its
 * awaits. AsyncLocalStorage does that for every promise of the process — Node 20 runs a hook on
 * each one's creation and each resumption once a store is in use — which was 9% of the vouchers
 * subgraph's CPU per shared plan and 19% of the client-records subgraph's. The context a
 * resolver is handed travels through its awaits for nothing.
 *
 * A context locates itself with `locatedIn(audit)` when it has more than `audit` that notes
 * (a subgraph's policy holds the trail it notes in); otherwise it is copied with `audit`
 * replaced. A resolver declared without its context parameter (`(order) => money(…)`) cannot
 * note, and is called with the context as it is.
 */
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

/** A request context that locates what notes through it (a subgraph's Context with its policy). */
export interface Locatable<C> {
  /** This context with `audit` in place of its trail, in itself and in whatever of it notes (its policy). */
  locatedIn(audit: AuditTrail): C;
}

/** Makes the notes waiting for `source` to be released (a field of it is being resolved). */
function release(source: unknown, context: unknown, info: GraphQLResolveInfo): void {
  const audit = (context as { audit?: unknown } | null)?.audit;
  if (audit instanceof LocatingAuditTrail && info.path.prev && typeof source === 'object' && source !== null)
    audit.released(source, info.fieldName, info.path.prev);
}

/** The context as seen from `at`: its trail located there (or the context itself, without a locating trail). */
function locatedAt<C>(context: C, at: GraphQLPath): C {
  const audit = (context as { audit?: unknown } | null)?.audit;
  return audit instanceof LocatingAuditTrail ? audit.contextAt(context, at) : context;
}

/**
 * Makes every resolver of the schema that has one run with the context located where its data
 * sits, and every field (property reads included) release the notes waiting for its parent
 * record. Changes the schema in place; returns it.
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
          args.representations.map(
            (representation, i) =>
              (
                resolve(
                  source,
                  { ...args, representations: [representation] },
                  locatedAt(context, { prev: info.path, key: i, typename: undefined }),
                  info,
                ) as unknown[]
              )[0],
          );
      } else if (resolve.length < 3) {
        // Declared without the context: it cannot note, so it needs no place.
        field.resolve = (source, args, context, info) => {
          release(source, context, info);
          return resolve(source, args, context, info);
        };
      } else if (isLeafType(getNamedType(field.type))) {
        // A scalar is data of the object it belongs to: its place is that object.
        field.resolve = (source, args, context, info) => {
          release(source, context, info);
          return resolve(source, args, locatedAt(context, info.path.prev ?? info.path), info);
        };
      } else {
        field.resolve = (source, args, context, info) => {
          release(source, context, info);
          return resolve(source, args, locatedAt(context, info.path), info);
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
  /** The place it was last released at: the other fields of the record there release nothing new. */
  releasedAt: GraphQLPath | undefined;
}

/**
 * An AuditTrail that also knows where each kind of a client's data was read (`places`). The
 * request's own trail notes at no place; `at(path)` is the same trail noting at that place: its
 * notes, places and waiting records are the request's.
 */
export class LocatingAuditTrail extends AuditTrail {
  /** Per client, per kind: the paths it was read at, or null when (somewhere) unknown. */
  private readonly places: Map<string, Map<string, Map<string, ResponsePath> | null>>;
  /** Records handed over by a policy, with the notes to make once a field of each is resolved. */
  private readonly pending: WeakMap<object, PendingNote[]>;
  /** The request's own trail (this one, or the one this one locates). */
  private readonly root: LocatingAuditTrail;
  /** Whether any record waits to be released (most requests have none: their fields look up nothing). */
  private waiting = false;
  /** Where this trail notes: nowhere (unknown) for the request's own. */
  private readonly place: GraphQLPath | undefined;
  /** The place as the extension says it, and its key: made at its first note. */
  private placePath: ResponsePath | undefined = undefined;
  private placeKey: string | undefined = undefined;
  /**
   * The request's last place located, and the context seen from it: the scalar fields of one
   * object share their place, and graphql resolves them one after another.
   */
  private lastAt: GraphQLPath | undefined = undefined;
  private lastTrail: LocatingAuditTrail | undefined = undefined;
  private lastContext: { base: unknown; located: unknown } | undefined = undefined;

  /** A request's trail; or `of`'s, noting at `place` (see `at`). */
  constructor(of?: LocatingAuditTrail, place?: GraphQLPath) {
    super(of);
    this.root = of ? of.root : this;
    this.places = of ? of.places : new Map();
    this.pending = of ? of.pending : new WeakMap();
    this.place = place;
  }

  /** The request's trail noting at `at`. */
  at(at: GraphQLPath): LocatingAuditTrail {
    const root = this.root;
    if (root.lastAt === at && root.lastTrail) return root.lastTrail;
    const located = new LocatingAuditTrail(root, at);
    root.lastAt = at;
    root.lastTrail = located;
    root.lastContext = undefined;
    return located;
  }

  /** `context` (whose trail this is) as seen from `at`. */
  contextAt<C>(context: C, at: GraphQLPath): C {
    const root = this.root;
    const seen = root.lastContext;
    if (root.lastAt === at && seen?.base === context) return seen.located as C;
    const audit = this.at(at);
    const located =
      typeof (context as Partial<Locatable<C>>).locatedIn === 'function'
        ? (context as Locatable<C>).locatedIn(audit)
        : ({ ...context, audit } as C);
    root.lastContext = { base: context, located };
    return located;
  }

  override recordOnRelease(
    record: object,
    clientId: string,
    municipalityCode: string | null | undefined,
    kind: string,
    options?: NoteOptions & { fields?: readonly string[] },
  ): void {
    const { fields, ...rest } = options ?? {};
    this.root.waiting = true;
    const notes = this.pending.get(record) ?? [];
    notes.push({ clientId, municipalityCode, kind, options: rest, fields: fields ? new Set(fields) : null, releasedAt: undefined });
    this.pending.set(record, notes);
  }

  /** A field named `fieldName` of `record`, at `at`, is being resolved: its waiting notes are made there. */
  released(record: object, fieldName: string, at: GraphQLPath): void {
    if (!this.root.waiting) return;
    const notes = this.pending.get(record);
    if (!notes) return;
    let trail: LocatingAuditTrail | undefined;
    for (const n of notes) {
      if (n.releasedAt === at || (n.fields && !n.fields.has(fieldName))) continue;
      n.releasedAt = at;
      (trail ??= this.at(at)).record(n.clientId, n.municipalityCode, n.kind, n.options);
    }
  }

  override record(clientId: string, municipalityCode: string | null | undefined, kind: string, options?: NoteOptions): void {
    super.record(clientId, municipalityCode, kind, options);
    let kinds = this.places.get(clientId);
    if (!kinds) this.places.set(clientId, (kinds = new Map()));
    const paths = kinds.get(kind);
    if (paths === null) return;
    if (!this.place) {
      kinds.set(kind, null);
      return;
    }
    if (this.placeKey === undefined) {
      this.placePath = responsePathAsArray(this.place);
      this.placeKey = this.placePath.join('\u0000');
    }
    // A place already noted: nothing new (and never one too many).
    if (paths?.has(this.placeKey)) return;
    if (paths && paths.size >= MAX_PATHS) {
      kinds.set(kind, null);
      return;
    }
    if (paths) paths.set(this.placeKey, this.placePath!);
    else kinds.set(kind, new Map([[this.placeKey, this.placePath!]]));
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

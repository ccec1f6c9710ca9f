/**
 * Which audited reads reached the caller. A subgraph says where in its answer each kind of a
 * client's data was read (lib/audit-paths.ts, `seenAt`); the gateway knows where that answer
 * went in its own (the fetch's path in the query plan). The rule:
 *
 *   a client's kind of data is audited unless every place it was read at ended null — in the
 *   subgraph's answer or in the gateway's — before the answer left.
 *
 * A place is "ended null" when the value there, or above it, is null. Kinds without places
 * (noted outside a resolver, or at too many) are always audited, and so is anything whose
 * place cannot be followed into the final answer (a key the gateway renamed): the audit errs
 * towards recording. Writes are always audited: they happened, whatever the answer shows.
 *
 * Entities: a fetch of `_entities` fills the objects at its path in the answer (e.g.
 * `assignedOrders.edges.@.node.client`) in order. When the final answer has as many objects
 * there as the fetch had representations, entity i is the i-th; when it has fewer (nulls
 * spread upward after the fetch), the read counts as reaching the caller if it reached any of
 * them.
 */
import type { ClientDataRead } from '../../lib/audit.js';
import type { ResponsePath } from '../../lib/audit-paths.js';

/** Where a subgraph fetch's answer went in the gateway's: its path ('@' for every list item) and how many entities it fetched. */
export interface FetchPlace {
  path: (string | number)[];
  /** Representations sent to `_entities`; null for a root fetch. */
  entities: number | null;
}

/** A subgraph's note with where its kinds were read: kind → paths in that subgraph's answer. */
export interface LocatedRead extends ClientDataRead {
  at?: { fetch: FetchPlace; seenAt: Record<string, ResponsePath[]> };
}

type Reach = 'null' | 'present' | 'unknown';

/** What is at `path` in `data`: null (there or above), present, or unknown (a key not there). */
export function reachAt(data: unknown, path: ResponsePath): Reach {
  let value = data;
  for (const step of path) {
    if (value === null || value === undefined) return 'null';
    if (typeof step === 'number') {
      if (!Array.isArray(value) || step >= value.length) return 'unknown';
      value = value[step];
    } else {
      if (typeof value !== 'object' || Array.isArray(value) || !(step in value)) return 'unknown';
      value = (value as Record<string, unknown>)[step];
    }
  }
  return value === null || value === undefined ? 'null' : 'present';
}

/** The concrete paths a fetch path ('@' = every item) leads to in `data`, skipping nulls (as the gateway does). */
export function expandFetchPath(data: unknown, path: (string | number)[], at: ResponsePath = []): ResponsePath[] {
  if (data === null || data === undefined) return [];
  if (path.length === 0) return [at];
  const [step, ...rest] = path;
  if (step === '@') return Array.isArray(data) ? data.flatMap((item, i) => expandFetchPath(item, rest, [...at, i])) : [];
  if (typeof data !== 'object' || Array.isArray(data) || !(String(step) in data)) return [];
  return expandFetchPath((data as Record<string, unknown>)[String(step)], rest, [...at, step!]);
}

/**
 * Where a place in a subgraph's answer is in the final answer: the candidates (one when the
 * entities line up, all of them when they do not), or null when it cannot be followed.
 */
function placesInFinal(
  fetch: FetchPlace,
  path: ResponsePath,
  finalData: unknown,
  expand: (path: (string | number)[]) => ResponsePath[],
): ResponsePath[] | null {
  if (fetch.entities !== null) {
    if (path[0] !== '_entities' || typeof path[1] !== 'number') return null;
    const objects = expand(fetch.path);
    const rest = path.slice(2);
    if (objects.length === fetch.entities) return [[...objects[path[1]]!, ...rest]];
    return objects.map((o) => [...o, ...rest]);
  }
  if (fetch.path.includes('@')) return expand(fetch.path).map((o) => [...o, ...path]);
  return [[...(fetch.path as ResponsePath), ...path]];
}

/**
 * In the gateway, as each subgraph answers: keeps of each kind's places those not already null
 * in the subgraph's own answer. Returns the note with its places, or without `at` when the
 * subgraph said nothing of places.
 */
export function locateRead(
  read: ClientDataRead,
  seenAt: Record<string, ResponsePath[]> | undefined,
  fetch: FetchPlace,
  subgraphData: unknown,
): LocatedRead {
  if (!seenAt) return read;
  const live = Object.fromEntries(
    Object.entries(seenAt).map(([kind, paths]) => [kind, paths.filter((p) => reachAt(subgraphData, p) !== 'null')]),
  );
  return { ...read, at: { fetch, seenAt: live } };
}

/**
 * When the answer leaves: each note with only the kinds that reached the caller in
 * `finalData`; a note left with no kind and no write is dropped.
 */
export function reachedReads(reads: LocatedRead[], finalData: unknown): ClientDataRead[] {
  // Each fetch path expanded once: many reads (a page of 50 orders' clients) share a fetch's path,
  // and expanding it walks the whole page (it was most of the audit's cost per answer).
  const expanded = new Map<string, ResponsePath[]>();
  const expand = (path: (string | number)[]) => {
    const key = path.join('\u0000');
    let objects = expanded.get(key);
    if (!objects) expanded.set(key, (objects = expandFetchPath(finalData, path)));
    return objects;
  };
  return reads.flatMap((read) => {
    const { at, ...note } = read;
    if (!at) return [note];
    const kinds = note.kinds.filter((kind) => {
      const paths = at.seenAt[kind];
      if (!paths) return true; // its place is unknown
      return paths.some((path) => {
        const places = placesInFinal(at.fetch, path, finalData, expand);
        return places === null || places.some((place) => reachAt(finalData, place) !== 'null');
      });
    });
    if (kinds.length === 0 && note.kinds.length > 0 && !note.written?.length) return [];
    return [{ ...note, kinds }];
  });
}

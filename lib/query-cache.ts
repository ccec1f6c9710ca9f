/**
 * Caches of what the servers make of a query text — Apollo Server's parsed and validated
 * documents (gateway and subgraphs), the gateway's query plans — bounded by the memory they
 * take, and measured, so the gateway's metrics can show how full they are.
 *
 * Why: each distinct query text costs memory until it is evicted. Measured with SHARED_PLAN
 * (1.3 KB of text): its parsed document takes 67 KB of heap and 17 KB as JSON; its query plan
 * 46 KB of heap and 5 KB as JSON. Apollo's default caches are bounded at 30 MiB *of JSON* each
 * — some 120 MiB of documents and 270 MiB of plans in the gateway, and the documents again in
 * every subgraph — and say nothing of how full they are. These estimate the heap instead
 * (JSON size × the ratios above) and stop at QUERY_CACHE_MB (16 MiB) each: a few hundred
 * distinct operations of the parties' size, more than the front ends and providers' systems
 * send; an evicted one is parsed and planned again, which costs milliseconds.
 */
import { InMemoryLRUCache } from '@apollo/utils.keyvaluecache';
import { SERVER_SETTINGS, validate } from './settings.js';

/** Heap per byte of JSON, measured as above (graphql-js 16 documents with locations; gateway 2.x plans). */
export const HEAP_PER_JSON_BYTE = { documents: 4, plans: 9 } as const;

/** QUERY_CACHE_MB from the environment (lib/settings.ts: whole MiB), in bytes; 16 MiB by default. */
export function queryCacheBytesFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  return validate(SERVER_SETTINGS, env).QUERY_CACHE_MB * 1024 * 1024;
}

/** An LRU cache bounded by estimated heap bytes, which says how full it is. */
export class MeasuredCache<T> extends InMemoryLRUCache<T> {
  constructor(
    /** Its bound, in estimated heap bytes. */
    readonly maxBytes: number,
    heapPerJsonByte: number,
  ) {
    super({
      maxSize: maxBytes,
      sizeCalculation: (value: T) => Math.max(1, Math.ceil(InMemoryLRUCache.sizeCalculation(value) * heapPerJsonByte)),
    });
  }

  /**
   * Estimated heap bytes held now. Read from the LRU inside (lru-cache's `calculatedSize`):
   * InMemoryLRUCache keeps it private but computes exactly this; test/query-cache.int.test.ts
   * fails if an upgrade takes it away.
   */
  get bytes(): number {
    return (this as unknown as { cache: { calculatedSize: number } }).cache.calculatedSize;
  }

  /** Entries held now. */
  get entries(): number {
    return (this as unknown as { cache: { size: number } }).cache.size;
  }
}

export type QueryCacheKind = keyof typeof HEAP_PER_JSON_BYTE;

export function measuredCache<T>(kind: QueryCacheKind, maxBytes = queryCacheBytesFromEnv()): MeasuredCache<T> {
  return new MeasuredCache<T>(maxBytes, HEAP_PER_JSON_BYTE[kind]);
}

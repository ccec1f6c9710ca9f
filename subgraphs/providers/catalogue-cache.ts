/**
 * The catalogue held in this process: every shared plan reads the same offerings, providers,
 * service types and municipalities, and they change rarely, so reading them from the database
 * on every request is most of this subgraph's work (issue 12).
 *
 * How it stays right:
 * - Every write to the catalogue's tables NOTIFYs `catalogue_changed` inside its transaction
 *   (migration 0004, a statement trigger: whoever writes), heard at commit by every providers
 *   process on its own LISTEN connection (lib/database.ts); hearing it, a process forgets all it
 *   held (a generation number goes up). Forgetting everything is simple and cheap: writes are
 *   rare, and the next request refills what it reads in one statement per batch, as before.
 * - While the LISTEN connection is down (and before it is up) nothing is served from or put in
 *   the cache: every read goes to the database, as it did without one.
 * - A read that began before a change and ends after it is not kept (its generation is gone).
 * - A write made by this process forgets at once, and then waits (bounded) until this process
 *   has heard its own NOTIFY: Postgres signals every listener at commit together, so when the
 *   writer's answer leaves, the other processes have heard it too.
 *
 * What is cached is the catalogue's rows as models, shared by all viewers: who sees what is
 * still decided on every read by the request's policy (policy.ts), above this cache, exactly as
 * it was above the database. The cached models are shared by requests, so nothing may change
 * them (not frozen: @apollo/subgraph tags an entity object with its __typename).
 */
import { randomUUID } from 'node:crypto';
import type { Listening } from '../../lib/database.js';
import { createLogger } from '../../lib/log.js';
import type { Catalogue } from './db/catalogue.js';

export const CATALOGUE_CHANNEL = 'catalogue_changed';
/** Entries per kind of read: the catalogue has fewer rows than this; free-text searches are cut off here. */
const MAX_ENTRIES_PER_KIND = 20_000;
/** How long a write waits to hear its own NOTIFY before answering anyway. */
const ECHO_WAIT_MS = 1000;

const log = createLogger('catalogue-cache');

export interface CatalogueCacheOptions {
  /** The first pause before re-opening a lost LISTEN connection (Postgres), doubling up to 5 s; 100 ms when absent. */
  reconnectMs?: number;
}

export class CatalogueCache {
  private generation = 0;
  private listening = false;
  private readonly kinds = new Map<string, Map<string, unknown>>();
  private readonly echoes = new Map<string, () => void>();
  private listener: Listening | null = null;

  private localWrites: number;

  /** `schema`: the catalogue's Postgres schema, whose changes this cache hears. */
  private constructor(
    private readonly catalogue: Catalogue,
    private readonly schema: string,
  ) {
    this.localWrites = catalogue.localWrites;
  }

  /** Starts listening; reads bypass the cache until LISTEN is in place. */
  static async start(catalogue: Catalogue, options: CatalogueCacheOptions = {}): Promise<CatalogueCache> {
    const cache = new CatalogueCache(catalogue, catalogue.schema ?? 'public');
    cache.listener = await catalogue.listen(CATALOGUE_CHANNEL, {
      onNotify: (payload) => cache.heard(payload),
      onState: (listening) => cache.setListening(listening),
      reconnectMs: options.reconnectMs,
    });
    return cache;
  }

  /**
   * Whether reads are served from the cache now: LISTEN in place. A write sent from this process
   * (a mutation, the seed, a test's SQL) makes it forget at once, ahead of its commit's NOTIFY.
   */
  get serving(): boolean {
    if (!this.listening) return false;
    if (this.catalogue.localWrites !== this.localWrites) {
      this.localWrites = this.catalogue.localWrites;
      this.invalidate();
    }
    return true;
  }

  /** The LISTEN connection's backend pid on Postgres (tests cut it). */
  get listenerPid(): number | null {
    return this.listener?.pid ?? null;
  }

  /** Forgets everything held: a change was heard, or may have been missed. */
  invalidate(): void {
    this.generation++;
    this.kinds.clear();
  }

  /**
   * A batch read through the cache: the keys held are answered from it, the rest by ONE call of
   * `load` (so a request still costs one statement per batch, and none when all are held).
   */
  batch<K, V>(kind: string, keyOf: (key: K) => string, load: (keys: readonly K[]) => Promise<V[]>): (keys: readonly K[]) => Promise<V[]> {
    return async (keys) => {
      if (!this.serving) return load(keys);
      const generation = this.generation;
      const held = this.kind(kind);
      const values = new Array<V>(keys.length);
      const missing: K[] = [];
      const at: number[] = [];
      keys.forEach((key, i) => {
        const value = held.get(keyOf(key));
        if (value === undefined) {
          missing.push(key);
          at.push(i);
        } else values[i] = value as V;
      });
      if (!missing.length) return values;
      const loaded = await load(missing);
      loaded.forEach((value, j) => {
        values[at[j]] = value;
        this.keep(kind, keyOf(missing[j]), value, generation);
      });
      return values;
    };
  }

  /** One read through the cache, by a key that says everything the read depends on. */
  async one<V>(kind: string, key: string, load: () => Promise<V>): Promise<V> {
    if (!this.serving) return load();
    const generation = this.generation;
    const held = this.kind(kind).get(key);
    if (held !== undefined) return held as V;
    const value = await load();
    this.keep(kind, key, value, generation);
    return value;
  }

  /**
   * Runs a catalogue write: `write` gets a NOTIFY to send inside its transaction (the token this
   * process then waits to hear); after it, this process forgets at once and waits for the echo.
   */
  async write<T>(write: (notify: string) => Promise<T>): Promise<T> {
    const token = randomUUID();
    const heard = new Promise<void>((resolve) => this.echoes.set(token, resolve));
    try {
      const result = await write(`${this.schema}:${token}`);
      this.invalidate();
      if (this.listening) {
        let timer: NodeJS.Timeout | undefined;
        const timedOut = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), ECHO_WAIT_MS)));
        if (await Promise.race([heard.then(() => false), timedOut]))
          log.warn({ ms: ECHO_WAIT_MS }, 'a catalogue write was not heard back in time');
        clearTimeout(timer);
      }
      return result;
    } finally {
      this.echoes.delete(token);
    }
  }

  async close(): Promise<void> {
    await this.listener?.close();
    this.setListening(false);
  }

  private heard(payload: string): void {
    const [schema, token] = payload.split(':', 2);
    if (schema !== this.schema) return; // another catalogue sharing the database
    this.invalidate();
    if (token) this.echoes.get(token)?.();
  }

  private setListening(listening: boolean): void {
    // Coming back or going away alike: what was held may have missed a change.
    this.invalidate();
    this.listening = listening;
  }

  private kind(kind: string): Map<string, unknown> {
    let held = this.kinds.get(kind);
    if (!held) this.kinds.set(kind, (held = new Map()));
    return held;
  }

  private keep(kind: string, key: string, value: unknown, generation: number): void {
    if (!this.serving || generation !== this.generation) return;
    const held = this.kind(kind);
    if (held.size >= MAX_ENTRIES_PER_KIND) held.delete(held.keys().next().value as string);
    held.set(key, value);
  }
}

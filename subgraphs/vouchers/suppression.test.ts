/**
 * The month's suppression pattern: primary cells hidden, and no hidden small cell determined by
 * any combination of visible ones — checked against an independent attack (test/differencing.ts)
 * on hand-made and on random tables.
 */
import { describe, expect, it } from 'vitest';
import { DifferencingAttack } from '../../test/differencing.js';
import { MIN_CLIENTS, cellKey, suppressionPattern, type Coordinates, type TableCell } from './suppression.js';

/** A delivery of one client in one finest cell. */
type Record = { client: string; at: string[] };

/** Every cell of every grouping of the records (margins as null), with distinct clients. */
function table(records: Record[]): (TableCell & { finest: string[] })[] {
  const n = records[0]!.at.length;
  const cells = new Map<string, { at: Coordinates; clients: Set<string>; finest: Set<string> }>();
  for (const r of records) {
    for (let mask = 0; mask < 1 << n; mask++) {
      const at = r.at.map((v, d) => (mask & (1 << d) ? null : v));
      const k = cellKey(at);
      const cell = cells.get(k) ?? cells.set(k, { at, clients: new Set(), finest: new Set() }).get(k)!;
      cell.clients.add(r.client);
      cell.finest.add(cellKey(r.at));
    }
  }
  return [...cells.values()].map((c) => ({ at: c.at, clients: c.clients.size, finest: [...c.finest] }));
}

/** The hidden small cells that the visible cells determine exactly. */
function recovered(cells: ReturnType<typeof table>, hidden: ReadonlySet<string>): string[] {
  const attack = new DifferencingAttack();
  for (const c of cells) if (!hidden.has(cellKey(c.at))) attack.see(c.finest);
  return cells.filter((c) => c.clients < MIN_CLIENTS && attack.recovers(c.finest)).map((c) => cellKey(c.at));
}

/** Clients spread over a table of the given sizes, each with one to three deliveries. */
function randomRecords(random: () => number, sizes: number[], clients: number): Record[] {
  const pick = (k: number) => Math.floor(random() * k);
  return Array.from({ length: clients }, (_, i) => {
    const home = sizes.map((k) => `v${pick(k)}`);
    return Array.from({ length: 1 + pick(3) }, () => ({
      client: `c${i}`,
      at: home.map((v, d) => (random() < 0.3 ? `v${pick(sizes[d]!)}` : v)),
    }));
  }).flat();
}

function mulberry32(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const clientsIn = (prefix: string, k: number) => Array.from({ length: k }, (_, i) => `${prefix}${i}`);

describe('suppressionPattern', () => {
  // Municipality × service type: 205 has 3 clients of kotihoito and 12 of others; 905 has 20 and 9.
  const records: Record[] = [
    ...clientsIn('a', 3).map((client) => ({ client, at: ['205', 'kotihoito'] })),
    ...clientsIn('b', 12).map((client) => ({ client, at: ['205', 'siivous'] })),
    ...clientsIn('c', 20).map((client) => ({ client, at: ['905', 'kotihoito'] })),
    ...clientsIn('d', 9).map((client) => ({ client, at: ['905', 'siivous'] })),
  ];
  const cells = table(records);

  it('hides cells of fewer than 5 clients, and enough others that no difference gives them away', () => {
    const { publishable, hidden } = suppressionPattern(cells);
    expect(publishable).toBe(true);
    expect(hidden.has(cellKey(['205', 'kotihoito']))).toBe(true);
    // 205 − its visible service types, or kotihoito − 905's, would be the small cell: so a
    // whole rectangle goes, and the margins stay.
    expect([...hidden].sort()).toEqual(
      [cellKey(['205', 'kotihoito']), cellKey(['205', 'siivous']), cellKey(['905', 'kotihoito']), cellKey(['905', 'siivous'])].sort(),
    );
    expect(recovered(cells, hidden)).toEqual([]);
  });

  it('is what differencing two groupings beats when each report is suppressed on its own', () => {
    // Each report alone: [municipality] hides nothing (15 and 29 clients); [municipality,
    // service type] hides 205/kotihoito and, for its own total, the next-smallest cell 905/siivous.
    const perReport = new Set([cellKey(['205', 'kotihoito']), cellKey(['905', 'siivous'])]);
    expect(recovered(cells, perReport)).toContain(cellKey(['205', 'kotihoito']));
  });

  it('publishes nothing of a month of fewer than 5 clients, and everything of an empty one', () => {
    const few = table(clientsIn('x', 4).map((client) => ({ client, at: ['205', 'kotihoito'] })));
    expect(suppressionPattern(few)).toMatchObject({ publishable: false });
    expect(suppressionPattern(few).hidden.size).toBe(few.length);
    expect(suppressionPattern([])).toEqual({ publishable: true, hidden: new Set() });
  });

  it('depends on the figures only, not on their order', () => {
    const reversed = [...cells].reverse();
    expect([...suppressionPattern(reversed).hidden].sort()).toEqual([...suppressionPattern(cells).hidden].sort());
  });

  it('hides every cell of groupings left unpublished, and still lets no small cell be determined', () => {
    const random = mulberry32(7);
    const rich = table(randomRecords(random, [3, 4, 5], 60));
    const { hidden } = suppressionPattern(rich, MIN_CLIENTS, (at) => at[2] === null);
    for (const c of rich) if (c.at[2] !== null) expect(hidden.has(cellKey(c.at))).toBe(true);
    expect(recovered(rich, hidden)).toEqual([]);
  });

  describe('on random tables (property)', () => {
    const cases = Array.from({ length: 120 }, (_, i) => {
      const random = mulberry32(1000 + i);
      const sizes =
        i % 3 === 0
          ? [2 + Math.floor(random() * 4), 2 + Math.floor(random() * 4)]
          : [2 + Math.floor(random() * 3), 2 + Math.floor(random() * 4), 2 + Math.floor(random() * 5)];
      return { seed: 1000 + i, records: randomRecords(random, sizes, 5 + Math.floor(random() * 60)) };
    });

    it.each(cases)('seed $seed: visible cells have ≥ 5 clients and determine no small cell', ({ records: rs }) => {
      const cells = table(rs);
      const { publishable, hidden } = suppressionPattern(cells);
      const grandTotal = cells.find((c) => c.at.every((v) => v === null))!;
      expect(publishable).toBe(grandTotal.clients >= MIN_CLIENTS);
      if (!publishable) return;
      expect(hidden.has(cellKey(grandTotal.at))).toBe(false);
      for (const c of cells) if (!hidden.has(cellKey(c.at))) expect(c.clients).toBeGreaterThanOrEqual(MIN_CLIENTS);
      expect(recovered(cells, hidden)).toEqual([]);
    });

    it('still shows most of what is not small', () => {
      let shown = 0;
      let large = 0;
      for (const { records: rs } of cases) {
        const cells = table(rs);
        const { publishable, hidden } = suppressionPattern(cells);
        if (!publishable) continue;
        for (const c of cells) {
          if (c.clients < MIN_CLIENTS) continue;
          large++;
          if (!hidden.has(cellKey(c.at))) shown++;
        }
      }
      // Not a benchmark: a bound that fails if complementary suppression hid nearly everything.
      expect(shown / large).toBeGreaterThan(0.5);
    });
  });
});

/**
 * The differencing attack as linear algebra, for tests: given the figures a set of reports made
 * visible, which hidden figures do they determine exactly? A hidden figure is the sum of some
 * finest cells (service type × municipality × provider × month); it is determined by the visible
 * ones exactly when its indicator vector lies in the span of theirs — whatever sums and
 * differences an attacker tries, that is the most they can get.
 *
 * Why modular arithmetic: Gaussian elimination over the rationals blows up its numbers; modulo
 * a prime it stays exact in doubles. A vector in the rational span is in the modular span (for
 * primes not dividing the elimination's denominators), so reporting "in the span" if either of
 * two primes says so errs only towards finding a leak.
 */
const PRIMES = [1_000_003, 999_983];

function inverse(a: number, p: number): number {
  let [t, newT, r, newR] = [0, 1, p, ((a % p) + p) % p];
  while (newR !== 0) {
    const q = Math.floor(r / newR);
    [t, newT] = [newT, t - q * newT];
    [r, newR] = [newR, r - q * newR];
  }
  return ((t % p) + p) % p;
}

/** A span of sparse vectors modulo p, in echelon form keyed by each row's leading index. */
class ModularSpan {
  private readonly rows = new Map<number, Map<number, number>>();
  constructor(private readonly p: number) {}

  /** Reduces `v` by the rows; what is left (empty when `v` is in the span). */
  private reduce(vector: Map<number, number>): Map<number, number> {
    const v = new Map(vector);
    const p = this.p;
    for (;;) {
      let lead = Infinity;
      for (const [i, x] of v) if (x !== 0 && i < lead) lead = i;
      if (lead === Infinity) return v;
      const row = this.rows.get(lead);
      if (!row) return v;
      const factor = v.get(lead)!;
      for (const [i, x] of row) {
        const next = ((((v.get(i) ?? 0) - factor * x) % p) + p) % p;
        if (next === 0) v.delete(i);
        else v.set(i, next);
      }
    }
  }

  add(vector: Map<number, number>): void {
    const v = this.reduce(vector);
    if (v.size === 0) return;
    const lead = Math.min(...v.keys());
    const inv = inverse(v.get(lead)!, this.p);
    for (const [i, x] of v) v.set(i, (x * inv) % this.p);
    this.rows.set(lead, v);
  }

  contains(vector: Map<number, number>): boolean {
    return this.reduce(vector).size === 0;
  }
}

/** Figures as sets of finest cells (any string ids); which hidden ones the visible ones determine. */
export class DifferencingAttack {
  private readonly index = new Map<string, number>();
  private readonly spans = PRIMES.map((p) => new ModularSpan(p));

  private vector(cells: Iterable<string>): Map<number, number> {
    const v = new Map<number, number>();
    for (const c of cells) {
      let i = this.index.get(c);
      if (i === undefined) this.index.set(c, (i = this.index.size));
      v.set(i, 1);
    }
    return v;
  }

  /** A figure the attacker sees: the sum of these finest cells. */
  see(cells: Iterable<string>): void {
    const v = this.vector(cells);
    for (const s of this.spans) s.add(v);
  }

  /** Whether the figures seen determine the sum of these finest cells exactly. */
  recovers(cells: Iterable<string>): boolean {
    const v = this.vector(cells);
    return this.spans.some((s) => s.contains(v));
  }
}

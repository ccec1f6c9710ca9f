/**
 * Statistical disclosure control of spending reports: the voucher system reports raw figures,
 * the graph publishes only what cannot be traced to fewer than MIN_CLIENTS (5) clients — in one
 * report, and in any combination of the reports the API allows.
 *
 * Why one pattern per month, over every grouping at once: an analyst can ask for any grouping
 * of any whole months and subtract one answer from another (a municipality's row minus its
 * visible service types; months M..M+1 minus month M+1). Suppressing each report on its own
 * leaves those differences open. So the pattern is decided once per calendar month, over that
 * month's whole table — service type × municipality × provider with all its margins (each
 * grouping's rows are cells of it; a `null` coordinate is "all of them") — and every report
 * reads its cells' visibility from it. A report over several months shows a cell only when it is
 * visible in each of those months (report.ts): the multi-month figure is then a sum of visible
 * monthly figures and tells nothing new, which closes differencing across periods.
 *
 * Within a month, exactly:
 * 1. Primary: every cell covering fewer than MIN_CLIENTS distinct clients is hidden.
 * 2. Complementary: the other cells are revealed one at a time, in a fixed order (the grand
 *    total, then municipalities, service types, providers, then finer cells; larger first), and
 *    a cell stays hidden when revealing it would let the cells revealed so far determine a
 *    primary cell. "Determine" is linear algebra: every figure is the sum of some finest cells;
 *    a hidden figure is known exactly when it is a linear combination of visible ones — the
 *    most any sums and differences of any reports can give. So no hidden small cell is ever a
 *    difference of visible ones, however many groupings and periods are combined.
 * 3. When the grand total covers fewer than MIN_CLIENTS, nothing of the month is published.
 * The order and the data decide everything, so every report of the month agrees on it.
 *
 * Why modular arithmetic: exact elimination over the rationals grows its numbers without bound;
 * modulo a prime near 2^26 it is exact in doubles. A figure determined over the rationals is
 * determined modulo the prime unless the prime divides one of the elimination's determinants
 * (odds of about one in 67 million per decision); an error the other way only hides more.
 *
 * Known limit: each small cell is protected, not every sum of small cells: two hidden cells in
 * the same row may be known together (the threshold rule of statistical offices).
 */
export const MIN_CLIENTS = 5;

/** A cell's place in a month's table: a value per dimension, or null for the margin ("all"). */
export type Coordinates = readonly (string | null)[];

export interface TableCell {
  at: Coordinates;
  /** Distinct clients in the cell (not additive: one client may be in several cells). */
  clients: number;
}

export interface Pattern {
  /** False when nothing of the month may be published (its grand total is too small). */
  publishable: boolean;
  /** The hidden cells, by cellKey; every cell not named here is visible. */
  hidden: ReadonlySet<string>;
}

export const cellKey = (at: Coordinates): string => JSON.stringify(at);

const PRIME = 67_108_859;

/**
 * The suppression pattern of one month's table. `cells` holds every non-empty cell of every
 * grouping (margins and the grand total included); an absent cell is empty, which anyone sees
 * from its absence. `published` says which cells reports can show at all (report.ts leaves out
 * the provider groupings of a month too large to work out exactly); the others are hidden, and
 * protected like primary cells when they are small.
 */
export function suppressionPattern(
  cells: readonly TableCell[],
  minClients = MIN_CLIENTS,
  published: (at: Coordinates) => boolean = () => true,
): Pattern {
  if (cells.length === 0) return { publishable: true, hidden: new Set() };
  const n = cells[0]!.at.length;
  const keys = cells.map((c) => cellKey(c.at));
  const nothing = (): Pattern => ({ publishable: false, hidden: new Set(keys) });
  const totalIndex = keys.indexOf(cellKey(Array(n).fill(null)));
  if (totalIndex < 0 || cells[totalIndex]!.clients < minClients || !published(cells[totalIndex]!.at)) return nothing();

  const vectors = variablesOf(cells, keys, published);
  const span = new ModularSpan(vectors.size);
  const hidden = new Set<string>();
  // The small cells, each with what is left of it once the visible figures are taken out of it.
  const residuals: Float64Array[] = [];
  cells.forEach((c, i) => {
    if (published(c.at) && c.clients >= minClients) return;
    hidden.add(keys[i]!);
    const vector = vectors.of[i];
    if (c.clients < minClients && vector) residuals.push(vector);
  });
  const candidates = cells
    .map((c, i) => ({ c, i }))
    .filter(({ i }) => !hidden.has(keys[i]!))
    .sort((a, b) => priority(a.c.at) - priority(b.c.at) || b.c.clients - a.c.clients || (keys[a.i]! < keys[b.i]! ? -1 : 1));
  for (const { i } of candidates) {
    const vector = vectors.of[i]!;
    const reduced = span.reduce(Float64Array.from(vector));
    const pivot = reduced.findIndex((x) => x !== 0);
    if (pivot < 0) continue; // already known from what is visible: showing it tells nothing new
    span.normalise(reduced, pivot);
    if (residuals.some((r) => r[pivot] !== 0 && isMultiple(r, reduced, r[pivot]!))) {
      hidden.add(keys[i]!);
      continue;
    }
    for (const r of residuals) if (r[pivot] !== 0) subtract(r, reduced, r[pivot]!);
    span.add(reduced, pivot);
  }
  return { publishable: true, hidden };
}

/**
 * The order cells are revealed in: fewer valued coordinates first (the grand total, then
 * margins), and among cells with one valued coordinate, the last dimension first — municipality
 * totals (a municipal analyst's report total), then service types, then providers.
 */
function priority(at: Coordinates): number {
  const valued = at.flatMap((v, d) => (v === null ? [] : [d]));
  return valued.length * 16 + (valued.length === 1 ? DIMENSION_ORDER.indexOf(valued[0]!) : 0);
}
/** Indexes into report.ts's (serviceType, municipality, provider): municipality, service type, provider. */
const DIMENSION_ORDER = [1, 0, 2];

/**
 * Each cell as a 0/1 vector over the variables: groups of finest cells that no published cell
 * tells apart (each finest cell on its own when every grouping is published). A cell that
 * splits a group is left without a vector: no published figure can determine it.
 */
function variablesOf(cells: readonly TableCell[], keys: string[], published: (at: Coordinates) => boolean) {
  const n = cells[0]!.at.length;
  const index = new Map(keys.map((k, i) => [k, i]));
  const ancestors = (at: Coordinates) =>
    Array.from({ length: 1 << n }, (_, mask) => cellKey(at.map((v, d) => (mask & (1 << d) ? null : v)))).filter((k) => index.has(k));
  const inner = cells.filter((c) => c.at.every((v) => v !== null));
  const group = new Map<string, number>();
  const members = new Map<number, number>(); // cell index → finest cells under it
  const groupsOf = new Map<number, Map<number, number>>(); // cell index → group → finest cells of it under the cell
  const groupSize: number[] = [];
  for (const c of inner) {
    const above = ancestors(c.at);
    const signature = above.filter((k) => published(cells[index.get(k)!]!.at)).join('|');
    let g = group.get(signature);
    if (g === undefined) group.set(signature, (g = groupSize.push(0) - 1));
    groupSize[g]!++;
    for (const k of above) {
      const i = index.get(k)!;
      members.set(i, (members.get(i) ?? 0) + 1);
      const counts = groupsOf.get(i) ?? groupsOf.set(i, new Map()).get(i)!;
      counts.set(g, (counts.get(g) ?? 0) + 1);
    }
  }
  const size = groupSize.length;
  const of = cells.map((_, i) => {
    const counts = groupsOf.get(i);
    if (!counts || [...counts].some(([g, k]) => k !== groupSize[g])) return null;
    const v = new Float64Array(size);
    for (const g of counts.keys()) v[g] = 1;
    return v;
  });
  return { size, of };
}

/** The span of the visible figures, in reduced row echelon form modulo PRIME. */
class ModularSpan {
  private readonly rows: { pivot: number; v: Float64Array }[] = [];
  constructor(readonly size: number) {}

  /** Takes every pivot out of `v` (in place): what is left is zero iff `v` is in the span. */
  reduce(v: Float64Array): Float64Array {
    for (const { pivot, v: row } of this.rows) if (v[pivot] !== 0) subtract(v, row, v[pivot]!);
    return v;
  }

  normalise(v: Float64Array, pivot: number): void {
    const inv = inverse(v[pivot]!);
    for (let i = 0; i < v.length; i++) if (v[i] !== 0) v[i] = (v[i]! * inv) % PRIME;
  }

  /** Adds a reduced, normalised vector, keeping every row free of the others' pivots. */
  add(v: Float64Array, pivot: number): void {
    for (const { v: row } of this.rows) if (row[pivot] !== 0) subtract(row, v, row[pivot]!);
    this.rows.push({ pivot, v });
  }
}

/** a −= factor × b, modulo PRIME. */
function subtract(a: Float64Array, b: Float64Array, factor: number): void {
  for (let i = 0; i < a.length; i++) {
    if (b[i] !== 0) a[i] = (((a[i]! - ((factor * b[i]!) % PRIME)) % PRIME) + PRIME) % PRIME;
  }
}

/** Whether a = factor × b, modulo PRIME. */
function isMultiple(a: Float64Array, b: Float64Array, factor: number): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== (factor * b[i]!) % PRIME) return false;
  return true;
}

function inverse(a: number): number {
  let [t, newT, r, newR] = [0, 1, PRIME, a % PRIME];
  while (newR !== 0) {
    const q = Math.floor(r / newR);
    [t, newT] = [newT, t - q * newT];
    [r, newR] = [newR, r - q * newR];
  }
  return ((t % PRIME) + PRIME) % PRIME;
}

/**
 * The deterministic synthetic world: clients, case workers and plans of the client-record
 * system; unit costs, vouchers, orders, deliveries and payments of the voucher system; and
 * providers with their offerings for the catalogue's demo data.
 *
 * Why one world for three systems: in reality they are tied together by the same people, plans
 * and providers. Generating them together, from one random stream, keeps every cross-reference
 * true (an order's planned service exists in the plan, its provider is approved and serves the
 * municipality). Each system's part has its own generator (client-records.ts, vouchers.ts,
 * providers.ts); this module only composes them, in the order that fixes the stream.
 *
 * Who imports it: the development stack (scripts/stack.ts), the stand-ins (systems/), the
 * catalogue's demo-data seeding (seed/catalogue.ts, `npm run seed`) and tests. The subgraphs
 * never do: they see this world only through the systems' HTTP APIs and the catalogue's tables.
 *
 * Fixtures the tests rely on: cl-00001 (Kajaani) has an active plan with 1 planned service
 * (home care, 2.5 hours a week), cl-00002 (Kajaani) one with 30; cw-0001 is a Kajaani case
 * worker; pr-0001 is an approved provider serving Kainuu with orders assigned to it.
 */
import { MUNICIPALITIES } from '../lib/reference.js';
import { clientRecordsGenerator, makeCaseWorkers } from './client-records.js';
import { approvedOfferingsIndex, makeProviders } from './providers.js';
import { Random } from './random.js';
import type { Client, Payment, Plan, World, WorldOptions } from './types.js';
import { makePayments, makeUnitCosts, voucherRecordsGenerator } from './vouchers.js';

export type * from './types.js';

export const WORLD_AS_OF = '2026-11-20';
const NATIONAL_CLIENTS = 60_000;

/** `total` split by weight, the rounding's rest handed out one by one from the first weighted. */
function distribute(total: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const counts = weights.map((w) => Math.floor((total * w) / sum));
  let rest = total - counts.reduce((a, b) => a + b, 0);
  for (let i = 0; rest > 0; i = (i + 1) % counts.length)
    if (weights[i] > 0) {
      counts[i]++;
      rest--;
    }
  return counts;
}

/**
 * The world's first part — unit costs, case workers, providers and offerings — and the random
 * stream as it stands after them. The order of these calls is the order the stream is drawn
 * in: changing it changes the world.
 */
function worldUpToProviders(options: WorldOptions) {
  const scale = options.scale ?? 'trial';
  const seed = options.seed ?? 2026;
  const rnd = new Random(seed);
  const perMunicipality =
    scale === 'national'
      ? distribute(
          NATIONAL_CLIENTS,
          MUNICIPALITIES.map((x) => x.nationalWeight),
        )
      : MUNICIPALITIES.map((x) => x.trialClients);
  const unitCosts = makeUnitCosts(rnd);
  const unitCost = new Map(unitCosts.map((u) => [`${u.municipalityCode}/${u.serviceTypeCode}`, u.cents]));
  const { caseWorkers, workersOf } = makeCaseWorkers(rnd, scale, perMunicipality);
  const { providers, offerings } = makeProviders(rnd, scale, perMunicipality, unitCost);
  return { scale, seed, rnd, perMunicipality, unitCosts, unitCost, caseWorkers, workersOf, providers, offerings };
}

export function generateWorld(options: WorldOptions = {}): World {
  const { scale, seed, rnd, perMunicipality, unitCosts, unitCost, caseWorkers, workersOf, providers, offerings } =
    worldUpToProviders(options);
  const asOf = WORLD_AS_OF;

  // Client by client: their records, then the vouchers and orders of their plans.
  const nextClient = clientRecordsGenerator(rnd, workersOf, asOf);
  const voucherRecords = voucherRecordsGenerator(rnd, unitCost, approvedOfferingsIndex(providers, offerings), asOf);
  const clients: Client[] = [];
  const plans: Plan[] = [];
  MUNICIPALITIES.forEach((mun, mi) => {
    for (let k = 0; k < perMunicipality[mi]; k++) {
      const n = clients.length + 1;
      const { client, plans: clientPlans } = nextClient(n, mun);
      clients.push(client);
      for (const plan of clientPlans) plans.push(plan);
      voucherRecords.addClient(client, clientPlans, n <= 2);
    }
  });

  const { vouchers, orders, deliveries } = voucherRecords;
  // The payments are drawn last, from the stream as it stands after everything else: so they are
  // drawn when first read, the same as if drawn now, and a process that never reads them (the
  // client-record system) never pays for grouping a million deliveries.
  let payments: Payment[] | undefined;
  return {
    scale,
    seed,
    asOf,
    caseWorkers,
    clients,
    plans,
    unitCosts,
    providers,
    offerings,
    vouchers,
    orders,
    deliveries,
    get payments() {
      return (payments ??= makePayments(rnd, providers, orders, deliveries));
    },
  };
}

const cache = new Map<string, World>();
/** The world for a scale and seed, generated once per process. */
export function getWorld(options: WorldOptions = {}): World {
  const key = `${options.scale ?? 'trial'}/${options.seed ?? 2026}`;
  if (!cache.has(key)) cache.set(key, generateWorld(options));
  return cache.get(key)!;
}

/**
 * The catalogue's part of the world — providers and their offerings, the same records as the
 * whole world's — for seeding a provider catalogue. Why not the whole world: providers are drawn
 * before any client, so they need none of the clients, vouchers, orders and deliveries that are
 * most of the national world's build time (the whole world is used when this process has it).
 */
export function getCatalogueWorld(options: WorldOptions = {}): Pick<World, 'providers' | 'offerings'> {
  const whole = cache.get(`${options.scale ?? 'trial'}/${options.seed ?? 2026}`);
  if (whole) return whole;
  const { providers, offerings } = worldUpToProviders(options);
  return { providers, offerings };
}

/** Scale and seed from the environment: SEED_SCALE=trial|national, SEED=number. */
export function worldOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): WorldOptions {
  const scale = env.SEED_SCALE === 'national' ? 'national' : 'trial';
  return { scale, seed: env.SEED ? Number(env.SEED) : 2026 };
}

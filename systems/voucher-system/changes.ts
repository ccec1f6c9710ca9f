/**
 * The change feed (`GET /changes`): orders as they are created and deliveries as they are
 * reported or corrected, each with a sequence number that only grows, as a real system's
 * outbox or CDC stream gives them. A consumer that reads it from the start and follows it holds
 * what the system holds — the vouchers subgraph's reporting read model does
 * (subgraphs/vouchers/reporting-model.ts).
 *
 * Why the seed's part is not stored as entries: the national world has ~220 000 orders and
 * ~1.3 million deliveries, all "created" before the system started. They are sequences
 * 1…orders+deliveries, made on read from the world's records (which the store never changes:
 * it keeps copies), orders first so that every delivery's order precedes it. Only changes made
 * at run time are kept here, appended by the store in the same synchronous step as the change
 * itself, so a write the system has answered is already in the feed.
 */
import type { Delivery, Order } from '../../seed/world.js';
import { quantityToDecimal } from './store.js';

export type ChangeType = 'order-created' | 'delivery-reported' | 'delivery-corrected';

export interface ChangeResource {
  sequence: number;
  type: ChangeType;
  order?: { id: string; clientId: string; municipalityCode: string; serviceTypeCode: string; providerId: string };
  delivery?: { id: string; orderId: string; date: string; quantity: string; amountCents: number };
  previous?: { quantity: string; amountCents: number };
}

export interface ChangePage {
  items: ChangeResource[];
  cursor: string;
  hasMore: boolean;
}

export const DEFAULT_CHANGES_LIMIT = 1000;
export const MAX_CHANGES_LIMIT = 10_000;

export const orderCreated = (o: Order): Omit<ChangeResource, 'sequence'> => ({
  type: 'order-created',
  order: {
    id: o.id,
    clientId: o.clientId,
    municipalityCode: o.municipalityCode,
    serviceTypeCode: o.serviceTypeCode,
    providerId: o.providerId,
  },
});

export const deliveryChange = (
  type: 'delivery-reported' | 'delivery-corrected',
  d: Pick<Delivery, 'id' | 'orderId' | 'date' | 'quantity' | 'amountCents'>,
  previous?: { quantity: number; amountCents: number },
): Omit<ChangeResource, 'sequence'> => ({
  type,
  delivery: { id: d.id, orderId: d.orderId, date: d.date, quantity: quantityToDecimal(d.quantity), amountCents: d.amountCents },
  ...(previous ? { previous: { quantity: quantityToDecimal(previous.quantity), amountCents: previous.amountCents } } : {}),
});

export class ChangeLog {
  private readonly later: Omit<ChangeResource, 'sequence'>[] = [];
  constructor(
    private readonly seededOrders: readonly Order[],
    private readonly seededDeliveries: readonly Delivery[],
  ) {}

  /** The sequence of the newest change (0 when there is none). */
  get head(): number {
    return this.seededOrders.length + this.seededDeliveries.length + this.later.length;
  }

  record(change: Omit<ChangeResource, 'sequence'>): void {
    this.later.push(change);
  }

  private at(sequence: number): ChangeResource {
    const orders = this.seededOrders.length;
    const seeded = orders + this.seededDeliveries.length;
    const change =
      sequence <= orders
        ? orderCreated(this.seededOrders[sequence - 1]!)
        : sequence <= seeded
          ? deliveryChange('delivery-reported', this.seededDeliveries[sequence - orders - 1]!)
          : this.later[sequence - seeded - 1]!;
    return { sequence, ...change };
  }

  /** The changes after `after`, at most `limit` of them. */
  page(after: number, limit: number): ChangePage {
    const end = Math.min(this.head, after + limit);
    const items: ChangeResource[] = [];
    for (let s = after + 1; s <= end; s++) items.push(this.at(s));
    return { items, cursor: String(Math.max(after, end)), hasMore: end < this.head };
  }
}

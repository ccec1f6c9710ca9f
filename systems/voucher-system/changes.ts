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
 *
 * Two encodings of the same page (`encoding`): `items`, one object per change, and `columns`, the
 * page's fields as arrays — each repeating string once per page in a dictionary, each row an index
 * into it. Why columns: a consumer catching up from the start reads ~1.5 million changes at the
 * national scale; as items that is ~240 MB of JSON and ~8 million parsed strings, as columns
 * ~50 MB and mostly small integers, so pages of 250 000 changes stay a few MB each. The items
 * encoding stays for consumers that follow the feed change by change.
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

/** A column of strings that repeat: each distinct value once, in order of first use, and each row's index into them. */
export interface DictionaryColumn {
  values: string[];
  index: number[];
}

/**
 * A page as columns. `type` has a row per change (sequences `after`+1 … `cursor`, in order);
 * `order` a row per order-created change, `delivery` a row per delivery-reported or
 * delivery-corrected change and `previous` a row per delivery-corrected change, each in the
 * order of the feed.
 */
export interface ChangeColumns {
  encoding: 'columns';
  cursor: string;
  hasMore: boolean;
  type: DictionaryColumn;
  order: {
    id: string[];
    clientId: DictionaryColumn;
    municipalityCode: DictionaryColumn;
    serviceTypeCode: DictionaryColumn;
    providerId: DictionaryColumn;
  };
  delivery: { id: string[]; orderId: DictionaryColumn; date: DictionaryColumn; quantity: DictionaryColumn; amountCents: number[] };
  previous: { quantity: DictionaryColumn; amountCents: number[] };
}

export type ChangeEncoding = 'items' | 'columns';
export const CHANGE_ENCODINGS: readonly ChangeEncoding[] = ['items', 'columns'];
export const DEFAULT_CHANGES_LIMIT = 1000;
/** The most changes a page holds, by encoding: a page of columns is ~40 bytes a change, one of items ~160. */
export const MAX_CHANGES_LIMIT: Record<ChangeEncoding, number> = { items: 10_000, columns: 250_000 };

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

  /**
   * The same page as columns. The seed's records are read as they are (no change object is
   * made for them); changes made at run time are read from what was recorded.
   */
  columns(after: number, limit: number): ChangeColumns {
    const end = Math.min(this.head, after + limit);
    const orders = this.seededOrders.length;
    const seeded = orders + this.seededDeliveries.length;
    const type = new Dictionary();
    const order = {
      id: [] as string[],
      clientId: new Dictionary(),
      municipalityCode: new Dictionary(),
      serviceTypeCode: new Dictionary(),
      providerId: new Dictionary(),
    };
    const delivery = {
      id: [] as string[],
      orderId: new Dictionary(),
      date: new Dictionary(),
      quantity: new Dictionary(),
      amountCents: [] as number[],
    };
    const previous = { quantity: new Dictionary(), amountCents: [] as number[] };
    const addOrder = (o: { id: string; clientId: string; municipalityCode: string; serviceTypeCode: string; providerId: string }) => {
      type.add('order-created');
      order.id.push(o.id);
      order.clientId.add(o.clientId);
      order.municipalityCode.add(o.municipalityCode);
      order.serviceTypeCode.add(o.serviceTypeCode);
      order.providerId.add(o.providerId);
    };
    const addDelivery = (d: { id: string; orderId: string; date: string; amountCents: number }, quantity: string) => {
      delivery.id.push(d.id);
      delivery.orderId.add(d.orderId);
      delivery.date.add(d.date);
      delivery.quantity.add(quantity);
      delivery.amountCents.push(d.amountCents);
    };
    // The seed's quantities are hundredths: a page has few distinct ones, each written out once.
    const decimals = new Map<number, string>();
    const decimal = (hundredths: number) =>
      decimals.get(hundredths) ?? decimals.set(hundredths, quantityToDecimal(hundredths)).get(hundredths)!;
    for (let s = after + 1; s <= end; s++) {
      if (s <= orders) {
        addOrder(this.seededOrders[s - 1]!);
      } else if (s <= seeded) {
        const d = this.seededDeliveries[s - orders - 1]!;
        type.add('delivery-reported');
        addDelivery(d, decimal(d.quantity));
      } else {
        const change = this.later[s - seeded - 1]!;
        if (change.order) {
          addOrder(change.order);
          continue;
        }
        type.add(change.type);
        addDelivery(change.delivery!, change.delivery!.quantity);
        if (change.previous) {
          previous.quantity.add(change.previous.quantity);
          previous.amountCents.push(change.previous.amountCents);
        }
      }
    }
    return {
      encoding: 'columns',
      cursor: String(Math.max(after, end)),
      hasMore: end < this.head,
      type: type.column(),
      order: {
        id: order.id,
        clientId: order.clientId.column(),
        municipalityCode: order.municipalityCode.column(),
        serviceTypeCode: order.serviceTypeCode.column(),
        providerId: order.providerId.column(),
      },
      delivery: {
        id: delivery.id,
        orderId: delivery.orderId.column(),
        date: delivery.date.column(),
        quantity: delivery.quantity.column(),
        amountCents: delivery.amountCents,
      },
      previous: { quantity: previous.quantity.column(), amountCents: previous.amountCents },
    };
  }
}

/** Builds a DictionaryColumn row by row (a run of one value, as an order's deliveries are, costs no look-up). */
class Dictionary {
  private readonly values: string[] = [];
  private readonly index: number[] = [];
  private readonly seen = new Map<string, number>();
  private last: string | undefined;
  private lastIndex = -1;
  add(value: string): void {
    if (value !== this.last) {
      let i = this.seen.get(value);
      if (i === undefined) this.seen.set(value, (i = this.values.push(value) - 1));
      this.last = value;
      this.lastIndex = i;
    }
    this.index.push(this.lastIndex);
  }
  column(): DictionaryColumn {
    return { values: this.values, index: this.index };
  }
}

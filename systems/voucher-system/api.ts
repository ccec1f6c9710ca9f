/**
 * The read endpoints of the voucher system, as openapi.yaml describes them. Each handler reads
 * its parameters strictly (QueryReader), asks the store's indexes, and pages the result.
 */
import type { Express, Request, Response } from 'express';
import { formats, isDate, QueryReader } from './params.js';
import { page } from './paging.js';
import { ProblemError } from './problem.js';
import { CHANGE_ENCODINGS, DEFAULT_CHANGES_LIMIT, MAX_CHANGES_LIMIT } from './changes.js';
import { DIMENSIONS, spendingReport } from './report.js';
import {
  deliveryOrdering,
  etagOf,
  orderOrdering,
  paymentOrdering,
  unitCostHistoryOrdering,
  unitCostOrdering,
  VoucherStore,
  voucherOrdering,
} from './store.js';
import { today } from './write-support.js';

const VOUCHER_STATUSES = ['ACTIVE', 'EXHAUSTED', 'EXPIRED', 'CANCELLED'] as const;
export const ORDER_STATUSES = ['REQUESTED', 'ACCEPTED', 'DECLINED', 'COMPLETED', 'CANCELLED'] as const;

const query = (req: Request, allowed: readonly string[]) => new QueryReader(req.query as Record<string, unknown>, allowed);

/** Sends a single resource with its ETag, or (to a GET) 304 when the client has it already. */
export function sendVersioned(req: Request, res: Response, resource: unknown, status = 200): void {
  const etag = etagOf(resource);
  res.setHeader('ETag', etag);
  const ifNoneMatch = req.header('if-none-match');
  if (status === 200 && req.method === 'GET' && ifNoneMatch && ifNoneMatch.split(',').some((t) => t.trim() === etag || t.trim() === '*')) {
    res.status(304).end();
    return;
  }
  res.status(status).json(resource);
}

/** The path of a unit cost's history (`/unit-costs/{municipalityCode}/{serviceTypeCode}`) or of one of its entries (`…/{validFrom}`). */
export function unitCostPath(req: Request): { municipalityCode: string; serviceTypeCode: string; validFrom?: string } {
  const { municipalityCode, serviceTypeCode, validFrom } = req.params as Record<string, string | undefined>;
  const problems = [];
  if (!formats.MUNICIPALITY.test(String(municipalityCode)))
    problems.push({ name: 'municipalityCode', reason: 'not a three-digit municipality code' });
  if (!formats.CODE.test(String(serviceTypeCode))) problems.push({ name: 'serviceTypeCode', reason: 'not a service type code' });
  if (validFrom !== undefined && !isDate(validFrom)) problems.push({ name: 'validFrom', reason: 'not a date YYYY-MM-DD' });
  if (problems.length) throw new ProblemError(400, `invalid path: ${problems.map((p) => p.name).join(', ')}`, problems);
  return { municipalityCode: municipalityCode!, serviceTypeCode: serviceTypeCode!, ...(validFrom !== undefined ? { validFrom } : {}) };
}

function pathId(req: Request): string {
  const id = String(req.params.id);
  if (!formats.ID.test(id)) throw new ProblemError(400, 'id is not an identifier', [{ name: 'id', reason: 'not an identifier' }]);
  return id;
}

export function readRoutes(app: Express, store: VoucherStore): void {
  app.get('/unit-costs', (req, res) => {
    const q = query(req, ['municipality', 'serviceType', 'validOn', 'limit', 'cursor']);
    const municipalities = q.list('municipality', formats.MUNICIPALITY, 'a three-digit municipality code');
    const serviceTypes = q.list('serviceType', formats.CODE, 'a service type code');
    // Today by the Finnish calendar, as every "in effect" of this system is judged.
    const validOn = q.date('validOn', false) ?? today();
    const limit = q.limit();
    const cursor = q.cursor();
    q.done();
    res.json(
      page(store.findUnitCosts(municipalities, serviceTypes, validOn), unitCostOrdering, limit, cursor, (u) => store.unitCostResource(u)),
    );
  });

  app.get('/unit-costs/:municipalityCode/:serviceTypeCode', (req, res) => {
    const { municipalityCode, serviceTypeCode } = unitCostPath(req);
    const q = query(req, ['limit', 'cursor']);
    const limit = q.limit();
    const cursor = q.cursor();
    q.done();
    const history = store.unitCostHistoryOf(municipalityCode, serviceTypeCode);
    if (!history.length) throw new ProblemError(404, `no unit costs for ${municipalityCode}/${serviceTypeCode}`);
    res.json(page(history, unitCostHistoryOrdering, limit, cursor, (u) => store.unitCostResource(u)));
  });

  app.get('/unit-costs/:municipalityCode/:serviceTypeCode/:validFrom', (req, res) => {
    const { municipalityCode, serviceTypeCode, validFrom } = unitCostPath(req);
    query(req, []).done();
    const entry = store.unitCostEntry(municipalityCode, serviceTypeCode, validFrom!);
    if (!entry) throw new ProblemError(404, `no unit cost for ${municipalityCode}/${serviceTypeCode} starting on ${validFrom}`);
    sendVersioned(req, res, store.unitCostResource(entry));
  });

  app.get('/vouchers', (req, res) => {
    const q = query(req, ['id', 'clientId', 'planId', 'status', 'limit', 'cursor']);
    const filter = {
      ids: q.list('id', formats.ID, 'an identifier'),
      clientIds: q.list('clientId', formats.ID, 'an identifier'),
      planIds: q.list('planId', formats.ID, 'an identifier'),
      statuses: q.enumList('status', VOUCHER_STATUSES),
    };
    const limit = q.limit();
    const cursor = q.cursor();
    q.done();
    res.json(page(store.findVouchers(filter), voucherOrdering, limit, cursor, (v) => store.voucherResource(v)));
  });

  app.get('/vouchers/:id', (req, res) => {
    const id = pathId(req);
    query(req, []).done();
    const voucher = store.voucher(id);
    if (!voucher) throw new ProblemError(404, `no voucher ${id}`);
    sendVersioned(req, res, store.voucherResource(voucher));
  });

  app.get('/orders', (req, res) => {
    const q = query(req, ['id', 'clientId', 'planId', 'plannedServiceId', 'providerId', 'status', 'updatedSince', 'limit', 'cursor']);
    const filter = {
      ids: q.list('id', formats.ID, 'an identifier'),
      clientIds: q.list('clientId', formats.ID, 'an identifier'),
      planIds: q.list('planId', formats.ID, 'an identifier'),
      plannedServiceIds: q.list('plannedServiceId', formats.ID, 'an identifier'),
      providerIds: q.list('providerId', formats.ID, 'an identifier'),
      statuses: q.enumList('status', ORDER_STATUSES),
      updatedSince: q.dateTime('updatedSince'),
    };
    const limit = q.limit();
    const cursor = q.cursor();
    q.done();
    res.json(page(store.findOrders(filter), orderOrdering, limit, cursor, (o) => store.orderResource(o)));
  });

  app.get('/orders/:id', (req, res) => {
    const id = pathId(req);
    query(req, []).done();
    const order = store.order(id);
    if (!order) throw new ProblemError(404, `no order ${id}`);
    sendVersioned(req, res, store.orderResource(order));
  });

  app.get('/deliveries', (req, res) => {
    const q = query(req, ['id', 'orderId', 'limit', 'cursor']);
    const filter = { ids: q.list('id', formats.ID, 'an identifier'), orderIds: q.list('orderId', formats.ID, 'an identifier') };
    const limit = q.limit();
    const cursor = q.cursor();
    q.done();
    res.json(page(store.findDeliveries(filter), deliveryOrdering, limit, cursor, VoucherStore.deliveryResource));
  });

  app.get('/deliveries/:id', (req, res) => {
    const id = pathId(req);
    query(req, []).done();
    const delivery = store.delivery(id);
    if (!delivery) throw new ProblemError(404, `no delivery ${id}`);
    sendVersioned(req, res, VoucherStore.deliveryResource(delivery));
  });

  app.get('/payments', (req, res) => {
    const q = query(req, ['id', 'providerId', 'month', 'limit', 'cursor']);
    const filter = {
      ids: q.list('id', formats.ID, 'an identifier'),
      providerIds: q.list('providerId', formats.ID, 'an identifier'),
      months: q.list('month', formats.MONTH, 'a month YYYY-MM'),
    };
    const limit = q.limit();
    const cursor = q.cursor();
    q.done();
    res.json(page(store.findPayments(filter), paymentOrdering, limit, cursor));
  });

  app.get('/payments/:id', (req, res) => {
    const id = pathId(req);
    query(req, []).done();
    const payment = store.payment(id);
    if (!payment) throw new ProblemError(404, `no payment ${id}`);
    sendVersioned(req, res, payment);
  });

  app.get('/changes', (req, res) => {
    const q = query(req, ['after', 'limit', 'encoding']);
    const after = q.integer('after', 0, Number.MAX_SAFE_INTEGER, 0);
    const encodings = q.enumList('encoding', CHANGE_ENCODINGS);
    if (encodings.length > 1) q.invalid('encoding', 'may be given only once');
    const encoding = encodings[0] ?? 'items';
    const limit = q.integer('limit', 1, MAX_CHANGES_LIMIT[encoding], DEFAULT_CHANGES_LIMIT);
    if (after > store.changes.head) q.invalid('after', 'is past the head of the feed: not a cursor of this system');
    q.done();
    res.json(encoding === 'columns' ? store.changes.columns(after, limit) : store.changes.page(after, limit));
  });

  app.get('/reports/spending', (req, res) => {
    const q = query(req, ['from', 'to', 'groupBy', 'municipality']);
    const from = q.date('from', true);
    const to = q.date('to', true);
    const groupBy = q.enumList('groupBy', DIMENSIONS);
    const municipalities = q.list('municipality', formats.MUNICIPALITY, 'a three-digit municipality code');
    if (!groupBy.length) q.invalid('groupBy', `is required: one or more of ${DIMENSIONS.join(', ')}`);
    if (new Set(groupBy).size !== groupBy.length) q.invalid('groupBy', 'must not repeat a dimension');
    if (from && to && isDate(from) && isDate(to) && from > to) q.invalid('to', 'must not be before from');
    q.done();
    res.json(spendingReport(store.deliveriesByDate, (id) => store.order(id), { from: from!, to: to!, groupBy, municipalities }));
  });
}

/**
 * The provider register: the voucher system pays providers, so it keeps who they are and where
 * their money goes (business ID, name, IBAN). GET /providers/{id} reads an entry; PUT
 * /providers/{id} registers or updates one, with the business ID (Y-tunnus) and the IBAN
 * checked by their checksums — a payment to a mistyped account is money gone.
 *
 * Why IBANs are stored in the electronic format (no spaces, upper case): payments carry them
 * as they are, and the payment schema's pattern holds for every one.
 */
import type { Express, RequestHandler } from 'express';
import FinnishBankUtils from 'finnish-bank-utils';
import { FinnishBusinessIds } from 'finnish-business-ids';
import { sendVersioned } from './api.js';
import { formats, QueryReader } from './params.js';
import { ProblemError } from './problem.js';
import { etagOf, type ProviderRecord, type VoucherStore } from './store.js';
import { BodyReader, now } from './write-support.js';

const MAX_NAME = 200;

function providerId(raw: unknown): string {
  const id = String(raw);
  if (!formats.ID.test(id)) throw new ProblemError(400, 'id is not an identifier', [{ name: 'id', reason: 'not an identifier' }]);
  return id;
}

export function providerRoutes(app: Express, store: VoucherStore, json: RequestHandler): void {
  app.get('/providers/:id', (req, res) => {
    const id = providerId(req.params.id);
    new QueryReader(req.query as Record<string, unknown>, []).done();
    const provider = store.provider(id);
    if (!provider) throw new ProblemError(404, `no provider ${id} in the register`);
    sendVersioned(req, res, provider);
  });

  app.put('/providers/:id', json, (req, res) => {
    const id = providerId(req.params.id);
    const existing = store.provider(id);
    const ifMatch = req.header('if-match');
    // Optional here: a register entry has one writer (the catalogue's approval), but a caller may guard it.
    if (ifMatch && (!existing || !ifMatch.split(',').some((t) => t.trim() === etagOf(existing)))) {
      throw new ProblemError(412, `provider ${id} has changed since it was read`);
    }
    const body = new BodyReader(req.body, ['businessId', 'name', 'iban']);
    const businessId = body.raw('businessId');
    if (typeof businessId !== 'string' || !FinnishBusinessIds.isValidBusinessId(businessId))
      body.invalid('businessId', 'required: a valid business ID (Y-tunnus), e.g. 1234567-1');
    const name = body.text('name', MAX_NAME);
    const rawIban = body.raw('iban');
    const iban = typeof rawIban === 'string' ? rawIban.replace(/\s+/g, '').toUpperCase() : '';
    if (!/^FI[0-9]{16}$/.test(iban) || !FinnishBankUtils.isValidFinnishIBAN(iban))
      body.invalid('iban', 'required: a valid Finnish IBAN, e.g. FI21 1234 5600 0007 85');
    body.done();

    const record: ProviderRecord = { id, businessId: businessId as string, name, iban, updatedAt: now() };
    const unchanged =
      existing && existing.businessId === record.businessId && existing.name === record.name && existing.iban === record.iban;
    if (!unchanged) store.putProvider(record);
    if (!existing) res.setHeader('Location', `/providers/${id}`);
    sendVersioned(req, res, store.provider(id), existing ? 200 : 201);
  });
}

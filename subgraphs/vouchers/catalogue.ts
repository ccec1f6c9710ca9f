/**
 * The provider catalogue as an order needs it: the offering's price, unit and service type, and
 * its provider's status and areas. The catalogue is owned by the providers subgraph (its
 * database has no other API), so it is read from there, as an entity (`_entities`), on behalf
 * of the same viewer — so the catalogue's own policy applies: an offering of an APPLIED or
 * REJECTED provider does not exist for a client or a case worker, and one of a SUSPENDED
 * provider is readable (its orders stay readable) but refused by status in order-writes.ts.
 *
 * Why not a copy of the catalogue's data in the voucher system: prices and approvals change in
 * the catalogue, and an order must be made at today's price from a provider approved today.
 */
import { decimalToCents } from '../../lib/money.js';
import { UpstreamError } from '../../lib/errors.js';
import type { RetryPolicy } from '../../lib/upstream.js';
import { signViewer, VIEWER_HEADER, type Viewer } from '../../lib/viewer.js';

export interface OfferingFacts {
  id: string;
  serviceTypeCode: string;
  unit: string;
  priceCents: number;
  provider: { id: string; name: string; status: string; municipalityCodes: string[] };
}

const QUERY = `query OfferingForOrder($representations: [_Any!]!) {
  _entities(representations: $representations) {
    ... on ServiceOffering { id unit removedAt price { amount } serviceType { code } provider { id name status municipalities { code } } }
  }
}`;

const SYSTEM = 'provider-catalogue';

export function createCatalogueClient(providersUrl: string, secret: Uint8Array, policy: RetryPolicy) {
  return {
    /**
     * The offering, or null when it does not exist, is not offered to this viewer, or its
     * provider has withdrawn it (removedAt): a withdrawn offering stays readable for the orders
     * made from it, but nothing new is ordered from it.
     */
    async offering(viewer: Viewer, offeringId: string): Promise<OfferingFacts | null> {
      let body: { data?: { _entities?: (Record<string, any> | null)[] } | null; errors?: { extensions?: { code?: string } }[] };
      try {
        const request = JSON.stringify({
          query: QUERY,
          variables: { representations: [{ __typename: 'ServiceOffering', id: offeringId }] },
        });
        const response = await fetch(providersUrl, {
          method: 'POST',
          // Signed for the providers subgraph and this body only, like the gateway's fetches.
          headers: {
            'content-type': 'application/json',
            [VIEWER_HEADER]: await signViewer(viewer, secret, { audience: 'providers', body: request }),
          },
          body: request,
          signal: AbortSignal.timeout(policy.timeoutMs),
        });
        if (!response.ok && response.status >= 500) throw new Error(`HTTP ${response.status}`);
        body = (await response.json()) as typeof body;
      } catch (error) {
        throw new UpstreamError(SYSTEM, `${SYSTEM} did not answer (${(error as Error).message.slice(0, 80)})`);
      }
      if (body.errors?.some((e) => e.extensions?.code === 'UPSTREAM_UNAVAILABLE'))
        throw new UpstreamError(SYSTEM, `${SYSTEM} is unavailable`);
      const o = body.data?._entities?.[0];
      if (!o || !o.provider || !o.serviceType || !o.price || o.removedAt) return null;
      return {
        id: o.id,
        serviceTypeCode: o.serviceType.code,
        unit: o.unit,
        priceCents: decimalToCents(o.price.amount),
        provider: {
          id: o.provider.id,
          name: o.provider.name,
          status: o.provider.status,
          municipalityCodes: (o.provider.municipalities ?? []).map((m: { code: string }) => m.code),
        },
      };
    },
  };
}

export type CatalogueClient = ReturnType<typeof createCatalogueClient>;

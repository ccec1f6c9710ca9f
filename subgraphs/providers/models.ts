/**
 * What the resolvers pass around: the catalogue's rows in the graph's words (camelCase, cents as
 * numbers, names per language). Why separate from the database rows: the GraphQL types are
 * mapped onto these (codegen.ts `mappers`), so a column rename stays inside repository.ts.
 */
import type { LanguageCode, ProviderStatus, ServiceUnit } from './db/schema.js';

export type { LanguageCode, ProviderStatus, ServiceUnit };
export type Names = Record<LanguageCode, string>;

export interface ProviderModel {
  id: string;
  businessId: string;
  name: string;
  status: ProviderStatus;
  email: string | null;
  phone: string | null;
  appliedAt: Date;
  approvedAt: Date | null;
  /** The account payments go to (electronic format); null only for rows older than migration 0002. */
  iban: string | null;
  /** The latest decision or suspension, and the reason kept with it. */
  decidedAt: Date | null;
  statusReason: string | null;
}

export interface OfferingModel {
  id: string;
  providerId: string;
  serviceTypeCode: string;
  priceCents: number;
  unit: ServiceUnit;
  description: string | null;
  /** When the provider withdrew it; null while offered. */
  removedAt: Date | null;
  /**
   * What the client pays per unit (omavastuuosuus), set only when the offering is reached from
   * a planned service: undefined elsewhere, null when the planned service's voucher value is unknown.
   */
  clientShareCents?: number | null;
}

/** One price of an offering and when it applied (offering_price). */
export interface OfferingPriceModel {
  offeringId: string;
  priceCents: number;
  validFrom: Date;
  validTo: Date | null;
}

export interface ServiceTypeModel {
  code: string;
  names: Names;
  unit: ServiceUnit;
}

export interface MunicipalityModel {
  code: string;
  names: Names;
}

/** A PlannedService as the router hands it over: its key plus the @requires fields. */
export interface PlannedServiceModel {
  id: string;
  serviceTypeCode?: string | null;
  municipalityCode?: string | null;
  /** The planned service's voucher value per unit, in cents (vouchers subgraph); null when unknown. */
  voucherValueCents?: number | null;
}

/** The name in the asked language, falling back to Finnish when there is none. */
export function nameIn(names: Names, lang: LanguageCode | null | undefined): string {
  return (lang && names[lang]?.trim()) || names.FI;
}

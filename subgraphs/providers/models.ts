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
}

export interface OfferingModel {
  id: string;
  providerId: string;
  serviceTypeCode: string;
  priceCents: number;
  unit: ServiceUnit;
  description: string | null;
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
}

/** The name in the asked language, falling back to Finnish when there is none. */
export function nameIn(names: Names, lang: LanguageCode | null | undefined): string {
  return (lang && names[lang]?.trim()) || names.FI;
}

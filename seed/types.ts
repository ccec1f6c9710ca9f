/**
 * The records of the synthetic world, one interface per thing a system holds: the client-record
 * system's case workers, clients and plans; the voucher system's unit costs, vouchers, orders,
 * deliveries and payments; the catalogue's providers and offerings. Shaped like the systems'
 * own data (integer cents, hundredths of a unit), not like the graph's types: the stand-ins and
 * the catalogue seeding turn them into FHIR resources, REST bodies and rows.
 */
import type { OrderStatus, ProviderStatus } from '../lib/__generated__/enums.js';
import type { LanguageCode, PlanPeriod, ServiceUnit } from '../lib/reference.js';

export type { OrderStatus, ProviderStatus };

export type Scale = 'trial' | 'national';
export type PlanStatus = 'draft' | 'active' | 'completed' | 'revoked';
export type VoucherStatus = 'ACTIVE' | 'EXHAUSTED' | 'EXPIRED' | 'CANCELLED';

export interface CaseWorker {
  id: string;
  givenName: string;
  familyName: string;
  municipalityCode: string;
  phone: string;
  email: string;
}
export interface Client {
  id: string;
  hetu: string;
  givenName: string;
  familyName: string;
  gender: 'female' | 'male';
  birthDate: string;
  municipalityCode: string;
  language: LanguageCode;
  address: { line: string; postalCode: string; city: string };
  phone: string | null;
  caseWorkerId: string;
}
export interface PlannedService {
  id: string;
  serviceTypeCode: string;
  unit: ServiceUnit;
  /** Hundredths of the unit per period. */
  quantity: number;
  per: PlanPeriod;
  schedule: string | null;
  location: string | null;
  instructions: string | null;
}
export interface Plan {
  id: string;
  clientId: string;
  caseWorkerId: string;
  status: PlanStatus;
  validFrom: string;
  validTo: string | null;
  situation: string;
  goals: { id: string; text: string }[];
  approvedAt: string | null;
  /** FHIR meta.versionId of the current version. */
  versionId: number;
  lastUpdated: string;
  services: PlannedService[];
}
export interface UnitCost {
  municipalityCode: string;
  serviceTypeCode: string;
  validFrom: string;
  cents: number;
}
export interface Provider {
  id: string;
  businessId: string;
  name: string;
  status: ProviderStatus;
  municipalityCodes: string[];
  languages: LanguageCode[];
  email: string;
  phone: string;
  iban: string;
  appliedAt: string;
  approvedAt: string | null;
}
export interface Offering {
  id: string;
  providerId: string;
  serviceTypeCode: string;
  unit: ServiceUnit;
  priceCents: number;
  description: string;
}
export interface Voucher {
  id: string;
  clientId: string;
  planId: string;
  municipalityCode: string;
  status: VoucherStatus;
  grantedCents: number;
  validFrom: string;
  validTo: string;
  createdAt: string;
}
export interface Order {
  id: string;
  clientId: string;
  planId: string;
  plannedServiceId: string;
  providerId: string;
  offeringId: string;
  voucherId: string;
  municipalityCode: string;
  serviceTypeCode: string;
  unit: ServiceUnit;
  /** Hundredths of the unit ordered. */
  quantity: number;
  unitPriceCents: number;
  voucherValueCents: number;
  planVersion: string;
  status: OrderStatus;
  createdAt: string;
  updatedAt: string;
}
export interface Delivery {
  id: string;
  orderId: string;
  date: string;
  /** Hundredths of the unit delivered. */
  quantity: number;
  /** Paid from the budget: quantity × the order's voucher value. */
  amountCents: number;
  reportedAt: string;
}
export interface Payment {
  id: string;
  providerId: string;
  month: string;
  amountCents: number;
  iban: string;
  reference: string;
  paidAt: string;
  deliveryIds: string[];
}

export interface World {
  scale: Scale;
  seed: number;
  /** The day the world describes: deliveries up to it, plans valid around it. */
  asOf: string;
  caseWorkers: CaseWorker[];
  clients: Client[];
  plans: Plan[];
  unitCosts: UnitCost[];
  providers: Provider[];
  offerings: Offering[];
  vouchers: Voucher[];
  orders: Order[];
  deliveries: Delivery[];
  payments: Payment[];
}

export interface WorldOptions {
  scale?: Scale;
  seed?: number;
}

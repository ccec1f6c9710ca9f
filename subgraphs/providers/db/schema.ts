/**
 * The catalogue's tables as Kysely sees them: one interface per table, so every query is typed
 * against the real column names. Why written here and not generated: the migrations in
 * ./migrations are the single source of the DDL, and this file mirrors them by hand in one
 * place (the integration tests fail when the two drift, because every query runs against the
 * migrated database).
 */
import type { ColumnType, Insertable, Selectable } from 'kysely';

export type LanguageCode = 'FI' | 'SV' | 'EN';
export type ServiceUnit = 'HOUR' | 'VISIT' | 'DAY' | 'MEAL' | 'TRIP' | 'MONTH';
export type ProviderStatus = 'APPLIED' | 'APPROVED' | 'SUSPENDED' | 'REJECTED';

export const LANGUAGE_CODES: readonly LanguageCode[] = ['FI', 'SV', 'EN'];
export const SERVICE_UNITS: readonly ServiceUnit[] = ['HOUR', 'VISIT', 'DAY', 'MEAL', 'TRIP', 'MONTH'];
export const PROVIDER_STATUSES: readonly ProviderStatus[] = ['APPLIED', 'APPROVED', 'SUSPENDED', 'REJECTED'];

/**
 * A Postgres bigint as the drivers hand it back: `pg` gives a string, PGlite a number.
 * Read it with {@link safeInteger}, never with a bare Number().
 */
export type Int8 = ColumnType<string | number | bigint, number | bigint, number | bigint>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>;

export interface MunicipalityTable {
  code: string;
  name_fi: string;
  name_sv: string;
  name_en: string;
}

export interface ServiceTypeTable {
  code: string;
  name_fi: string;
  name_sv: string;
  name_en: string;
  unit: ServiceUnit;
  /** Display order of the service types (the order of lib/reference.ts). */
  sort_order: number;
}

export interface ProviderTable {
  id: string;
  business_id: string;
  name: string;
  status: ProviderStatus;
  email: string | null;
  phone: string | null;
  applied_at: Timestamp;
  approved_at: Timestamp | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface ProviderMunicipalityTable {
  provider_id: string;
  municipality_code: string;
}

export interface ProviderLanguageTable {
  provider_id: string;
  language: LanguageCode;
}

export interface ServiceOfferingTable {
  id: string;
  provider_id: string;
  service_type_code: string;
  price_cents: Int8;
  unit: ServiceUnit;
  description: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface Database {
  municipality: MunicipalityTable;
  service_type: ServiceTypeTable;
  provider: ProviderTable;
  provider_municipality: ProviderMunicipalityTable;
  provider_language: ProviderLanguageTable;
  service_offering: ServiceOfferingTable;
}

export type ProviderRow = Selectable<ProviderTable>;
export type OfferingRow = Selectable<ServiceOfferingTable>;
export type ServiceTypeRow = Selectable<ServiceTypeTable>;
export type MunicipalityRow = Selectable<MunicipalityTable>;
export type NewProvider = Insertable<ProviderTable>;
export type NewOffering = Insertable<ServiceOfferingTable>;

/** A bigint column (or count) as a JS number; throws rather than lose precision. */
export function safeInteger(value: string | number | bigint): number {
  const n = Number(value);
  // A string must be the integer's exact digits (no "12.5", no "1e3", no blank).
  if (!Number.isSafeInteger(n) || (typeof value === 'string' && String(n) !== value)) {
    throw new RangeError(`not a safe integer: ${String(value)}`);
  }
  return n;
}

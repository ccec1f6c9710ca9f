/**
 * The catalogue's tables as Kysely sees them: one interface per table, so every query is typed
 * against the real column names. Why written here and not generated: the migrations in
 * ./migrations are the single source of the DDL, and this file mirrors them by hand in one
 * place (the integration tests fail when the two drift, because every query runs against the
 * migrated database).
 */
import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

import {
  LANGUAGES,
  PROVIDER_STATUSES,
  SERVICE_UNITS,
  type Language,
  type ProviderStatus,
  type ServiceUnit,
  type WebhookDeliveryStatus,
  type WebhookEvent,
} from '../../../lib/__generated__/enums.js';

// The enumerations are the SDL's (lib/__generated__/enums.ts); only the migrations' check
// constraints spell them again, for the database, as DDL that must not change once applied.
export type LanguageCode = Language;
export type { ProviderStatus, ServiceUnit, WebhookDeliveryStatus };
export { PROVIDER_STATUSES, SERVICE_UNITS };
export const LANGUAGE_CODES = LANGUAGES;

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
  /** The account payments go to, electronic format (migration 0002); null only for rows older than it. */
  iban: string | null;
  /** The reason kept with the latest decision or suspension (migration 0002). */
  status_reason: string | null;
  /** The latest decision or suspension; null exactly while APPLIED (migration 0002). */
  decided_at: Timestamp | null;
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
  /** When the provider withdrew it (migration 0002); null while offered. */
  removed_at: Timestamp | null;
}

/** Every price an offering has had (migration 0002); the row with valid_to null is today's. */
export interface OfferingPriceTable {
  id: Generated<Int8>;
  offering_id: string;
  price_cents: Int8;
  valid_from: Timestamp;
  valid_to: Timestamp | null;
}

export type WebhookEventName = WebhookEvent;

/** A provider's webhook (migration 0003). */
export interface WebhookTable {
  provider_id: string;
  url: string;
  events: WebhookEventName[];
  secret: string;
  /** Reset when the webhook is replaced. */
  created_at: UpdatedAt;
}

/** One event queued for, or sent to, a provider's webhook (migration 0003): the queue is this table. */
export interface WebhookDeliveryTable {
  id: string;
  provider_id: string;
  event: WebhookEventName;
  payload: ColumnType<Record<string, string>, string, string>;
  event_key: string;
  status: ColumnType<WebhookDeliveryStatus, WebhookDeliveryStatus | undefined, WebhookDeliveryStatus>;
  attempts: ColumnType<number, number | undefined, number>;
  next_attempt_at: Timestamp | null;
  last_attempt_at: Timestamp | null;
  last_response_status: number | null;
  last_error: string | null;
  delivered_at: Timestamp | null;
  created_at: CreatedAt;
}

export interface Database {
  municipality: MunicipalityTable;
  service_type: ServiceTypeTable;
  provider: ProviderTable;
  provider_municipality: ProviderMunicipalityTable;
  provider_language: ProviderLanguageTable;
  service_offering: ServiceOfferingTable;
  offering_price: OfferingPriceTable;
  webhook: WebhookTable;
  webhook_delivery: WebhookDeliveryTable;
}

export type ProviderRow = Selectable<ProviderTable>;
export type OfferingRow = Selectable<ServiceOfferingTable>;
export type ServiceTypeRow = Selectable<ServiceTypeTable>;
export type MunicipalityRow = Selectable<MunicipalityTable>;
export type OfferingPriceRow = Selectable<OfferingPriceTable>;
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

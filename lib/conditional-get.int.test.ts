/**
 * Conditional reads (lib/conditional-get.ts) against both stand-ins, over real HTTP: a second
 * identical read is answered 304 by the system (its request log says so) and gives the same
 * data; a changed resource is answered 200 with the new data; a list (no ETag) is read whole
 * every time. Through the real clients (FhirClient, the voucher client).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getWorld } from '../seed/world.js';
import type { RunningStandIn } from '../systems/http.js';
import { startClientRecordSystem } from '../systems/client-record-system/server.js';
import { registrationsOf } from '../systems/registrations.js';
import { startVoucherSystem } from '../systems/voucher-system/server.js';
import { FhirClient } from './fhir-client.js';
import { BUSINESS_ID_SYSTEM } from './reference.js';
import type { Organization, Patient } from './fhir-r4.js';
import { ephemeralSystemCredentials } from './system-credentials.js';
import { createVoucherClient, type VoucherClient } from './voucher-client.js';

const world = getWorld();
const credentials = await ephemeralSystemCredentials();
const policy = { timeoutMs: 2000, retries: 0, backoffMs: 1 };
/** The statuses of the GETs of a path, in order. */
const statusesOf = (system: RunningStandIn, path: string) =>
  system.requests.entries.filter((r) => r.method === 'GET' && r.path === path).map((r) => r.status);

describe('conditional reads of the client-record system (FHIR: W/"<versionId>")', () => {
  let system: RunningStandIn;
  let client: FhirClient;
  beforeAll(async () => {
    system = await startClientRecordSystem({ world, clients: registrationsOf(credentials).clientRecordSystem });
    client = new FhirClient({ baseUrl: system.url, policy, credentials: credentials.clientRecordSystem });
  });
  afterAll(() => system?.close());

  it('a second read is a 304 with the same data; a changed resource a 200 with the new data', async () => {
    const first = await client.read<Patient>('Patient', 'cl-00001');
    const second = await client.read<Patient>('Patient', 'cl-00001');
    expect(second).toEqual(first);
    expect(first?.id).toBe('cl-00001');
    expect(statusesOf(system, '/Patient/cl-00001')).toEqual([200, 304]);

    const id = `pr-etag-${process.pid}`;
    const created = await client.updateAsCreate<Organization>({
      resourceType: 'Organization',
      id,
      identifier: [{ use: 'official', system: BUSINESS_ID_SYSTEM, value: '1572860-0' }],
      name: 'Ehdollinen Oy',
      active: true,
    });
    expect(await client.read<Organization>('Organization', id)).toEqual(created);
    expect(await client.read<Organization>('Organization', id)).toEqual(created);
    await client.update<Organization>({ ...created, active: false }, '1');
    const changed = await client.read<Organization>('Organization', id);
    expect(changed).toMatchObject({ active: false, meta: { versionId: '2' } });
    expect(statusesOf(system, `/Organization/${id}`)).toEqual([200, 304, 200]);
    // The new version is what is held now.
    expect(await client.read<Organization>('Organization', id)).toEqual(changed);
    expect(statusesOf(system, `/Organization/${id}`).at(-1)).toBe(304);
  });

  it('a search has no ETag: read whole every time', async () => {
    await client.search('Patient', { _id: 'cl-00001' });
    await client.search('Patient', { _id: 'cl-00001' });
    expect(statusesOf(system, '/Patient').slice(-2)).toEqual([200, 200]);
  });
});

describe('conditional reads of the voucher system (ETag on single-resource reads)', () => {
  let system: RunningStandIn;
  let client: VoucherClient;
  beforeAll(async () => {
    system = await startVoucherSystem({ world, clients: registrationsOf(credentials).voucherSystem });
    client = createVoucherClient(system.url, policy, credentials.voucherSystem);
  });
  afterAll(() => system?.close());

  it('a second read is a 304 with the same data; a changed voucher a 200 with the new data', async () => {
    const planId = `pl-etag-${process.pid}`;
    const granted = await client.grantVoucher(
      { clientId: 'cl-00001', planId, municipalityCode: '205', grantedCents: 100_000, validFrom: '2026-01-01', validTo: '2026-12-31' },
      `grant-etag-${process.pid}-${Date.now()}`,
    );
    const path = `/vouchers/${granted.id}`;
    const first = await client.voucher(granted.id);
    const second = await client.voucher(granted.id);
    expect(first).toMatchObject({ id: granted.id, version: 1, grantedCents: 100_000 });
    expect(second).toEqual(first);
    expect(statusesOf(system, path)).toEqual([200, 304]);

    await client.changeVoucher(granted.id, 1, { grantedCents: 150_000 });
    const changed = await client.voucher(granted.id);
    expect(changed).toMatchObject({ version: 2, grantedCents: 150_000 });
    expect(statusesOf(system, path)).toEqual([200, 304, 200]);
  });

  it('a list has no ETag: read whole every time', async () => {
    await client.vouchers({ clientIds: ['cl-00002'] });
    await client.vouchers({ clientIds: ['cl-00002'] });
    expect(statusesOf(system, '/vouchers').slice(-2)).toEqual([200, 200]);
  });
});
